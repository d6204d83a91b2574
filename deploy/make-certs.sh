#!/usr/bin/env bash
# Makes a CA and, for each NAME given, a certificate and key signed by it,
# valid as both server and client (mTLS between the services):
#
#   deploy/make-certs.sh OUT_DIR NAME...
#
# writes OUT_DIR/ca.pem, OUT_DIR/ca.key, OUT_DIR/NAME.pem, OUT_DIR/NAME.key.
# Each certificate names NAME, NAME.<namespace>.svc (set JIXIAO_NAMESPACE,
# default jixiao), localhost and 127.0.0.1. An existing CA in OUT_DIR is
# reused, so new names can be added later. For a real deployment use your
# own CA (or cert-manager); this is for test clusters, the drill and the
# tests.
set -euo pipefail
out=${1:?usage: make-certs.sh OUT_DIR NAME...}
shift
namespace=${JIXIAO_NAMESPACE:-jixiao}
mkdir -p "$out"
if [ ! -f "$out/ca.pem" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=jixiao-ca" \
    -keyout "$out/ca.key" -out "$out/ca.pem" 2>/dev/null
fi
for name in "$@"; do
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$name" \
    -keyout "$out/$name.key" -out "$out/$name.csr" 2>/dev/null
  cat >"$out/$name.ext" <<EXT
subjectAltName = DNS:$name, DNS:$name.$namespace.svc, DNS:$name.$namespace.svc.cluster.local, DNS:localhost, IP:127.0.0.1
extendedKeyUsage = serverAuth, clientAuth
EXT
  openssl x509 -req -in "$out/$name.csr" -CA "$out/ca.pem" -CAkey "$out/ca.key" \
    -CAcreateserial -days 825 -extfile "$out/$name.ext" -out "$out/$name.pem" 2>/dev/null
  rm -f "$out/$name.csr" "$out/$name.ext"
  chmod 600 "$out/$name.key"
done
