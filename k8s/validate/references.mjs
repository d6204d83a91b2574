// Checks what the schemas cannot: that the objects of a render fit
// together, and fit the suite. Each rendered file is one overlay.
//
//   node references.mjs [--operator-provided FILE] [--call-graph FILE]
//                       [--unused] RENDERED.yaml...
//
// For each render:
//   namespace    every namespaced object is in the namespace jixiao (an
//                object without one lands in `default` on `kubectl apply`);
//   secrets      no Secret in the render (the operator creates them:
//                operator-provided.yaml), and no password, token or
//                credentials in a URL in a ConfigMap or a literal env value;
//   probes       every probe's port (number or name) is a port its
//                container declares; no kubelet gRPC probe on a TLS server;
//   selectors    every Service, PodDisruptionBudget and non-empty
//                NetworkPolicy selects a pod template of the render; every
//                Service targetPort is a port of the pods it selects; every
//                HPA and Ingress backend names an object that exists;
//   references   every Secret, ConfigMap, PVC and ServiceAccount a pod
//                template names (env valueFrom, envFrom, volumes, projected
//                volumes, imagePullSecrets, serviceAccountName), with the keys
//                it names, is in the render, made by a cert-manager
//                Certificate of the render, or in operator-provided.yaml;
//                every volumeMount names a volume; every Certificate's
//                issuer is in the render or operator-provided.yaml;
//   network      the calls the NetworkPolicies allow are exactly those of
//                call-graph.yaml (see there);
//   connections  the connection budget: for each workload that connects to
//                PostgreSQL, its most pods (an HPA's maxReplicas, or
//                replicas, + the rollout's maxSurge; a Job's parallelism; a
//                CronJob with concurrencyPolicy Forbid: 1) x its connections
//                (the services' JIXIAO_POSTGRES_POOL_SIZE or
//                --postgres_pool_size; a libpq tool: 1), summed, is at most
//                max_connections - superuser_reserved_connections of the
//                in-cluster PostgreSQL's arguments, or of the annotations
//                jixiao/postgres-max-connections and
//                jixiao/postgres-superuser-reserved-connections on the
//                ConfigMap jixiao-postgres (a server outside).
// With --unused: every Secret of operator-provided.yaml is needed by one of
// the renders given.
// Exit 0 when every render passes; each problem is a line "FAIL check: …".
import { readFileSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, parse } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const NAMESPACE = "jixiao";

const args = process.argv.slice(2);
let operatorFile = join(here, "..", "operator-provided.yaml");
let graphFile = join(here, "..", "call-graph.yaml");
let checkUnused = false;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--operator-provided") operatorFile = args[++i];
  else if (args[i] === "--call-graph") graphFile = args[++i];
  else if (args[i] === "--unused") checkUnused = true;
  else files.push(args[i]);
}
if (files.length === 0) {
  console.error("usage: node references.mjs [--operator-provided F] [--call-graph F] [--unused] RENDERED.yaml...");
  process.exit(2);
}

let failures = 0;
let where = "";
const fail = (check, message) => {
  failures++;
  console.error(`FAIL ${check}: ${where}${message}`);
};

// ---------------------------------------------------------------- inputs
const operator = parse(readFileSync(operatorFile, "utf8"));
const operatorSecrets = new Map();
for (const s of operator.secrets ?? []) {
  if (!s.name || !Array.isArray(s.keys) || !s.type || !s.for) {
    console.error(`FAIL operator-provided: ${operatorFile}: each secret needs name, type, keys and for: ${JSON.stringify(s)}`);
    failures++;
    continue;
  }
  operatorSecrets.set(s.name, { keys: new Set(s.keys), type: s.type });
}
const operatorIssuers = new Set((operator.issuers ?? []).map((i) => `${i.kind}/${i.name}`));

const graph = parse(readFileSync(graphFile, "utf8"));
const edgePattern = /^\s*(\S+)\s*->\s*([^\s:]+):(\d+)\/(TCP|UDP|SCTP)\s*$/;
const declaredEdges = (graph.edges ?? []).map((text) => {
  const m = edgePattern.exec(text);
  if (!m) throw new Error(`${graphFile}: an edge is "from -> to:port/PROTOCOL", got ${JSON.stringify(text)}`);
  return { from: m[1], to: m[2], port: Number(m[3]), protocol: m[4] };
});
const parsePort = (text) => {
  const m = /^(\d+)\/(TCP|UDP|SCTP)$/.exec(text);
  if (!m) throw new Error(`${graphFile}: a port is "53/UDP", got ${JSON.stringify(text)}`);
  return { port: Number(m[1]), protocol: m[2], name: undefined };
};

