#!/usr/bin/env bash
# Benchmarks status-service against a pgbench baseline, side by side in one run:
#   1. RecordStatus load (CLIENTS closed-loop gRPC clients) while a StreamEvents consumer
#      measures event lag, then GetDeployment load (bench jar, `run` command);
#   2. pgbench running the same three writes per transaction, same concurrency and duration;
# and prints one markdown block with every figure (bench jar, `report` command). Each side gets
# the same warm-up, then a VACUUM ANALYZE of its database before its measured window (what
# autovacuum does in production; the machine's PostgreSQL may have it off). The default warm-up
# is long because the JVMs are still compiling for the first minute: 30 s gave about half the
# RecordStatus rate of 90 s on a 2-core machine.
#
# Usage: bench/run-status-bench.sh [--write] [--rebuild] [--warmup S] [--duration S] [--clients N]
#   --write     also replace the results block of bench/BENCHMARKS.md
#   --rebuild   rebuild the server and bench jars even if they exist
# Environment (flags win): WARMUP (s, default 90), DURATION (s, default 30), CLIENTS (16),
#   CHANNELS (gRPC channels, 2), PGBENCH_THREADS (-j, 2), PGHOST (127.0.0.1), PGPORT (5432),
#   PGUSER (postgres), PGPASSWORD, SERVER_DB (shipwatch_bench_status),
#   PGBENCH_DB (shipwatch_bench_pgbench), SERVER_JAVA_OPTS, BENCH_JAVA_OPTS, OUT_DIR, LABEL.
# Needs only Java 17, a reachable PostgreSQL (a role that may create databases) and pgbench.
# Both databases are dropped and created anew on every run.
set -euo pipefail

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }
die() { echo "run-status-bench: $*" >&2; exit 1; }
log() { echo "run-status-bench: $*" >&2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WARMUP="${WARMUP:-90}"
DURATION="${DURATION:-30}"
CLIENTS="${CLIENTS:-16}"
CHANNELS="${CHANNELS:-2}"
PGBENCH_THREADS="${PGBENCH_THREADS:-2}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
SERVER_DB="${SERVER_DB:-shipwatch_bench_status}"
PGBENCH_DB="${PGBENCH_DB:-shipwatch_bench_pgbench}"
WRITE=0
REBUILD=0

while (($#)); do
  case "$1" in
    --write) WRITE=1 ;;
    --rebuild) REBUILD=1 ;;
    --warmup) WARMUP="${2:?--warmup needs a value}"; shift ;;
    --warmup=*) WARMUP="${1#*=}" ;;
    --duration) DURATION="${2:?--duration needs a value}"; shift ;;
    --duration=*) DURATION="${1#*=}" ;;
    --clients) CLIENTS="${2:?--clients needs a value}"; shift ;;
    --clients=*) CLIENTS="${1#*=}" ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
  shift
done

