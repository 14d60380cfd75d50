#!/usr/bin/env bash
# Offline checks of monitoring/ (no Prometheus server, no Grafana): installs Debian's `prometheus` package for
# promtool and `python3-yaml` when they are missing (apt-get as root, else through sudo), then
#   - promtool check rules   monitoring/prometheus/sessionops-alerts.yml
#   - promtool test rules    monitoring/prometheus/sessionops-alerts.test.yml (every alert fires and stays quiet)
#   - promtool check rules   on the dashboard's expressions (as recording rules: their PromQL parses)
#   - promtool check config  on the two example Prometheus configurations
#   - monitoring/check_monitoring.py: the dashboard (JSON, ${datasource}, ids, gridPos, known series), the rules'
#     labels, annotations, series and test coverage, and the Kubernetes scrape jobs against k8s/base
# and prints one line per check, ending with "monitoring: N passed, N failed" (exit status non-zero on a failure).
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
pass() { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
finish() {
  echo "monitoring: ${passed} passed, ${failed} failed"
  [ "$failed" -eq 0 ]
  exit $?
}

# Debian's packages, as scripts/test.sh installs its own: apt-get as root directly (a container often has no sudo),
# else through sudo. DEBIAN_FRONTEND goes through `env` because sudo drops the caller's environment.
apt_install() {
  local sudo=""
  if ! command -v apt-get >/dev/null; then
    echo "monitoring: $* missing and no apt-get to install it; install it by other means" >&2
    return 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "monitoring: $* missing; installing it needs root or sudo (apt-get install $*)" >&2
      return 1
    fi
    sudo="sudo"
  fi
  echo "Installing $* from Debian's packages..." >&2
  $sudo apt-get update -qq >&2 &&
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The package is Prometheus' server too; on a machine with an init system its postinst starts the service. Only
# promtool is used here.
if ! command -v promtool >/dev/null; then
  apt_install prometheus || { fail "install Debian's prometheus package for promtool"; finish; }
fi

# The checker needs PyYAML; Debian's python3-yaml goes to /usr/bin/python3.
python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import yaml' 2>/dev/null; then
    python=$candidate
    break
  fi
done
if [ -z "$python" ]; then
  apt_install python3 python3-yaml || { fail "install Debian's python3-yaml"; finish; }
  python=/usr/bin/python3
fi

echo "promtool: $(promtool --version 2>&1 | head -n 1)"

run() {
  local what=$1
  shift
  local out
  if out=$("$@" 2>&1); then
    pass "$what"
  else
    fail "$what"
    printf '%s\n' "$out" | sed 's/^/     /'
  fi
}

run "promtool check rules sessionops-alerts.yml" promtool check rules monitoring/prometheus/sessionops-alerts.yml
# promtool test rules reads rule_files relative to the test file.
run "promtool test rules sessionops-alerts.test.yml" promtool test rules monitoring/prometheus/sessionops-alerts.test.yml

# The dashboard's expressions as recording rules (promtool parses their PromQL), and the example configurations
# as promtool can check them offline (Debian's promtool is built without Kubernetes discovery, and a token file
# must exist): written by the checker into a scratch folder.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if out=$("$python" monitoring/check_monitoring.py --promtool-inputs "$work" 2>&1); then
  run "promtool check rules: the dashboard's expressions parse" promtool check rules "$work/dashboard-expressions.rules.yml"
  for config in prometheus.kubernetes.yml prometheus.embedded.yml; do
    run "promtool check config $config" promtool check config "$work/$config"
  done
else
  fail "write the dashboard's expressions and the example configurations for promtool"
  printf '%s\n' "$out" | sed 's/^/     /'
fi

# The checker prints "ok   ..." or "FAIL ..." per check.
checker_out=$("$python" monitoring/check_monitoring.py 2>&1)
checker_status=$?
printf '%s\n' "$checker_out"
checker_passed=$(printf '%s\n' "$checker_out" | grep -c '^ok ')
checker_failed=$(printf '%s\n' "$checker_out" | grep -c '^FAIL ')
passed=$((passed + checker_passed))
failed=$((failed + checker_failed))
if [ "$checker_status" -ne 0 ] && [ "$checker_failed" -eq 0 ]; then
  fail "monitoring/check_monitoring.py exited $checker_status"
fi

finish
