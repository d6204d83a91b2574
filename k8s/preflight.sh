#!/usr/bin/env bash
# Checks a live cluster (the current kubectl context) before the suite is
# applied to it, for what a render of an overlay uses:
#
#   k8s/preflight.sh --overlay k8s/overlays/county
#   k8s/preflight.sh --rendered rendered.yaml        (e.g. from k8s/render.sh)
#   k8s/preflight.sh --overlay k8s/overlays/city --probe-network
#   k8s/preflight.sh --overlay k8s/overlays/city --dry-run   (prints what it would check)
#
#   versions     the Kubernetes version each feature of the render needs,
#                with the fallback where it is older (k8s/README.md,
#                "Kubernetes versions");
#   network      a CNI that enforces NetworkPolicy: known CNIs by their
#                DaemonSets; with --probe-network also a test (two pods in a
#                scratch namespace, then a deny policy; removed after);
#   storage      a default StorageClass, for the volume claims;
#   metrics      metrics-server (APIService v1beta1.metrics.k8s.io), for HPAs;
#   cert-manager its CRDs and the issuers the Certificates name;
#   ingress      the IngressClass the Ingress names, and its namespace;
#   secrets      every Secret of k8s/operator-provided.yaml the render needs,
#                with its keys, and no placeholder value (CHANGE-ME);
#   placeholders what is left to edit in the render (*.example, 192.0.2.x,
#                CONTAINER_IMAGES_*);
#   dry run      `kubectl apply --dry-run=server` of the render.
#
# Exit 0 when nothing failed (warnings do not fail); 1 otherwise.
# --probe-image IMAGE: the image of the network test's pods (default
# redis:7-bookworm, which the county pulls anyway; any image with
# redis-server and redis-cli).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
NS=jixiao

overlay="" rendered="" dry=0 probe=0 probe_image=redis:7-bookworm
usage() {
  sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case $1 in
    --overlay) overlay=${2:?}; shift 2 ;;
    --rendered) rendered=${2:?}; shift 2 ;;
    --dry-run) dry=1; shift ;;
    --probe-network) probe=1; shift ;;
    --probe-image) probe_image=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "preflight: unknown argument $1" >&2; usage ;;
  esac
done
if [ -z "$overlay" ] && [ -z "$rendered" ]; then usage; fi

failed=0 warned=0
ok()   { echo "  ok    $*"; }
warn() { echo "  WARN  $*"; warned=$((warned + 1)); }
bad()  { echo "  FAIL  $*"; failed=$((failed + 1)); }
plan() { echo "  would check: $*"; }
section() { echo; echo "== $*"; }

# The render: offline (kubectl kustomize needs no cluster).
render=$(mktemp)
trap 'rm -f "$render"' EXIT
if [ -n "$rendered" ]; then
  cp "$rendered" "$render"
else
  kubectl kustomize "$overlay" >"$render"
fi
uses() { grep -Eq -- "$1" "$render"; }

# ---------------------------------------------------------------- versions
section "Kubernetes version"
major=0 minor=0
if [ "$dry" = 1 ]; then
  plan "kubectl version -o json: the server's version, against each feature below"
