#!/usr/bin/env bash
# Runs every test of Handoff: unit tests (surefire) and integration tests against the running
# service (failsafe), promtool checks of the alert rules. Installs what is missing (promtool via apt);
# needs a JDK 17+.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v java >/dev/null || { echo "a JDK 17+ is needed (apt-get install -y openjdk-17-jdk-headless)" >&2; exit 1; }
# promtool (Debian's prometheus package) checks and unit-tests the alert rules.
if ! command -v promtool >/dev/null; then
  echo "installing promtool (Debian package prometheus)"
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
./mvnw -B -ntp verify "$@"
