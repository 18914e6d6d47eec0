#!/usr/bin/env bash
# Console benchmark: builds Handoff, starts it on the embedded default (loopback only), loads 100,000 flows and
# a few thousand open exceptions, then times each console page beside the JSON API answer with the same data
# (the raw baseline of the same run) and prints bytes, p50, p95 and the ratio; and the first page's weight.
# Usage: scripts/bench-console.sh [flows] [late-messages]
set -euo pipefail
cd "$(dirname "$0")/.."
FLOWS=${1:-100000}
LATE=${2:-2000}
PORT=${PORT:-18081}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-19001}
KEY=bench-console-ingest-key-0001
OPERATOR=bench-console-operator-key-01

./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null

java -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
  -Dquarkus.http.port="$PORT" -Dquarkus.http.host=127.0.0.1 -Dquarkus.log.level=WARN \
  -Dhandoff.sources.bench.api-key="$KEY" \
  -Dhandoff.access.keys.bench-ops.key="$OPERATOR" -Dhandoff.access.keys.bench-ops.role=operator \
  -Dhandoff.engine.max-flows=2000000 -Dquarkus.management.port="$MANAGEMENT_PORT" ${SERVER_OPTS:-} \
  -jar target/quarkus-app/quarkus-run.jar > target/bench-console-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null && break
  sleep 0.5
done

java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.handoff.bench.ConsoleBenchmark "http://127.0.0.1:$PORT" "$KEY" "$OPERATOR" "$FLOWS" "$LATE"
