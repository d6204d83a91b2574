// Plants one defect in a copy of a render, for k8s/check.sh to show that the
// checks refuse it:
//
//   node plant.mjs DEFECT IN.yaml OUT.yaml
//
// Each defect is what a plausible edit or typo makes (see `defects`).
import { readFileSync, writeFileSync } from "node:fs";
import { parseAllDocuments, stringify } from "yaml";

const [defect, input, output] = process.argv.slice(2);
const objects = parseAllDocuments(readFileSync(input, "utf8"))
  .map((d) => d.toJS()).filter(Boolean);
const find = (kind, name) => {
  const o = objects.find((x) => x.kind === kind && x.metadata?.name === name);
  if (!o) throw new Error(`plant ${defect}: ${kind}/${name} is not in ${input}`);
  return o;
};
const container = (kind, name) => find(kind, name).spec.template.spec.containers[0];

const defects = {
  // A probe on a port the container does not declare.
  "probe-port": () => {
    container("Deployment", "budget").readinessProbe = { grpc: { port: 50061 }, periodSeconds: 5 };
  },
  // A Service whose selector is misspelt: it selects nothing.
  "service-selects-nothing": () => {
    find("Service", "gateway").spec.selector = { "app.kubernetes.io/name": "gatewy" };
  },
  // A volume naming a Secret nobody creates.
  "missing-secret": () => {
    const v = find("Deployment", "budget").spec.template.spec.volumes.find((x) => x.name === "jwt");
    v.secret.secretName = "jixiao-jwt-secret";
  },
  // A key the operator's Secret does not have.
  "missing-secret-key": () => {
    const e = container("Deployment", "indicator").env.find((x) => x.name === "PGPASSWORD");
    e.valueFrom.secretKeyRef.key = "passwd";
  },
  // The budget service's ingress policy without the gateway.
  "netpol-cuts-gateway-budget": () => {
    const rule = find("NetworkPolicy", "budget-ingress").spec.ingress[0];
    rule.from = rule.from.filter((p) => p.podSelector?.matchLabels?.["app.kubernetes.io/name"] !== "gateway");
  },
  // An ingress rule opened to every namespace.
  "netpol-too-open": () => {
    find("NetworkPolicy", "evaluation-ingress").spec.ingress[0].from.push({ namespaceSelector: {} });
  },
  // A Certificate with a misspelt field (dnsName for dnsNames).
  "certificate-field": () => {
    const spec = find("Certificate", "jixiao-tls-budget").spec;
    spec.dnsName = spec.dnsNames;
    delete spec.dnsNames;
  },
  // An HPA allowed more replicas than PostgreSQL takes connections.
  "connection-budget": () => {
    find("HorizontalPodAutoscaler", "budget").spec.maxReplicas = 40;
  },
  // A password in plain configuration.
  "credentials-in-configmap": () => {
    find("ConfigMap", "budget").data.JIXIAO_STORAGE = "postgresql://jixiao_app:hunter2@";
  },
  // The kubelet's gRPC probe on a server that speaks only TLS.
  "grpc-probe-on-tls": () => {
    container("Deployment", "evaluation").readinessProbe = { grpc: { port: 50053 }, periodSeconds: 5 };
  },
};

if (!defects[defect]) {
  console.error(`plant.mjs: no defect ${defect}; one of ${Object.keys(defects).join(", ")}`);
  process.exit(2);
}
defects[defect]();
writeFileSync(output, objects.map((o) => stringify(o)).join("---\n"));
