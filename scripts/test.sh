#!/usr/bin/env bash
# The test command. On a fresh machine it installs what the tests need from Debian's packages
# (redis-server: the cluster tests start their own Redis processes from it; chromium: the page tests drive
# it headless through Playwright, which never downloads a browser of its own; Node and npm: the Gateway's
# build installs the pages' SignalR bundle, and the manifests' checks run on Node), then builds and runs
# every test of the solution and the Kubernetes manifests' offline checks (scripts/validate-k8s.sh), and
# ends with the totals alone on a line: "N passed, N failed".
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
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
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
rm -f "$log"

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or the test host failed before any test could report.
  failed=1
fi
# The Kubernetes manifests' offline checks count with the tests; their own line is "k8s: N passed, N failed".
k8s_log=$(mktemp)
bash scripts/validate-k8s.sh 2>&1 | tee "$k8s_log"
k8s_status=${PIPESTATUS[0]}
read -r k8s_passed k8s_failed < <(sed -n 's/^k8s: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$k8s_log"; echo 0 0)
rm -f "$k8s_log"
if [ "$k8s_status" -ne 0 ] && [ "$k8s_failed" -eq 0 ]; then
  k8s_failed=1
fi
passed=$((passed + k8s_passed))
failed=$((failed + k8s_failed))
[ "$status" -ne 0 ] || status=$k8s_status

echo
echo "${passed} passed, ${failed} failed"
exit "$status"
