#!/usr/bin/env bash
# Runs every test of Handoff: unit tests (surefire) and integration tests against the running
# service (failsafe, including a real Elasticsearch they start themselves), promtool checks of the alert
# rules. Installs what is missing (promtool via apt); needs a JDK 17+ and, for Elasticsearch, a JDK 21+.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v java >/dev/null || { echo "a JDK 17+ is needed (apt-get install -y openjdk-17-jdk-headless)" >&2; exit 1; }
# promtool (Debian's prometheus package) checks and unit-tests the alert rules.
if ! command -v promtool >/dev/null; then
  echo "installing promtool (Debian package prometheus)"
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
# The integration tests start a real Elasticsearch (from Maven Central), which needs a JDK 21+.
if [ -z "${ES_JAVA_HOME:-}" ] && ! grep -lqE 'JAVA_VERSION="(2[1-9]|[3-9][0-9])' /usr/lib/jvm/*/release 2>/dev/null; then
  echo "the Elasticsearch the tests start needs a JDK 21+: set ES_JAVA_HOME or install one under /usr/lib/jvm" >&2
  exit 1
fi
./mvnw -B -ntp verify "$@"
