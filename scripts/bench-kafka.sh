#!/usr/bin/env bash
# Kafka benchmark: builds Handoff, starts a Kafka broker (KRaft, from Maven Central jars, loopback only),
# produces the records, measures a plain consumer reading them (baseline), then the packaged Handoff
# consuming, repartitioning, keeping (Kafka Streams) and correlating them, and prints both rates and the ratio (a cold
# service). Then [rounds] alternating rounds, warm: on the memory store, Handoff keeping a round's new records and the
# raw consumer reading the same; with the store on Elasticsearch (written by the store sink), a raw _bulk of the same
# documents into the same node and Handoff consuming them. Each round and the median ratio are printed.
# BENCH_OPTS="-Dbench.set.<key>=<value>" passes a setting to the service (A/B runs).
# Usage: scripts/bench-kafka.sh [records] [partitions] [memory|elasticsearch] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${1:-200000}
PARTITIONS=${2:-4}
STORE=${3:-memory}
ROUNDS=${4:-3}

./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null

java -Xmx1g ${BENCH_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.handoff.bench.KafkaBenchmark "$RECORDS" "$PARTITIONS" "$STORE" "$ROUNDS"