[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "WARMUP must be whole seconds, not '$WARMUP'"
[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "DURATION must be whole seconds >= 1, not '$DURATION'"
[[ "$CLIENTS" =~ ^[1-9][0-9]*$ ]] || die "CLIENTS must be a positive whole number, not '$CLIENTS'"
[[ "$CHANNELS" =~ ^[1-9][0-9]*$ ]] || die "CHANNELS must be a positive whole number, not '$CHANNELS'"
[[ "$PGBENCH_THREADS" =~ ^[1-9][0-9]*$ ]] || die "PGBENCH_THREADS must be a positive whole number"
for db in "$SERVER_DB" "$PGBENCH_DB"; do
  [[ "$db" =~ ^[a-z_][a-z0-9_]*$ ]] || die "database name '$db' must match [a-z_][a-z0-9_]*"
done
[[ "$SERVER_DB" != "$PGBENCH_DB" ]] || die "SERVER_DB and PGBENCH_DB must differ"

for tool in java psql pgbench; do
  command -v "$tool" >/dev/null || die "$tool is not on PATH"
done

COMMAND="WARMUP=$WARMUP DURATION=$DURATION CLIENTS=$CLIENTS"
[[ "$CHANNELS" == 2 ]] || COMMAND+=" CHANNELS=$CHANNELS"
[[ "$PGBENCH_THREADS" == 2 ]] || COMMAND+=" PGBENCH_THREADS=$PGBENCH_THREADS"
[[ -z "${SERVER_JAVA_OPTS:-}" ]] || COMMAND+=" SERVER_JAVA_OPTS='$SERVER_JAVA_OPTS'"
[[ -z "${BENCH_JAVA_OPTS:-}" ]] || COMMAND+=" BENCH_JAVA_OPTS='$BENCH_JAVA_OPTS'"
[[ -z "${DB_POOL_SIZE:-}" ]] || COMMAND+=" DB_POOL_SIZE=$DB_POOL_SIZE"
COMMAND+=" bench/run-status-bench.sh"
((WRITE)) && COMMAND+=" --write"
((REBUILD)) && COMMAND+=" --rebuild"
MIGRATION=status-service/src/main/resources/db/migration/V1__deployments_history_events.sql
SERVER_JAR=status-service/target/status-service.jar
BENCH_JAR=bench/target/shipwatch-bench.jar

# --- build what is missing -------------------------------------------------------------
deps_installed=0
if ((REBUILD)) || [[ ! -f "$SERVER_JAR" ]]; then
  log "building proto, platform, status-service and diagnostics-service (./mvnw install -DskipTests; the bench module compiles DiagnosticsBench against diagnostics-service)"
  ./mvnw -B -q install -DskipTests -pl proto,platform,status-service,diagnostics-service -am
  deps_installed=1
fi
if ((REBUILD)) || [[ ! -f "$BENCH_JAR" ]]; then
  log "building the bench jar"
  if ((deps_installed)); then
    ./mvnw -B -q package -DskipTests -f bench/pom.xml
  else
    # proto and platform may not be in the local repository yet: build them in the same reactor.
    ./mvnw -B -q package -DskipTests -pl bench -am
  fi
fi
[[ -f "$SERVER_JAR" && -f "$BENCH_JAR" ]] || die "build did not produce $SERVER_JAR and $BENCH_JAR"

# --- databases -----------------------------------------------------------------------------
psql_on() { local db="$1"; shift; PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
psql_on postgres -Atc 'select 1' >/dev/null || die "cannot reach PostgreSQL at $PGHOST:$PGPORT as $PGUSER"
for db in "$SERVER_DB" "$PGBENCH_DB"; do
  psql_on postgres -c "drop database if exists \"$db\" with (force)"
  psql_on postgres -c "create database \"$db\""
done
log "databases $SERVER_DB (status-service, migrated by the server) and $PGBENCH_DB (pgbench) created"
psql_on "$PGBENCH_DB" -f "$MIGRATION"
psql_on "$PGBENCH_DB" -f bench/pgbench/seed.sql

OUT="${OUT_DIR:-bench/target/runs/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
log "writing raw output to $OUT"

# --- status-service ------------------------------------------------------------------------
SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n+/=')"
((${#SECRET} >= 32)) || die "could not generate a secret"
PORT="$(java -jar "$BENCH_JAR" free-port)"
SERVER_PID=""
stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
on_exit() {
  local rc=$?
  stop_server
  if ((rc != 0)); then
    echo "run-status-bench: failed (exit $rc); raw output in $OUT, server log: $OUT/server.log" >&2
  fi
}
trap on_exit EXIT

log "starting status-service on 127.0.0.1:$PORT"
# shellcheck disable=SC2086 # SERVER_JAVA_OPTS is a list of JVM options
env DATASOURCES_DEFAULT_URL="jdbc:postgresql://$PGHOST:$PGPORT/$SERVER_DB" \
  DATASOURCES_DEFAULT_USERNAME="$PGUSER" \
  DATASOURCES_DEFAULT_PASSWORD="${PGPASSWORD:-}" \
  SHIPWATCH_AUTH_HS256_SECRET="$SECRET" \
  GRPC_SERVER_PORT="$PORT" \
  java ${SERVER_JAVA_OPTS:-} -jar "$SERVER_JAR" >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
java -jar "$BENCH_JAR" wait-healthy --target "127.0.0.1:$PORT" --timeout 180s --pid "$SERVER_PID" >&2 || {
  tail -n 40 "$OUT/server.log" >&2 || true
  die "status-service did not become healthy"
}

# --- gRPC load ------------------------------------------------------------------------------
log "gRPC load: RecordStatus + event lag, then GetDeployment ($CLIENTS clients, ${WARMUP}s warm-up + ${DURATION}s each)"
# shellcheck disable=SC2086
SHIPWATCH_AUTH_HS256_SECRET="$SECRET" java ${BENCH_JAVA_OPTS:-} -jar "$BENCH_JAR" run \
  --target "127.0.0.1:$PORT" --clients "$CLIENTS" --channels "$CHANNELS" \
  --warmup "${WARMUP}s" --duration "${DURATION}s" --out "$OUT/grpc.properties" --lag-trace "$OUT/event-lag.csv" \
  --vacuum-url "jdbc:postgresql://$PGHOST:$PGPORT/$SERVER_DB?user=$PGUSER${PGPASSWORD:+&password=$PGPASSWORD}" | tee "$OUT/grpc.txt" >&2

# What the server left behind, for the report's notes.
db_state="$(psql_on "$SERVER_DB" -Atc "select format('%s deployments, %s status_history rows, %s events (%s not yet sequenced, %s dead row versions, last autoanalyze of event: %s), event payload avg %s bytes',
  (select count(*) from deployment), (select count(*) from status_history), (select count(*) from event),
  (select count(*) from event where position is null), (select n_dead_tup from pg_stat_user_tables where relname = 'event'),
  (select coalesce(to_char(last_autoanalyze, 'HH24:MI:SS'), 'never') from pg_stat_user_tables where relname = 'event'),
  (select coalesce(round(avg(length(payload))), 0) from event))")"
stop_server
warns="$(grep -c ' WARN ' "$OUT/server.log" || true)"
errors="$(grep -c ' ERROR ' "$OUT/server.log" || true)"

# --- pgbench --------------------------------------------------------------------------------
PGB=(pgbench -n -M prepared -c "$CLIENTS" -j "$PGBENCH_THREADS" -f bench/pgbench/record-status.sql)
if ((WARMUP > 0)); then
  log "pgbench warm-up: ${WARMUP}s"
  "${PGB[@]}" -T "$WARMUP" "$PGBENCH_DB" >"$OUT/pgbench-warmup.txt" 2>&1
fi
log "pgbench: ${DURATION}s, -c $CLIENTS -j $PGBENCH_THREADS, per-transaction log"
# VACUUM ANALYZE between warm-up and measured window, as the gRPC side does (autovacuum's work in production).
started=$(date +%s%N)
psql_on "$PGBENCH_DB" -c "vacuum analyze" || die "vacuum of $PGBENCH_DB failed"
echo "$(( ($(date +%s%N) - started) / 1000000 )) ms" >"$OUT/pgbench-vacuum.txt"
"${PGB[@]}" -T "$DURATION" -l --log-prefix="$OUT/pgbench_log" "$PGBENCH_DB" >"$OUT/pgbench.txt" 2>&1 || {
  cat "$OUT/pgbench.txt" >&2
  die "pgbench failed"
}

# --- report ---------------------------------------------------------------------------------
if [[ -z "${LABEL:-}" ]]; then
  if ((DURATION < 30)); then
    LABEL="Smoke run (WARMUP=$WARMUP DURATION=$DURATION): too short to quote, only shows the harness works"
  else
    LABEL="Run of $(date -u +%Y-%m-%d) (WARMUP=$WARMUP DURATION=$DURATION)"
  fi
fi
revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain -- status-service platform proto pom.xml 2>/dev/null || true)" ]]; then
  revision="$revision plus uncommitted changes in status-service/platform/proto"
fi
{
  echo "command=$COMMAND"
  echo "pgbench.concurrency=-c $CLIENTS -j $PGBENCH_THREADS -M prepared"
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "revision=$revision"
  echo "machine=$(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sed -n 1p)), $(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); server, PostgreSQL and load generator share them"
  echo "java=$(java -version 2>&1 | sed -n 1p)"
  echo "postgres=$(psql_on postgres -Atc 'show server_version') at $PGHOST:$PGPORT (synchronous_commit=$(psql_on postgres -Atc 'show synchronous_commit'), shared_buffers=$(psql_on postgres -Atc 'show shared_buffers'))"
  echo "server=status-service.jar built $(date -u -r "$SERVER_JAR" +%Y-%m-%dT%H:%M:%SZ), DB pool ${DB_POOL_SIZE:-default (2 per core + 2)}, JVM options: ${SERVER_JAVA_OPTS:-none}"
  echo "server database after the gRPC load=$db_state"
  echo "server log=$warns WARN and $errors ERROR lines"
  echo "raw output=$OUT"
  echo "pgbench_vacuum=$(cat "$OUT/pgbench-vacuum.txt" 2>/dev/null || echo 'not run')"
} >"$OUT/meta.properties"

report=(java -jar "$BENCH_JAR" report --grpc "$OUT/grpc.properties" --pgbench "$OUT/pgbench.txt"
  --pgbench-log "$OUT/pgbench_log" --meta "$OUT/meta.properties" --label "$LABEL")
if ((WRITE)); then
  report+=(--write bench/BENCHMARKS.md)
fi
"${report[@]}" | tee "$OUT/report.md"
