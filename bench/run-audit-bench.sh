#!/usr/bin/env bash
# Benchmarks audit-service, in one run:
#   1. export: 1000 deployments × 10 entries as CSV through ExportAuditEvents beside the seeds'
#      approach (one history query per deployment): SQL statements, wall time, entries/s, peak
#      heap; then 1,000,000 entries exported, all in one JVM capped at HEAP (default 256m);
#   2. consumer lag: a real status-service process takes RecordStatus at RATE events/s while
#      audit-service consumes its StreamEvents; lag p50/p99/max from occur_time to the entry.
# Prints markdown tables; raw output stays in bench/target/runs/audit-<UTC timestamp>/.
#
# Usage: bench/run-audit-bench.sh [--rebuild] [export|lag|all]
# Environment: HEAP (256m), REPEATS (5), BIG (1000000), RATE (1000), WARMUP (10), DURATION (30),
#   PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PGPASSWORD.
# Needs Java 17 and a PostgreSQL role that may create databases; the bench databases
# (shipwatch_bench_audit_*) are dropped and created anew on every run.
set -euo pipefail

die() { echo "run-audit-bench: $*" >&2; exit 1; }
log() { echo "run-audit-bench: $*" >&2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

HEAP="${HEAP:-256m}"
REPEATS="${REPEATS:-5}"
BIG="${BIG:-1000000}"
RATE="${RATE:-1000}"
WARMUP="${WARMUP:-10}"
DURATION="${DURATION:-30}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
REBUILD=0
WHAT=all
while (($#)); do
  case "$1" in
    --rebuild) REBUILD=1 ;;
    export | lag | all) WHAT="$1" ;;
    *) die "unknown argument '$1' (usage: [--rebuild] [export|lag|all])" ;;
  esac
  shift
done

AUDIT_JAR=audit-service/target/audit-service.jar
STATUS_JAR=status-service/target/status-service.jar
CLASSES=bench/target/classes
if ((REBUILD)) || [[ ! -f $AUDIT_JAR || ! -f $STATUS_JAR || ! -d $CLASSES/io/shipwatch/bench/audit ]]; then
  log "building status-service, audit-service and the bench classes"
  ./mvnw -B -q -DskipTests -pl status-service,audit-service,bench -am package
fi

OUT="bench/target/runs/audit-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
JDBC_BASE="jdbc:postgresql://$PGHOST:$PGPORT"
fresh_db() { psql -q -d postgres -c "drop database if exists $1 with (force)" -c "create database $1" >/dev/null; }

echo "## audit-service benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), revision $(git rev-parse --short HEAD)"
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), shared with other builds;"\
  "$(java -version 2>&1 | head -n 1); $(psql -At -d postgres -c 'show server_version') PostgreSQL"
echo

if [[ $WHAT == export || $WHAT == all ]]; then
  fresh_db shipwatch_bench_audit_export
  log "export benchmark (heap cap $HEAP; seeding takes a minute)"
  echo "### Export (java -Xmx$HEAP; service and client in this one JVM)"
  echo
  java "-Xmx$HEAP" -cp "$CLASSES:$AUDIT_JAR" io.shipwatch.bench.audit.AuditExportBench \
    "$JDBC_BASE/shipwatch_bench_audit_export" "$PGUSER" "${PGPASSWORD:-}" "$REPEATS" "$BIG" \
    2> "$OUT/export.log" | tee "$OUT/export.md"
  echo
fi

if [[ $WHAT == lag || $WHAT == all ]]; then
  fresh_db shipwatch_bench_audit_status
  fresh_db shipwatch_bench_audit_lag
  SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"
  PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  log "starting status-service on 127.0.0.1:$PORT"
  SHIPWATCH_AUTH_HS256_SECRET="$SECRET" GRPC_SERVER_PORT="$PORT" \
    DATASOURCES_DEFAULT_URL="$JDBC_BASE/shipwatch_bench_audit_status" DATASOURCES_DEFAULT_USERNAME="$PGUSER" \
    DATASOURCES_DEFAULT_PASSWORD="${PGPASSWORD:-}" java -Xmx512m -jar "$STATUS_JAR" > "$OUT/status-service.log" 2>&1 &
  STATUS_PID=$!
  trap 'kill $STATUS_PID 2>/dev/null || true' EXIT
  java -cp "$AUDIT_JAR" io.shipwatch.platform.grpc.HealthProbe "127.0.0.1:$PORT" 120 >/dev/null || die "status-service did not start"
  log "consumer lag at $RATE events/s (warm-up ${WARMUP}s, window ${DURATION}s)"
  echo "### Consumer lag (RecordStatus at a fixed rate → StreamEvents → audit entry)"
  echo
  java -Xmx512m -cp "$CLASSES:$AUDIT_JAR" io.shipwatch.bench.audit.AuditLagBench "127.0.0.1:$PORT" "$SECRET" \
    "$JDBC_BASE/shipwatch_bench_audit_lag" "$PGUSER" "${PGPASSWORD:-}" "$RATE" "$WARMUP" "$DURATION" \
    2> "$OUT/lag.log" | tee "$OUT/lag.md"
  kill "$STATUS_PID"
  wait "$STATUS_PID" 2>/dev/null || true
fi
echo
echo "command: bench/run-audit-bench.sh $WHAT (HEAP=$HEAP REPEATS=$REPEATS BIG=$BIG RATE=$RATE WARMUP=$WARMUP DURATION=$DURATION)"