// ---------------------------------------------------------------- helpers
const CLUSTER_SCOPED = new Set([
  "Namespace", "ClusterRole", "ClusterRoleBinding", "ClusterIssuer",
  "StorageClass", "PriorityClass", "CustomResourceDefinition",
  "PersistentVolume", "IngressClass", "APIService", "RuntimeClass",
  "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
]);
const nameOf = (o) => `${o.kind}/${o.metadata?.name ?? "?"}`;

// A label selector (matchLabels, matchExpressions) against labels.
function selects(selector, labels = {}) {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = labels[e.key];
    switch (e.operator) {
      case "In": if (!has || !e.values.includes(value)) return false; break;
      case "NotIn": if (has && e.values.includes(value)) return false; break;
      case "Exists": if (!has) return false; break;
      case "DoesNotExist": if (has) return false; break;
      default: return false;
    }
  }
  return true;
}
const isEmptySelector = (s) =>
  !s || (Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0);

// The pod template of a workload, or undefined.
function podTemplateOf(o) {
  switch (o.kind) {
    case "Deployment": case "StatefulSet": case "DaemonSet":
    case "ReplicaSet": case "Job":
      return o.spec?.template;
    case "CronJob":
      return o.spec?.jobTemplate?.spec?.template;
    case "Pod":
      return { metadata: o.metadata, spec: o.spec };
    default:
      return undefined;
  }
}
const containersOf = (spec) => [
  ...(spec?.initContainers ?? []).map((c) => ({ c, init: true })),
  ...(spec?.containers ?? []).map((c) => ({ c, init: false })),
];
const portsText = (ports) =>
  ports.length ? ports.map((p) => `${p.name ? p.name + " " : ""}${p.containerPort}/${p.protocol ?? "TCP"}`).join(", ") : "none";

// ---------------------------------------------------------------- per render
const usedOperatorSecrets = new Set();