else
  if ! version_json=$(kubectl version -o json 2>/dev/null) ||
     ! printf '%s' "$version_json" | grep -q '"serverVersion"'; then
    bad "kubectl reaches no cluster (kubectl version); check the context: kubectl config current-context"
    echo; echo "preflight: $failed failed"; exit 1
  fi
  server=$(printf '%s' "$version_json" | tr -d ' \n' | grep -o '"serverVersion":{[^}]*}')
  major=$(printf '%s' "$server" | sed -n 's/.*"major":"\([0-9]*\).*/\1/p')
  minor=$(printf '%s' "$server" | sed -n 's/.*"minor":"\([0-9]*\).*/\1/p')
  ok "server $major.$minor ($(printf '%s' "$server" | sed -n 's/.*"gitVersion":"\([^"]*\)".*/\1/p'))"
fi
at_least() { [ "$major" -gt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -ge "$1" ]; }; }
# feature PATTERN MINOR WHAT FALLBACK
feature() {
  uses "$1" || return 0
  if [ "$dry" = 1 ]; then plan "$3 needs >= 1.$2 (else: $4)"; return 0; fi
  if at_least "$2"; then ok "$3 (>= 1.$2)"; else bad "$3 needs Kubernetes >= 1.$2; this is $major.$minor. Fallback: $4"; fi
}
feature '^ +sleep:' 30 "preStop sleep action" \
  "add components/no-prestop-sleep to the overlay (no preStop; --drain_ms 7000)"
feature '^ +grpc:' 24 "gRPC probes" \
  "add components/admin-port-probes (HTTP /readyz, /healthz on the admin port)"
feature '^apiVersion: autoscaling/v2$' 23 "HorizontalPodAutoscaler autoscaling/v2" \
  "1.12-1.22: patch the HPAs' apiVersion to autoscaling/v2beta2 (same fields; the manifests set no behavior)"
feature '^apiVersion: policy/v1$' 21 "PodDisruptionBudget policy/v1" \
  "patch apiVersion to policy/v1beta1"
feature '^kind: CronJob$' 21 "CronJob batch/v1" \
  "patch apiVersion to batch/v1beta1"
feature 'kubernetes.io/metadata.name' 21 "the namespace label kubernetes.io/metadata.name (network policies)" \
  "label kube-system, monitoring and ingress-nginx with it yourself: kubectl label ns NAME kubernetes.io/metadata.name=NAME"
feature 'seccompProfile' 19 "securityContext.seccompProfile" \
  "the annotation seccomp.security.alpha.kubernetes.io/pod: runtime/default"
feature '^apiVersion: networking.k8s.io/v1$' 19 "NetworkPolicy and Ingress networking.k8s.io/v1" "none: upgrade"
if uses 'pod-security.kubernetes.io/enforce'; then
  if [ "$dry" = 1 ]; then
    plan "Pod Security admission labels are enforced from 1.25 (beta, on, from 1.23); older: ignored"
  elif at_least 25; then ok "Pod Security admission (restricted) enforced (>= 1.25)"
  elif at_least 23; then ok "Pod Security admission (restricted) enforced (beta, >= 1.23)"
  else warn "Pod Security labels are ignored before 1.23: enforce the same with the distribution's policy engine (PodSecurityPolicy, Kyverno, Gatekeeper)"
  fi
fi

# ---------------------------------------------------------------- network
section "NetworkPolicy enforcement"
if ! uses '^kind: NetworkPolicy$'; then
  ok "the render has no NetworkPolicy"
elif [ "$dry" = 1 ]; then
  plan "kubectl get daemonsets -A: a CNI that enforces NetworkPolicy (calico-node, canal, cilium, antrea-agent, kube-router, weave-net, kube-ovn-cni, terway); flannel alone, kindnet and aws-node (without its policy agent) do not"
  if [ "$probe" = 1 ]; then
    plan "a scratch namespace, a redis-server pod and a redis-cli pod ($probe_image): PING answers; then a deny-all ingress policy: PING must fail; the namespace removed after"
  fi
else
  daemonsets=$(kubectl get daemonsets -A -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}' 2>/dev/null || true)
  enforcing=$(printf '%s\n' "$daemonsets" | grep -E '^(calico-node|canal|cilium|antrea-agent|kube-router|weave-net|kube-ovn-cni|terway|terway-eniip|ovnkube-node)$' | sort -u | tr '\n' ' ' || true)
  other=$(printf '%s\n' "$daemonsets" | grep -E '^(kube-flannel-ds|kindnet|aws-node)$' | sort -u | tr '\n' ' ' || true)
  if [ -n "$enforcing" ]; then ok "a CNI that enforces NetworkPolicy: $enforcing"
  elif [ -n "$other" ]; then bad "CNI $other enforces no NetworkPolicy by itself: the policies would be ignored (add Calico/canal, or Cilium)"
  else warn "no known CNI DaemonSet found: run again with --probe-network to test enforcement"
  fi
  if [ "$probe" = 1 ]; then
    scratch="jixiao-preflight-$$"
    cleanup_probe() { kubectl delete namespace "$scratch" --wait=false >/dev/null 2>&1 || true; }
    trap 'rm -f "$render"; cleanup_probe' EXIT
    kubectl create namespace "$scratch" >/dev/null
    kubectl -n "$scratch" run server --image="$probe_image" --labels=app=server --restart=Never \
      --command -- redis-server --protected-mode no >/dev/null
    kubectl -n "$scratch" wait --for=condition=Ready pod/server --timeout=180s >/dev/null
    ip=$(kubectl -n "$scratch" get pod server -o jsonpath='{.status.podIP}')
    ping_server() {
      kubectl -n "$scratch" run "client-$1" --image="$probe_image" --restart=Never --rm -i --quiet \
        --command -- timeout 10 redis-cli -h "$ip" -p 6379 ping 2>/dev/null | grep -q PONG
    }
    if ! ping_server open; then
      bad "network test: a pod cannot reach another without any policy (pod network broken?)"
    else
      kubectl -n "$scratch" apply -f - >/dev/null <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-server}
