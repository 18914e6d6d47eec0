#!/usr/bin/env bash
# Elasticsearch store benchmark: builds Handoff, starts a real single-node Elasticsearch (from the
# Maven Central distribution, as the tests do), bulk-indexes N events directly (raw baseline), then
# sends the same events through Handoff's HTTP ingest into that cluster, and prints both rates and
# their ratio. Loopback only.
# Raw and Handoff take turns for a number of rounds (default 3) and the median ratio is printed.
# Usage: scripts/bench-store.sh [events] [batch-size] [client-threads] [paired|single] [rounds]
#   paired (default): complete flows of two events (received/delivered, approved/invoiced)
#   single: the worst case, every event opens a flow of its own (one flow document per event)
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-200000}
BATCH=${2:-1000}
THREADS=${3:-4}
WORKLOAD=${4:-paired}
ROUNDS=${5:-3}

./mvnw -q -B -DskipTests pre-integration-test
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null

java -Xmx2g -Dservice.extra-options="${SERVER_OPTS:-}" -Dtest.elasticsearch.home="$(ls -d target/elasticsearch-dist/elasticsearch-*)" \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.handoff.store.elastic.StoreBenchmark "$EVENTS" "$BATCH" "$THREADS" "$WORKLOAD" "$ROUNDS"
