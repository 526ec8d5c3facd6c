#!/usr/bin/env bash
# Benchmarks metrics-service's read path and ingestion, side by side with the baselines, in one run:
#   1. seeds 1,000,000 deployments (50 services × 4 environments × 365 days) directly with SQL:
#      metrics-service's facts and rollup rows, and the same deployments as raw deployment + history tables;
#   2. GetDeploymentMetrics p50/p99 per query shape against two metrics-service processes on that database,
#      one with its answer cache off (uncached) and one with it on (in-process + Redis), beside the seeds'
#      approach (newest 10,000 deployments + their histories, computed in memory) and one SQL aggregate
#      over the raw history;
#   3. ingestion: events/s applied to rollups in batches of 100, checkpoint in the same transaction, into
#      that seeded store (its own services and month, deleted before each run).
#
# Usage: bench/run-metrics-bench.sh [--rebuild] [--reuse]
#   --rebuild  rebuild the jars even if they exist
#   --reuse    keep the read database of a previous run (skip dropping and seeding it)
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PGPASSWORD, REDIS_URI
#   (redis://127.0.0.1:6379), READ_DB (shipwatch_bench_metrics).
# The database is dropped and seeded anew on every run unless --reuse.
set -euo pipefail
die() { echo "run-metrics-bench: $*" >&2; exit 1; }
log() { echo "run-metrics-bench: $*" >&2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
REDIS="${REDIS_URI:-redis://127.0.0.1:6379}"
READ_DB="${READ_DB:-shipwatch_bench_metrics}"
SERVER_JAR=metrics-service/target/metrics-service.jar
BENCH_JAR=bench/target/shipwatch-bench.jar

REBUILD=0
REUSE=0
for arg in "$@"; do
  case "$arg" in
    --rebuild) REBUILD=1 ;;
    --reuse) REUSE=1 ;;
    *) die "unknown argument '$arg'" ;;
  esac
done
if [[ "$REBUILD" == 1 || ! -f "$SERVER_JAR" || ! -f "$BENCH_JAR" ]]; then
  log "building $SERVER_JAR and $BENCH_JAR"
  ./mvnw -B -q -o -pl bench -am package -DskipTests
fi

if [[ "$REUSE" == 0 ]]; then
  psql -q -d postgres -c "drop database if exists $READ_DB with (force)" -c "create database $READ_DB"
fi
URL="jdbc:postgresql://$PGHOST:$PGPORT/$READ_DB"
SECRET="bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
OUT="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start_server() { # name port extra-env...
  local name="$1" port="$2"; shift 2
  env GRPC_SERVER_PORT="$port" DATASOURCES_DEFAULT_URL="$URL" DATASOURCES_DEFAULT_USERNAME="$PGUSER" \
    DATASOURCES_DEFAULT_PASSWORD="${PGPASSWORD:-}" SHIPWATCH_AUTH_HS256_SECRET="$SECRET" \
    SHIPWATCH_CONSUMER_ENABLED=false "$@" java -Xmx1g -jar "$SERVER_JAR" >"$OUT/$name.log" 2>&1 &
  PIDS+=($!)
}
wait_serving() { # name
  for _ in $(seq 1 240); do grep -q "serving on port" "$OUT/$1.log" && return 0; sleep 0.5; done
  die "$1 did not start; see $OUT/$1.log"
}

UNCACHED_PORT="$(free_port)"
start_server uncached "$UNCACHED_PORT" SHIPWATCH_METRICS_CACHE_LOCAL_ENTRIES=0 REDIS_URI=
wait_serving uncached
CACHED_PORT="$(free_port)"
start_server cached "$CACHED_PORT" REDIS_URI="$REDIS"
wait_serving cached

CP="$BENCH_JAR:$SERVER_JAR"
export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener"
if [[ "$REUSE" == 0 ]]; then
  log "seeding $READ_DB (about a minute or more)"
  java -Xmx2g -cp "$CP" io.shipwatch.bench.MetricsBench seed "$URL"
fi
log "measuring reads"
java -Xmx2g -cp "$CP" io.shipwatch.bench.MetricsBench read "$URL" "127.0.0.1:$UNCACHED_PORT" "127.0.0.1:$CACHED_PORT" "$SECRET"
log "measuring ingestion"
java -Xmx2g -cp "$CP" io.shipwatch.bench.MetricsBench ingest "$URL"