spec:
  podSelector: {matchLabels: {app: server}}
  policyTypes: [Ingress]
EOF
      sleep 5
      if ping_server denied; then
        bad "network test: a deny-all policy did not stop a connection: this cluster does not enforce NetworkPolicy"
      else
        ok "network test: a deny-all policy stops a connection"
      fi
    fi
    cleanup_probe
  fi
fi

# ---------------------------------------------------------------- storage
section "Storage"
if ! uses 'volumeClaimTemplates:|^kind: PersistentVolumeClaim$'; then
  ok "the render claims no volume"
elif [ "$dry" = 1 ]; then
  plan "kubectl get storageclass: one marked storageclass.kubernetes.io/is-default-class=true (the claims name none)"
else
  default_sc=$(kubectl get storageclass -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.metadata.annotations.storageclass\.kubernetes\.io/is-default-class}{" "}{.metadata.annotations.storageclass\.beta\.kubernetes\.io/is-default-class}{"\n"}{end}' 2>/dev/null | awk '$2 == "true" || $3 == "true" {print $1}')
  case $(printf '%s\n' "$default_sc" | grep -c .) in
    0) bad "no default StorageClass: the volume claims stay Pending (mark one: kubectl patch storageclass NAME -p '{\"metadata\":{\"annotations\":{\"storageclass.kubernetes.io/is-default-class\":\"true\"}}}')" ;;
    1) ok "default StorageClass $default_sc" ;;
    *) warn "several default StorageClasses ($(echo "$default_sc" | tr '\n' ' ')): the newest is used" ;;
  esac
fi

# ---------------------------------------------------------------- metrics
section "Metrics for the HPAs"
if ! uses '^kind: HorizontalPodAutoscaler$'; then
  ok "the render has no HPA"
elif [ "$dry" = 1 ]; then
  plan "kubectl get apiservice v1beta1.metrics.k8s.io: Available (metrics-server), else the HPAs never scale"
else
  available=$(kubectl get apiservice v1beta1.metrics.k8s.io -o jsonpath='{.status.conditions[?(@.type=="Available")].status}' 2>/dev/null || true)
  if [ "$available" = True ]; then ok "metrics.k8s.io available"
  else bad "metrics.k8s.io is not available: install metrics-server, or the HPAs stay at minReplicas"
  fi
fi

# ---------------------------------------------------------------- cert-manager
section "cert-manager"
if ! uses '^apiVersion: cert-manager.io/'; then
  ok "the render uses no cert-manager resource"
elif [ "$dry" = 1 ]; then
  plan "kubectl get crd certificates.cert-manager.io issuers.cert-manager.io clusterissuers.cert-manager.io"
  plan "the issuers the Certificates name (k8s/operator-provided.yaml): Issuer in $NS, ClusterIssuer"
