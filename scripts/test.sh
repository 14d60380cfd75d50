#!/usr/bin/env bash
# The test command. On a fresh machine it installs what the tests need from Debian's packages
# (redis-server: the cluster tests start their own Redis processes from it; chromium: the page tests drive
# it headless through Playwright, which never downloads a browser of its own; Node and npm: the Gateway's
# build installs the pages' SignalR bundle, and the manifests' checks run on Node), then builds and runs
# every test of the solution, the Kubernetes manifests' offline checks (scripts/validate-k8s.sh) and the
# monitoring files' offline checks (scripts/validate-monitoring.sh, which installs Debian's `prometheus` for
# promtool and `python3-yaml` itself when they are missing; the package is Prometheus' server too, started as a
# service where an init system runs), and ends with the totals alone on a line: "N passed, N failed".
# Installing runs apt-get directly as root, else through sudo.
set -uo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x "${REDIS_SERVER:-/usr/bin/redis-server}" ] || missing+=(redis-server)
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
# The Gateway's build runs `npm ci` for the pages' SignalR bundle; the manifests' checks run on Node.
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..."
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  # Through env: sudo drops the caller's environment.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

log=$(mktemp)
# A hung test fails the run after ten minutes instead of holding CI to its limit.
dotnet test SessionOps.sln --blame-hang-timeout 10m 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One summary line per test assembly: "Passed!  - Failed: 0, Passed: 115, Skipped: 0, Total: 115, ..."
read -r passed failed < <(awk '
  /(Passed|Failed)! +- +Failed:/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") { gsub(",", "", $(i+1)); f += $(i+1) }
      if ($i == "Passed:") { gsub(",", "", $(i+1)); p += $(i+1) }
    }
  }
  END { print p + 0, f + 0 }' "$log")
# Each failed test with the first lines of its message, repeated just above the totals: CI keeps only the end
# of a long output.
failed_tests=$(awk '
  /^ *Failed [A-Za-z_][A-Za-z0-9_.]*.* \[[^]]*\]$/ { sub(/^ */, ""); print "  " $0; message = 0; next }
  /^ *Error Message:$/ { message = 4; next }
  /^ *Stack Trace:$/ { message = 0 }
  message > 0 { message--; print "      " $0 }' "$log")
rm -f "$log"

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or the test host failed before any test could report.
  failed=1
fi
# An offline check script counts with the tests: it prints its own line "<label>: N passed, N failed", whose
# counts are added to the totals; a non-zero exit without a counted failure (it stopped before counting) is one
# failure, and the first non-zero status is the command's.
count_checks() {
  local label=$1 script=$2 out script_status script_passed script_failed
  out=$(mktemp)
  bash "$script" 2>&1 | tee "$out"
  script_status=${PIPESTATUS[0]}
  read -r script_passed script_failed < <(sed -n "s/^$label: \([0-9]*\) passed, \([0-9]*\) failed\$/\1 \2/p" "$out"; echo 0 0)
  rm -f "$out"
  if [ "$script_status" -ne 0 ] && [ "$script_failed" -eq 0 ]; then
    script_failed=1
  fi
  passed=$((passed + script_passed))
  failed=$((failed + script_failed))
  [ "$status" -ne 0 ] || status=$script_status
}

count_checks k8s scripts/validate-k8s.sh
count_checks monitoring scripts/validate-monitoring.sh

if [ -n "$failed_tests" ]; then
  echo
  echo "Failed tests:"
  echo "$failed_tests"
fi
echo
echo "${passed} passed, ${failed} failed"
exit "$status"
