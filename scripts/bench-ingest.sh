#!/usr/bin/env bash
# Ingest benchmark: builds Handoff, starts it on the embedded default (loopback only), runs the
# load driver (raw HTTP sink baseline, then Handoff, then heap per open flow) and stops it.
# Usage: [RATE=events-per-second] scripts/bench-ingest.sh [events] [batch-size] [client-threads]
# GC_OPTS replaces the service's garbage collector flags (default G1, -XX:MaxGCPauseMillis=20).
# JAVA names the java launcher for the service and the driver (default: java on the PATH), e.g. a newer JDK's;
# DRIVER_OPTS adds flags to the driver's JVM (the heap per open flow is measured there).
# RATE adds a run of the same size at that steady offered rate (the latency of a loaded, not saturated, service).
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-1000000}
BATCH=${2:-1000}
THREADS=${3:-4}
PORT=${PORT:-18080}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-19000}
KEY=bench-ingest-key-0000000001
JAVA=${JAVA:-java}

./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null

"$JAVA" -Xmx2g ${GC_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20} \
  -Dquarkus.http.port="$PORT" -Dquarkus.http.host=127.0.0.1 -Dquarkus.log.level=WARN \
  -Dhandoff.sources.bench.api-key="$KEY" -Dhandoff.sources.bench-odoo.api-key=bench-odoo-token-00000000001 -Dhandoff.sources.bench-odoo.kind=odoo-webhook \
  -Dhandoff.engine.max-flows=2000000 -Dquarkus.management.port="$MANAGEMENT_PORT" ${SERVER_OPTS:-} \
  -jar target/quarkus-app/quarkus-run.jar > target/bench-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null && break
  sleep 0.5
done

"$JAVA" -Xmx2g ${DRIVER_OPTS:-} -Dhandoff.management="http://127.0.0.1:$MANAGEMENT_PORT" ${RATE:+-Dbench.rate=$RATE} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.handoff.bench.IngestBenchmark "http://127.0.0.1:$PORT" "$KEY" "$EVENTS" "$BATCH" "$THREADS"