else
  for crd in certificates.cert-manager.io issuers.cert-manager.io clusterissuers.cert-manager.io; do
    if kubectl get crd "$crd" >/dev/null 2>&1; then ok "CRD $crd"; else bad "CRD $crd missing: install cert-manager first"; fi
  done
  issuers=$(awk '/^issuers:/ {on = 1; next} /^[a-z]/ {on = 0}
       on && $1 == "-" && $2 == "kind:" {kind = $3}
       on && $1 == "name:" {print kind, $2}' "$here/operator-provided.yaml")
  while read -r kind name; do
    grep -Eq "^ *name: $name$" "$render" || continue
    if [ "$kind" = ClusterIssuer ]; then args=(get clusterissuer "$name"); else args=(-n "$NS" get issuer "$name"); fi
    if ! ready=$(kubectl "${args[@]}" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null); then
      bad "$kind $name missing (examples: k8s/examples/cert-manager-issuers.yaml)"
    elif [ "$ready" = True ]; then ok "$kind $name ready"
    else warn "$kind $name is not Ready (kubectl describe ${args[*]:1})"
    fi
  done <<<"$issuers"
fi

# ---------------------------------------------------------------- ingress
section "Ingress"
if ! uses '^kind: Ingress$'; then
  ok "the render has no Ingress"
else
  class=$(awk '/^kind: Ingress$/ {on = 1} on && /ingressClassName:/ {print $2; exit}' "$render")
  if [ "$dry" = 1 ]; then
    plan "kubectl get ingressclass ${class:-?}; the namespace ingress-nginx the policy gateway-ingress admits"
  else
    if [ -n "$class" ] && kubectl get ingressclass "$class" >/dev/null 2>&1; then ok "IngressClass $class"
    else bad "IngressClass ${class:-(none named)} not found (kubectl get ingressclass): patch ingressClassName"
    fi
    if uses 'kubernetes.io/metadata.name: ingress-nginx'; then
      if kubectl get namespace ingress-nginx >/dev/null 2>&1; then ok "namespace ingress-nginx (the policy gateway-ingress admits it)"
      else warn "no namespace ingress-nginx: change the policy gateway-ingress (and k8s/call-graph.yaml) to your controller's namespace"
      fi
    fi
  fi
fi

# ---------------------------------------------------------------- secrets
section "Secrets (k8s/operator-provided.yaml)"
made_by_certificates=$(awk '/^kind: Certificate$/ {on = 1} /^---/ {on = 0} on && /^  secretName:/ {print $2}' "$render")
awk '/^secrets:/ {on = 1; next} /^[a-z]/ {on = 0}
     on && $1 == "-" && $2 == "name:" {name = $3}
     on && $1 == "keys:" {sub(/^ *keys: *\[/, ""); sub(/\] *$/, ""); gsub(/ /, ""); print name, $0}' \
  "$here/operator-provided.yaml" >"$render.secrets"
while read -r name keys; do
  grep -Eq "(secretName|name): $name$" "$render" || continue
  if printf '%s\n' "$made_by_certificates" | grep -qx "$name"; then
    ok "$name (made by a cert-manager Certificate)"
    continue
  fi
  if [ "$dry" = 1 ]; then plan "Secret $NS/$name with keys $keys, no value starting CHANGE-ME"; continue; fi
  if ! kubectl -n "$NS" get secret "$name" >/dev/null 2>&1; then
    bad "Secret $NS/$name missing (k8s/README.md, \"Secrets\")"
    continue
  fi
  missing="" before=$failed
  for key in ${keys//,/ }; do
    value=$(kubectl -n "$NS" get secret "$name" -o jsonpath="{.data.${key//./\\.}}" 2>/dev/null || true)
    if [ -z "$value" ]; then missing="$missing $key"; continue; fi
    if printf '%s' "$value" | base64 -d 2>/dev/null | head -c 64 | grep -qi 'CHANGE-ME\|REPLACE'; then
      bad "Secret $NS/$name key $key still holds the placeholder of k8s/examples"
    fi
    # A password file made with echo ends in a newline, which PGPASSWORD
    # and Redis would take as part of the password (the role script drops it).
    if [ "$key" = password ] && [ "$(printf '%s' "$value" | base64 -d 2>/dev/null | tail -c 1 | od -An -c | tr -d ' ')" = '\n' ]; then
      bad "Secret $NS/$name key password ends in a newline: create it from a file without one (base64 -w0, printf '%s')"
    fi
  done
  if [ -n "$missing" ]; then bad "Secret $NS/$name lacks key(s):$missing"
  elif [ "$failed" = "$before" ]; then ok "Secret $name ($keys)"
  fi
done <"$render.secrets"
rm -f "$render.secrets"

# ---------------------------------------------------------------- placeholders
section "Placeholders left in the render"
left=$(grep -Eno 'CONTAINER_IMAGES_[A-Z]+|[a-z0-9.-]*\.city\.example|192\.0\.2\.[0-9]+' "$render" | sort -t: -k2 -u | head -10 || true)
if [ -z "$left" ]; then ok "none"
else
  while IFS= read -r line; do warn "line ${line%%:*}: ${line#*:} (edit the overlay: k8s/README.md)"; done <<<"$left"
fi

# ---------------------------------------------------------------- dry run
section "Server-side dry run"
if [ "$dry" = 1 ]; then
  plan "kubectl apply --dry-run=server -f RENDER (the API server's own validation, CRDs and admission included; the namespace $NS must exist)"
elif ! kubectl get namespace "$NS" >/dev/null 2>&1; then
  warn "namespace $NS does not exist yet: kubectl apply -f k8s/base/namespace.yaml, create the Secrets, then run this again for the dry run"
elif out=$(kubectl apply --dry-run=server -f "$render" 2>&1); then
  ok "kubectl apply --dry-run=server accepts $(grep -c '^kind:' "$render") objects"
else
  bad "kubectl apply --dry-run=server refuses:"
  printf '%s\n' "$out" | grep -v 'created (server dry run)\|configured (server dry run)\|unchanged (server dry run)' | head -10 | sed 's/^/          /'
fi

echo
if [ "$dry" = 1 ]; then echo "preflight: dry run, nothing checked against a cluster"; exit 0; fi
echo "preflight: $failed failed, $warned warning(s)"
[ "$failed" -eq 0 ]
