#!/usr/bin/env bash
# Scale benchmark: builds Handoff, starts a Kafka broker (KRaft, from Maven Central jars, loopback only) and two
# packaged instances on Kafka Streams; fills one with [flows] open flows (heap per flow, disk), runs [rounds]
# alternating rounds of new flows into an empty instance (baseline) and into the loaded one (ratio), then times
# restarts to ready: clean, after kill -9 on an empty state directory (from the changelog), and on the one it had;
# then the fail-over of a pair with standby replicas after a kill -9.
# Usage: scripts/bench-scale.sh [flows] [partitions] [rounds]
#   BENCH_HEAP: the instances' -Xmx (default 4g); BENCH_MAX_FLOWS: flows the loaded instance holds in memory (the
#   rest on disk; default: all in memory)
set -euo pipefail
cd "$(dirname "$0")/.."
FLOWS=${1:-1000000}
PARTITIONS=${2:-4}
ROUNDS=${3:-3}

./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null

java -Xmx1g -Dbench.heap="${BENCH_HEAP:-4g}" -Dbench.max-flows="${BENCH_MAX_FLOWS:-}" ${BENCH_OPTS:-} \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.handoff.bench.ScaleBenchmark "$FLOWS" "$PARTITIONS" "$ROUNDS"
