#!/usr/bin/env bash
# NAB benchmark of Handoff's anomaly scorer. Usage: scripts/bench-nab.sh [--cross-validate] [data-dir] [labels.json] [out-dir]
# Defaults: the NAB copy in src/test/resources/nab, results in target/nab-results. --cross-validate first scores each
# labelled category with parameters and threshold chosen on the other files only (leave one category out), then as usual.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.handoff.bench.nab.NabBenchmark "$@"
