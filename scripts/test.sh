#!/usr/bin/env bash
# Runs every test of Handoff: unit tests (surefire) and integration tests against the running
# service (failsafe). Installs nothing system-wide unless a test needs it; needs only a JDK 17+.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v java >/dev/null || { echo "a JDK 17+ is needed (apt-get install -y openjdk-17-jdk-headless)" >&2; exit 1; }
./mvnw -B -ntp verify "$@"
