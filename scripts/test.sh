#!/usr/bin/env bash
# Runs every test of Handoff: unit tests (surefire) and integration tests against the running
# service (failsafe, including a real Elasticsearch they start themselves), promtool checks of the alert
# rules, a real Prometheus evaluating every dashboard query and rule. Installs what is missing (via apt); needs a JDK 17+ and, for Elasticsearch, a JDK 21+.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v java >/dev/null || { echo "a JDK 17+ is needed (apt-get install -y openjdk-17-jdk-headless)" >&2; exit 1; }
# promtool and prometheus (Debian's prometheus package) check the rules and run the end-to-end test of
# dashboards and rules; amtool (prometheus-alertmanager) checks the Alertmanager configuration.
MISSING=""
command -v promtool >/dev/null && command -v prometheus >/dev/null || MISSING="$MISSING prometheus"
command -v amtool >/dev/null || MISSING="$MISSING prometheus-alertmanager"
# docker-compose (Debian's package) checks docker-compose.yml without an engine.
command -v docker-compose >/dev/null || MISSING="$MISSING docker-compose"
# A real headless browser for the console's tests (driven by Selenium through chromedriver).
command -v chromium >/dev/null && command -v chromedriver >/dev/null || MISSING="$MISSING chromium chromium-driver"
if [ -n "$MISSING" ]; then
  echo "installing Debian packages:$MISSING"
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $MISSING >/dev/null
fi
# The integration tests start a real Elasticsearch (from Maven Central), which needs a JDK 21+.
if [ -z "${ES_JAVA_HOME:-}" ] && ! grep -lqE 'JAVA_VERSION="(2[1-9]|[3-9][0-9])' /usr/lib/jvm/*/release 2>/dev/null; then
  echo "the Elasticsearch the tests start needs a JDK 21+: set ES_JAVA_HOME or install one under /usr/lib/jvm" >&2
  exit 1
fi
./mvnw -B -ntp verify "$@"