for (const file of files) {
  const objects = [];
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
    const o = doc.toJS();
    if (o) objects.push(o);
  }
  where = `${basename(file)}: `;
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
  const workloads = objects
    .map((o) => ({ o, template: podTemplateOf(o) }))
    .filter((w) => w.template);

  // ---- namespace
  for (const o of objects) {
    if (CLUSTER_SCOPED.has(o.kind)) {
      if (o.metadata?.namespace) fail("namespace", `${nameOf(o)} is cluster-scoped but names namespace ${o.metadata.namespace}`);
      continue;
    }
    const ns = o.metadata?.namespace;
    if (!ns) fail("namespace", `${nameOf(o)} has no namespace: \`kubectl apply\` puts it in \`default\` (set \`namespace: ${NAMESPACE}\` in the kustomization that adds it)`);
    else if (ns !== NAMESPACE) fail("namespace", `${nameOf(o)} is in namespace ${ns}, not ${NAMESPACE}`);
  }

  // ---- secrets: none in the render, no credentials in plain config
  for (const o of byKind("Secret")) {
    fail("secrets", `${nameOf(o)} is in the render: every apply would overwrite the operator's Secret with it. Create it with kubectl (k8s/operator-provided.yaml) and take it out of the kustomization`);
  }
  const secretName = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY)$/i;
  const urlCredentials = /:\/\/[^\s/@:]+:[^\s/@]+@/;
  const plain = (what, key, value) => {
    if (typeof value !== "string") return;
    if (secretName.test(key) && value !== "") fail("secrets", `${what} ${key} holds a literal value: a secret belongs in a Secret the operator creates`);
    if (urlCredentials.test(value)) fail("secrets", `${what} ${key} holds credentials in a URL (user:password@): use the role's Secret (PGPASSWORD) instead`);
  };
  for (const o of byKind("ConfigMap")) {
    for (const [k, v] of Object.entries(o.data ?? {})) plain(nameOf(o), k, v);
  }
  for (const { o, template } of workloads) {
    for (const { c } of containersOf(template.spec)) {
      for (const e of c.env ?? []) if (e.value !== undefined) plain(`${nameOf(o)} container ${c.name} env`, e.name, e.value);
      for (const a of [...(c.args ?? []), ...(c.command ?? [])]) {
        if (urlCredentials.test(a)) fail("secrets", `${nameOf(o)} container ${c.name}: an argument holds credentials in a URL`);
      }
    }
  }

  // What a container's environment resolves to (ConfigMaps of the render).
  const envOf = (c) => {
    const env = {};
    for (const from of c.envFrom ?? []) {
      if (from.configMapRef) {
        const cm = find("ConfigMap", from.configMapRef.name);
        for (const [k, v] of Object.entries(cm?.data ?? {})) env[(from.prefix ?? "") + k] = v;
      }
    }
    for (const e of c.env ?? []) {
      if (e.value !== undefined) env[e.name] = e.value;
      else if (e.valueFrom?.configMapKeyRef) {
        env[e.name] = find("ConfigMap", e.valueFrom.configMapKeyRef.name)?.data?.[e.valueFrom.configMapKeyRef.key];
      } else env[e.name] = "(from a secret or the API)";
    }
    return env;
  };
  const flagOf = (c, flag) => {
    for (const a of [...(c.command ?? []), ...(c.args ?? [])]) {
      if (a.startsWith(`--${flag}=`)) return a.slice(flag.length + 3);
    }
    return undefined;
  };

  // ---- probes
  for (const { o, template } of workloads) {
    for (const { c } of containersOf(template.spec)) {
      const ports = c.ports ?? [];
      const env = envOf(c);
      const tls = Boolean(env.JIXIAO_TLS_CERT_FILE || flagOf(c, "tls_cert_file"));
      for (const kind of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        const probe = c[kind];
        if (!probe) continue;
        const port = probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port;
        if (port === undefined) continue;  // exec
        const declared = typeof port === "number"
          ? ports.some((p) => p.containerPort === port && (p.protocol ?? "TCP") === "TCP")
          : ports.some((p) => p.name === port && (p.protocol ?? "TCP") === "TCP");
        if (!declared) {
          fail("probes", `${nameOf(o)} container ${c.name}: ${kind} port ${port} is not a port the container declares (${portsText(ports)})`);
        }
        if (probe.grpc && tls) {
          fail("probes", `${nameOf(o)} container ${c.name}: ${kind} is the kubelet's gRPC probe, which speaks no TLS, on a server with mTLS on (use components/admin-port-probes)`);
        }
      }
    }
  }

  // ---- selectors
  const templatesIn = (ns) => workloads.filter((w) => (w.o.metadata?.namespace ?? "") === ns);
  for (const s of byKind("Service")) {
    const selector = s.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) continue;  // endpoints by hand
    const matched = templatesIn(s.metadata?.namespace ?? "").filter((w) =>
      selects({ matchLabels: selector }, w.template.metadata?.labels));
    if (matched.length === 0) {
      fail("selectors", `${nameOf(s)} selects no pod template of the render (${JSON.stringify(selector)})`);
      continue;
    }
    for (const p of s.spec.ports ?? []) {
      const target = p.targetPort ?? p.port;
      for (const w of matched) {
        const ports = w.template.spec.containers.flatMap((c) => c.ports ?? []);
        const ok = typeof target === "number"
          ? ports.some((q) => q.containerPort === target)
          : ports.some((q) => q.name === target);
        if (!ok) fail("selectors", `${nameOf(s)} port ${p.name ?? p.port}: targetPort ${target} is not a port of ${nameOf(w.o)}`);
      }
    }
  }
  for (const pdb of byKind("PodDisruptionBudget")) {
    if (!templatesIn(pdb.metadata?.namespace ?? "").some((w) => selects(pdb.spec?.selector, w.template.metadata?.labels))) {
      fail("selectors", `${nameOf(pdb)} selects no pod template of the render`);
    }
  }
  for (const np of byKind("NetworkPolicy")) {
    if (isEmptySelector(np.spec?.podSelector)) continue;
    if (!templatesIn(np.metadata?.namespace ?? "").some((w) => selects(np.spec.podSelector, w.template.metadata?.labels))) {
      fail("selectors", `${nameOf(np)} selects no pod of the render (a policy for nothing, or a typo)`);
    }
  }
  for (const hpa of byKind("HorizontalPodAutoscaler")) {
    const ref = hpa.spec?.scaleTargetRef ?? {};
    if (!find(ref.kind, ref.name)) fail("selectors", `${nameOf(hpa)} scales ${ref.kind}/${ref.name}, which the render does not have`);
  }
  for (const d of workloads) {
    const sel = d.o.spec?.selector;
    if (sel && d.o.kind !== "Job" && d.o.kind !== "CronJob" && !selects(sel, d.template.metadata?.labels)) {
      fail("selectors", `${nameOf(d.o)}: its selector does not select its own pod template`);
    }
  }

  // ---- references
  // What the render provides: its own objects and a Certificate's Secret.
  const provided = { Secret: new Map(), ConfigMap: new Map() };
  for (const o of byKind("ConfigMap")) {
    provided.ConfigMap.set(o.metadata.name, new Set([...Object.keys(o.data ?? {}), ...Object.keys(o.binaryData ?? {})]));
  }
  for (const c of byKind("Certificate")) {
    if (c.spec?.secretName) provided.Secret.set(c.spec.secretName, { keys: new Set(["tls.crt", "tls.key", "ca.crt"]), by: nameOf(c) });
  }
  const pvcs = new Set(byKind("PersistentVolumeClaim").map((o) => o.metadata.name));
  const accounts = new Set(["default", ...byKind("ServiceAccount").map((o) => o.metadata.name)]);
  const needSecret = (what, name, keys = [], optional = false) => {
    if (optional) return;
    const own = provided.Secret.get(name);
    const op = operatorSecrets.get(name);
    if (!own && !op) {
      fail("references", `${what}: Secret ${name} is neither made by the render (a cert-manager Certificate) nor listed in k8s/operator-provided.yaml`);
      return;
    }
    if (!own) usedOperatorSecrets.add(name);
    const have = (own ?? op).keys;
    for (const k of keys) {
      if (!have.has(k)) fail("references", `${what}: Secret ${name} has no key ${k} (it has ${[...have].join(", ")})`);
    }
  };
  const needConfigMap = (what, name, keys = [], optional = false) => {
    if (optional) return;
    const have = provided.ConfigMap.get(name);
    if (!have) {
      fail("references", `${what}: ConfigMap ${name} is not in the render`);
      return;
    }
    for (const k of keys) if (!have.has(k)) fail("references", `${what}: ConfigMap ${name} has no key ${k}`);
  };
  for (const { o, template } of workloads) {
    const spec = template.spec ?? {};
    const what = nameOf(o);
    if (!accounts.has(spec.serviceAccountName ?? "default")) {
      fail("references", `${what}: ServiceAccount ${spec.serviceAccountName} is not in the render`);
    }
    for (const p of spec.imagePullSecrets ?? []) needSecret(`${what} imagePullSecrets`, p.name, []);
    const volumes = new Set((spec.volumes ?? []).map((v) => v.name));
    for (const t of o.spec?.volumeClaimTemplates ?? []) volumes.add(t.metadata?.name);
    for (const v of spec.volumes ?? []) {
      const vw = `${what} volume ${v.name}`;
      if (v.secret) needSecret(vw, v.secret.secretName, (v.secret.items ?? []).map((i) => i.key), v.secret.optional);
      if (v.configMap) needConfigMap(vw, v.configMap.name, (v.configMap.items ?? []).map((i) => i.key), v.configMap.optional);
      if (v.persistentVolumeClaim && !pvcs.has(v.persistentVolumeClaim.claimName)) {
        fail("references", `${vw}: PersistentVolumeClaim ${v.persistentVolumeClaim.claimName} is not in the render`);
      }
      for (const src of v.projected?.sources ?? []) {
        if (src.secret) needSecret(vw, src.secret.name, (src.secret.items ?? []).map((i) => i.key), src.secret.optional);
        if (src.configMap) needConfigMap(vw, src.configMap.name, (src.configMap.items ?? []).map((i) => i.key), src.configMap.optional);
      }
    }
    for (const { c } of containersOf(spec)) {
      const cw = `${what} container ${c.name}`;
      for (const from of c.envFrom ?? []) {
        if (from.secretRef) needSecret(`${cw} envFrom`, from.secretRef.name, [], from.secretRef.optional);
        if (from.configMapRef) needConfigMap(`${cw} envFrom`, from.configMapRef.name, [], from.configMapRef.optional);
      }
      for (const e of c.env ?? []) {
        const s = e.valueFrom?.secretKeyRef;
        if (s) needSecret(`${cw} env ${e.name}`, s.name, [s.key], s.optional);
        const m = e.valueFrom?.configMapKeyRef;
        if (m) needConfigMap(`${cw} env ${e.name}`, m.name, [m.key], m.optional);
      }
      for (const m of c.volumeMounts ?? []) {
        if (!volumes.has(m.name)) fail("references", `${cw}: volumeMount ${m.name} names no volume of the pod`);
      }
    }
  }
  for (const ing of byKind("Ingress")) {
    for (const t of ing.spec?.tls ?? []) needSecret(`${nameOf(ing)} tls`, t.secretName, ["tls.crt", "tls.key"]);
    const backends = [ing.spec?.defaultBackend, ...(ing.spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend))].filter(Boolean);
    for (const b of backends) {
      if (!b.service) continue;
      const svc = find("Service", b.service.name);
      if (!svc) { fail("references", `${nameOf(ing)}: backend Service ${b.service.name} is not in the render`); continue; }
      const port = b.service.port ?? {};
      if (!(svc.spec?.ports ?? []).some((p) => (port.name !== undefined ? p.name === port.name : p.port === port.number))) {
        fail("references", `${nameOf(ing)}: Service ${b.service.name} has no port ${port.name ?? port.number}`);
      }
    }
  }
  const renderIssuers = new Set([...byKind("Issuer"), ...byKind("ClusterIssuer")].map(nameOf));
  for (const c of byKind("Certificate")) {
    const ref = c.spec?.issuerRef ?? {};
    const key = `${ref.kind ?? "Issuer"}/${ref.name}`;
    if (!renderIssuers.has(key) && !operatorIssuers.has(key)) {
      fail("references", `${nameOf(c)}: issuer ${key} is neither in the render nor in k8s/operator-provided.yaml`);
    }
  }

  // ---- network: the calls the policies allow against the call graph
  const policies = byKind("NetworkPolicy");
  if (policies.length === 0) {
    fail("network", "the render has no NetworkPolicy: every call is allowed");
  } else {
    const nsObject = byKind("Namespace").find((n) => n.metadata.name === NAMESPACE);
    const nsLabels = { ...(nsObject?.metadata?.labels ?? {}), "kubernetes.io/metadata.name": NAMESPACE };
    // Endpoints: the render's workloads, the graph's peers, strangers, outside.
    const endpoints = new Map();
    for (const { o, template } of workloads) {
      const labels = template.metadata?.labels ?? {};
      const id = labels["app.kubernetes.io/name"] ?? nameOf(o);
      const ports = template.spec.containers.flatMap((c) => c.ports ?? [])
        .map((p) => ({ port: p.containerPort, protocol: p.protocol ?? "TCP", name: p.name }));
      endpoints.set(id, { id, inRender: true, ns: o.metadata?.namespace, nsLabels, podLabels: labels, ports });
    }
    for (const [id, p] of Object.entries(graph.peers ?? {})) {
      endpoints.set(id, { id, inRender: false, ns: p.namespace?.["kubernetes.io/metadata.name"], nsLabels: p.namespace ?? {},
                          podLabels: p.pod ?? {}, ports: (p.ports ?? []).map(parsePort) });
    }
    endpoints.set("stranger", { id: "stranger", inRender: false, ns: "stranger",
                                nsLabels: { "kubernetes.io/metadata.name": "stranger" }, podLabels: {}, ports: [] });
    // Outside the cluster: its ports are those the graph calls there and
    // those the policies open to addresses.
    const outside = { id: "outside", inRender: false, external: true, ports: [] };
    endpoints.set("outside", outside);
    // The declared calls, with workloads the render lacks taken as outside.
    const declared = new Set();
    const resolveTo = (id) => (endpoints.has(id) ? id : "outside");
    const addPort = (e, port, protocol) => {
      if (!e.ports.some((p) => p.port === port && p.protocol === protocol)) e.ports.push({ port, protocol });
    };
    for (const d of declaredEdges) {
      const froms = d.from === "*" ? [...endpoints.values()].filter((e) => e.inRender).map((e) => e.id) : [d.from];
      for (const from of froms) {
        if (!endpoints.has(from)) continue;  // a caller this render does not run
        const to = resolveTo(d.to);
        if (to === "outside") addPort(outside, d.port, d.protocol);
        declared.add(`${from} -> ${to}:${d.port}/${d.protocol}`);
      }
    }
    for (const np of policies) {
      for (const rule of np.spec?.egress ?? []) {
        if ((rule.to ?? []).some((peer) => peer.ipBlock) || !(rule.to ?? []).length) {
          for (const p of rule.ports ?? []) if (typeof p.port === "number") addPort(outside, p.port, p.protocol ?? "TCP");
        }
      }
    }
    const OTHER = { port: "any-other-port", protocol: "TCP", other: true };

    const types = (np) => np.spec?.policyTypes ?? (np.spec?.egress ? ["Ingress", "Egress"] : ["Ingress"]);
    const selecting = (e, type) => policies.filter((np) =>
      (np.metadata?.namespace ?? "") === e.ns && types(np).includes(type) &&
      selects(np.spec?.podSelector ?? {}, e.podLabels));
    const peerMatches = (peers, e, policyNs) => {
      if (!peers || peers.length === 0) return true;
      return peers.some((peer) => {
        if (peer.ipBlock) return Boolean(e.external);
        if (e.external) return false;
        const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, e.nsLabels) : e.ns === policyNs;
        const podOk = peer.podSelector ? selects(peer.podSelector, e.podLabels) : true;
        return nsOk && podOk;
      });
    };
    const portMatches = (ports, port) => {
      if (!ports || ports.length === 0) return true;
      return ports.some((p) => {
        if ((p.protocol ?? "TCP") !== port.protocol) return false;
        if (p.port === undefined) return true;
        if (port.other) return false;
        if (typeof p.port === "number") return p.endPort ? port.port >= p.port && port.port <= p.endPort : port.port === p.port;
        return port.name === p.port;
      });
    };
    const allows = (from, to, port) => {
      if (from.inRender) {
        const out = selecting(from, "Egress");
        if (out.length && !out.some((np) => (np.spec.egress ?? []).some((r) =>
          peerMatches(r.to, to, np.metadata.namespace) && portMatches(r.ports, port)))) return false;
      }
      if (to.inRender) {
        const inn = selecting(to, "Ingress");
        if (inn.length && !inn.some((np) => (np.spec.ingress ?? []).some((r) =>
          peerMatches(r.from, from, np.metadata.namespace) && portMatches(r.ports, port)))) return false;
      }
      return true;
    };
    const allowed = new Set();
    for (const from of endpoints.values()) {
      for (const to of endpoints.values()) {
        if (!from.inRender && !to.inRender) continue;  // not the suite's to govern
        for (const port of [...to.ports, OTHER]) {
          if (allows(from, to, port)) allowed.add(`${from.id} -> ${to.id}:${port.port}/${port.protocol}`);
        }
      }
    }
    if (process.env.JIXIAO_SHOW_CALLS) {
      console.log(`${basename(file)}: allowed calls:\n  ${[...allowed].sort().join("\n  ")}`);
    }
    let shown = 0;
    for (const d of declared) {
      if (!allowed.has(d)) fail("network", `${d} is a call of k8s/call-graph.yaml, but the NetworkPolicies refuse it`);
    }
    for (const a of allowed) {
      if (!declared.has(a) && shown++ < 12) fail("network", `the NetworkPolicies allow ${a}, which k8s/call-graph.yaml does not list`);
    }
    if (shown > 12) fail("network", `… and ${shown - 12} more calls allowed and not listed`);
  }

  // ---- connections: the PostgreSQL connection budget
  {
    const hpaOf = (o) => byKind("HorizontalPodAutoscaler").find((h) =>
      h.spec?.scaleTargetRef?.kind === o.kind && h.spec?.scaleTargetRef?.name === o.metadata.name);
    const lines = [];
    let total = 0;
    for (const { o, template } of workloads) {
      // Connections of one pod: init containers run one after another,
      // then the containers together.
      const perContainer = (c) => {
        const env = envOf(c);
        const storage = flagOf(c, "storage") ?? env.JIXIAO_STORAGE ?? "";
        if (/^postgres(ql)?:\/\//.test(storage)) {
          const pool = flagOf(c, "postgres_pool_size") ?? env.JIXIAO_POSTGRES_POOL_SIZE;
          if (!/^\d+$/.test(pool ?? "")) {
            fail("connections", `${nameOf(o)} container ${c.name} uses PostgreSQL with no pool size (JIXIAO_POSTGRES_POOL_SIZE or --postgres_pool_size)`);
            return 0;
          }
          return Number(pool);
        }
        if (env.PGHOST !== undefined && !env.POSTGRES_USER) {
          const jobs = [...(c.command ?? []), ...(c.args ?? [])].join(" ").match(/(?:--jobs=|-j\s*)(\d+)/);
          return jobs ? Number(jobs[1]) + 1 : 1;  // a libpq tool: psql, pg_dump
        }
        return 0;
      };
      const init = (template.spec.initContainers ?? []).map(perContainer);
      const main = (template.spec.containers ?? []).map(perContainer);
      const perPod = Math.max(0, ...init, main.reduce((a, b) => a + b, 0));
      if (perPod === 0) continue;
      let pods;
      let how;
      if (o.kind === "Deployment") {
        const hpa = hpaOf(o);
        const base = hpa ? hpa.spec.maxReplicas : (o.spec.replicas ?? 1);
        let surge = 0;
        if ((o.spec.strategy?.type ?? "RollingUpdate") === "RollingUpdate") {
          const s = o.spec.strategy?.rollingUpdate?.maxSurge ?? "25%";
          surge = typeof s === "number" ? s : Math.ceil((base * parseInt(s, 10)) / 100);
        }
        pods = base + surge;
        how = `(${hpa ? "HPA max" : "replicas"} ${base} + surge ${surge})`;
      } else if (o.kind === "StatefulSet") {
        pods = o.spec.replicas ?? 1;
        how = `(replicas)`;
      } else if (o.kind === "Job") {
        pods = o.spec.parallelism ?? 1;
        how = `(parallelism)`;
      } else if (o.kind === "CronJob") {
        if (!["Forbid", "Replace"].includes(o.spec.concurrencyPolicy)) {
          fail("connections", `${nameOf(o)} connects to PostgreSQL with concurrencyPolicy ${o.spec.concurrencyPolicy ?? "Allow"}: its runs may pile up (set Forbid)`);
        }
        pods = (o.spec.jobTemplate?.spec?.parallelism ?? 1);
        how = `(one run at a time)`;
      } else {
        pods = 1;
        how = "";
      }
      total += pods * perPod;
      lines.push(`${nameOf(o)} ${pods} ${how} x ${perPod}`);
    }
    if (total > 0) {
      let max;
      let reserved = 3;
      let source;
      for (const s of byKind("StatefulSet")) {
        for (const c of s.spec.template.spec.containers ?? []) {
          const argv = [...(c.command ?? []), ...(c.args ?? [])];
          for (let i = 0; i < argv.length; i++) {
            const m = /^(max_connections|superuser_reserved_connections)=(\d+)$/.exec(argv[i]);
            if (m && argv[i - 1] === "-c") {
              if (m[1] === "max_connections") { max = Number(m[2]); source = `${nameOf(s)} -c max_connections`; }
              else reserved = Number(m[2]);
            }
          }
        }
      }
      if (max === undefined) {
        const a = find("ConfigMap", "jixiao-postgres")?.metadata?.annotations ?? {};
        if (a["jixiao/postgres-max-connections"]) {
          max = Number(a["jixiao/postgres-max-connections"]);
          reserved = Number(a["jixiao/postgres-superuser-reserved-connections"] ?? 3);
          source = "ConfigMap/jixiao-postgres annotation jixiao/postgres-max-connections";
        }
      }
      if (max === undefined || Number.isNaN(max)) {
        fail("connections", "clients of PostgreSQL, but no max_connections in the render (an in-cluster StatefulSet's `-c max_connections=N`, or the annotation jixiao/postgres-max-connections on ConfigMap/jixiao-postgres)");
      } else {
        const limit = max - reserved;
        const text = `${lines.join(" + ")} = ${total} connections; ${source} ${max} - ${reserved} reserved = ${limit}`;
        if (total > limit) fail("connections", `over the budget: ${text}`);
        else console.log(`${basename(file)}: connection budget: ${text}`);
      }
    }
  }
}

where = "";
if (checkUnused) {
  for (const name of operatorSecrets.keys()) {
    if (!usedOperatorSecrets.has(name)) fail("references", `k8s/operator-provided.yaml lists Secret ${name}, which no render needs`);
  }
}
if (failures) {
  console.error(`references: ${failures} problem(s)`);
  process.exit(1);
}
console.log(`references: ${files.length} render(s): namespace, secrets, probes, selectors, references, network, connections pass`);
