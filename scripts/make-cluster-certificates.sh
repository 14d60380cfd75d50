#!/usr/bin/env bash
# Certificates for the cluster's mutual TLS (Orleans:Tls:*, src/Hosting/OrleansTls.cs): the cluster's own
# certificate authority and one member certificate it issued, as PEM files in DIR (default ./cluster-certificates):
#
#   ca.crt   the authority (EC P-256, 10 years): Orleans:Tls:Authority of every silo and Gateway
#   ca.key   its private key: needed only to issue members; keep it off the servers and out of git
#   tls.crt  a member (EC P-256, 1 year, serverAuth and clientAuth, CN=sessionops-cluster-member): Orleans:Tls:Certificate
#   tls.key  the member's private key: Orleans:Tls:Key
#
#   bash scripts/make-cluster-certificates.sh [DIR]
#
# An existing authority is never replaced: with ca.crt and ca.key already in DIR, a run issues only a new tls.crt
# and tls.key from it (a renewal: the processes keep trusting each other). All processes may share one member
# certificate or each have its own; a peer is accepted when its certificate chains to ca.crt, names are not checked.
# For a new authority remove DIR first; then every process needs the new ca.crt and a member issued from it.
set -euo pipefail

dir=${1:-./cluster-certificates}
ca_days=3650
member_days=365

if ! command -v openssl >/dev/null; then
  echo "make-cluster-certificates: openssl is needed (Debian: apt-get install openssl)" >&2
  exit 1
fi

has_crt=no has_key=no
[ -e "$dir/ca.crt" ] && has_crt=yes
[ -e "$dir/ca.key" ] && has_key=yes
if [ "$has_crt" != "$has_key" ]; then
  echo "make-cluster-certificates: $dir holds only one of ca.crt and ca.key; restore the other, or remove both for a new authority" >&2
  exit 1
fi

umask 077
mkdir -p "$dir"
work=$(mktemp -d "${TMPDIR:-/tmp}/cluster-certificates.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A configuration of our own, so that the system's openssl.cnf adds nothing to the certificates.
cat >"$work/openssl.cnf" <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
[authority]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[member]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

if [ "$has_crt" = yes ]; then
  if ! openssl x509 -in "$dir/ca.crt" -noout -checkend 0 >/dev/null; then
    echo "make-cluster-certificates: the authority $dir/ca.crt has expired; remove ca.crt and ca.key for a new one" >&2
    exit 1
  fi
  # A key that is not the certificate's would issue members that every process refuses.
  if [ "$(openssl x509 -in "$dir/ca.crt" -noout -pubkey)" != "$(openssl pkey -in "$dir/ca.key" -pubout)" ]; then
    echo "make-cluster-certificates: $dir/ca.key is not the private key of $dir/ca.crt" >&2
    exit 1
  fi
  if ! openssl x509 -in "$dir/ca.crt" -noout -checkend $((member_days * 86400)) >/dev/null; then
    echo "make-cluster-certificates: warning: the authority ends within $member_days days, before the member certificate" \
      "would; peers refuse it from then on, so plan a new authority (remove ca.crt and ca.key) before that" >&2
  fi
  echo "Using the existing authority in $dir (ca.crt, ca.key): issuing a new member certificate." >&2
else
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/ca.key"
  openssl req -new -x509 -sha256 -key "$work/ca.key" -days "$ca_days" -subj "/CN=sessionops-cluster-authority" \
    -config "$work/openssl.cnf" -extensions authority -out "$work/ca.crt"
  # Moved in only once both exist, so an interrupted run leaves no half an authority behind.
  install -m 600 "$work/ca.key" "$dir/ca.key"
  install -m 644 "$work/ca.crt" "$dir/ca.crt"
  echo "Made a new authority in $dir (ca.crt, ca.key)." >&2
fi

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/tls.key"
openssl req -new -sha256 -key "$work/tls.key" -subj "/CN=sessionops-cluster-member" -config "$work/openssl.cnf" \
  -out "$work/tls.csr"
openssl x509 -req -sha256 -in "$work/tls.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
  -set_serial "0x$(openssl rand -hex 16)" -days "$member_days" -extfile "$work/openssl.cnf" -extensions member \
  -out "$work/tls.crt" 2>"$work/x509.log" || { cat "$work/x509.log" >&2; exit 1; }
# What the processes check of each other, checked here: the member chains to the authority, as server and client.
openssl verify -CAfile "$dir/ca.crt" -purpose sslserver "$work/tls.crt" >/dev/null
openssl verify -CAfile "$dir/ca.crt" -purpose sslclient "$work/tls.crt" >/dev/null
install -m 600 "$work/tls.key" "$dir/tls.key"
install -m 644 "$work/tls.crt" "$dir/tls.crt"

abs=$(cd "$dir" && pwd)
q=$(printf %q "$abs")
until_of() { openssl x509 -in "$1" -noout -enddate | cut -d= -f2; }
cat <<EOF
Issued $abs/tls.crt (CN=sessionops-cluster-member, valid until $(until_of "$abs/tls.crt"))
from the authority $abs/ca.crt (valid until $(until_of "$abs/ca.crt")).

Every silo and every Gateway in cluster mode reads them at start (restart the processes after a renewal):

  export Orleans__Tls__Certificate=$q/tls.crt
  export Orleans__Tls__Key=$q/tls.key
  export Orleans__Tls__Authority=$q/ca.crt

(or --Orleans:Tls:Certificate=... --Orleans:Tls:Key=... --Orleans:Tls:Authority=... on the command line).

On Kubernetes every silo and Gateway pod mounts the Secret sessionops-orleans-tls (docs/kubernetes.md):

  cd $q && kubectl -n sessionops create secret generic sessionops-orleans-tls \\
    --from-file=tls.crt --from-file=tls.key --from-file=ca.crt

ca.key goes nowhere (not to the servers, not into the Secret, not into git): it only issues the next member
certificate, when this script runs again on the same folder.
EOF
