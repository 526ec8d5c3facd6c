#!/usr/bin/env bash
# Benchmarks diagnostics-service (figures in bench/BENCHMARKS.md, section "diagnostics-service"):
#   AnalyzeLogs on a 1,000,000-line log, full library (one-pass prefilter) beside the naive way
#   (every log regex on every line) in the same run; AnalyzeLogs over gRPC; triggering line →
#   finding latency; 50 concurrent RunDiagnostics against fabric8's mock cluster (p95, heap/session).
#
# Usage: bench/run-diagnostics-bench.sh [--rebuild]
#        bench/run-diagnostics-bench.sh serve-mock-cluster   (only the seeded mock cluster, until Ctrl-C)
# Environment: LINES (1000000), SESSIONS (50), SAMPLES (200), PGHOST (127.0.0.1), PGPORT (5432),
#   PGUSER (postgres), PGPASSWORD, SERVER_DB (shipwatch_bench_diagnostics), SERVER_JAVA_OPTS, BENCH_JAVA_OPTS.
# Needs Java 17 (with jstat/jcmd), psql and a PostgreSQL role that may create databases.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LINES="${LINES:-1000000}"
SESSIONS="${SESSIONS:-50}"
SAMPLES="${SAMPLES:-200}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
SERVER_DB="${SERVER_DB:-shipwatch_bench_diagnostics}"
SERVER_JAR=diagnostics-service/target/diagnostics-service.jar
BENCH_JAR=bench/target/shipwatch-bench.jar

CLASSPATH_FILE=bench/target/diagnostics-classpath.txt
if [[ "${1:-}" == "--rebuild" || ! -f "$SERVER_JAR" || ! -f "$BENCH_JAR" || ! -f "$CLASSPATH_FILE" ]]; then
  echo "run-diagnostics-bench: building diagnostics-service and the bench jar" >&2
  # The diagnostics bench's own dependencies are provided-scope (kept out of the shaded status bench jar).
  ./mvnw -B -q package dependency:build-classpath -DskipTests -pl diagnostics-service,bench -am \
    -Dmdep.outputFile=target/diagnostics-classpath.txt
fi
BENCH_CP="$BENCH_JAR:$(cat "$CLASSPATH_FILE")"
if [[ "${1:-}" == "serve-mock-cluster" ]]; then
  exec java -cp "$BENCH_CP" io.shipwatch.bench.DiagnosticsBench serve-mock-cluster
fi
psql -X -q -d postgres -c "drop database if exists $SERVER_DB with (force)" -c "create database $SERVER_DB"

echo "## diagnostics-service run of $(date -u +%Y-%m-%dT%H:%M:%SZ), revision $(git rev-parse --short HEAD)"
echo
echo "Machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sed -n 1p)), load average before the run $(cut -d' ' -f1-3 /proc/loadavg); server, mock cluster, PostgreSQL and load generator share the cores."
echo "Command: \`LINES=$LINES SESSIONS=$SESSIONS SAMPLES=$SAMPLES${SERVER_JAVA_OPTS:+ SERVER_JAVA_OPTS='$SERVER_JAVA_OPTS'} bench/run-diagnostics-bench.sh\`"
echo
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:--Xmx2g} -cp "$BENCH_CP" io.shipwatch.bench.DiagnosticsBench \
  --server-jar "$SERVER_JAR" --jdbc-url "jdbc:postgresql://$PGHOST:$PGPORT/$SERVER_DB" \
  --db-user "$PGUSER" --db-password "${PGPASSWORD:-}" --server-java-opts "${SERVER_JAVA_OPTS:-}" \
  --lines "$LINES" --sessions "$SESSIONS" --latency-samples "$SAMPLES" --server-log bench/target/diagnostics-server.log
