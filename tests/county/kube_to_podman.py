#!/usr/bin/python3
"""The county overlay's render, as what `podman kube play` (podman 4.3) plays.

  kube_to_podman.py RENDER.yaml SECRETS_DIR STATE_DIR OUT_DIR [--gateway-port PORT]

RENDER.yaml is `k8s/render.sh` of a county overlay with the registry
component. SECRETS_DIR holds what the operator would have created as
Secrets, one file per key: SECRETS_DIR/<secret name>/<key>. Writes, per
workload, OUT_DIR/<name>.yaml: one Pod named after the workload (and so
after its Service: on a podman network with DNS the pods find each other by
these names, as clients find Services in the cluster); and OUT_DIR/volumes.txt,
"<claim> <gid>" per persistent volume (the test makes each volume and gives
it to the group, as fsGroup does). Files the pods mount (Secrets,
ConfigMaps, emptyDirs) are written under STATE_DIR.

What podman 4.3 plays is kept as it is: the containers, images, args,
ports, the security contexts (user, group, read-only root, capabilities,
seccomp), resources' limits, init containers, restart policies, volumes of
PVCs. The rest, and why, is printed on stderr as it is dropped or changed:

  dropped    Namespace, ServiceAccount (podman has no API server);
             NetworkPolicy (podman enforces none: the network is the
             test's own); Service (pod names on the network instead);
             probes (no gRPC probe in 4.3, and its healthchecks need systemd
             timers: the test waits for health itself); preStop hooks;
             imagePullSecrets (the images are local); requests; container
             ports (podman 4.3 publishes each containerPort on the host,
             where they would collide: only the gateway's is published, on
             the loopback port given)
  changed    Deployment, StatefulSet -> a Pod (one replica; a StatefulSet's
             volumeClaimTemplates -> the claim Kubernetes would make,
             <template>-<name>-0); Job -> a Pod that runs once
             (restartPolicy Never); CronJob -> its job's Pod, run on demand;
             env from ConfigMaps and Secrets -> literal values; Secret,
             ConfigMap, projected and emptyDir volumes -> files under
             STATE_DIR, with the volume's mode and the pod's fsGroup;
             $(VAR) in command and args -> expanded, as the kubelet does
"""
import os
import pathlib
import re
import sys

import yaml

args = sys.argv[1:]
gateway_port = None
if "--gateway-port" in args:
    i = args.index("--gateway-port")
    gateway_port = int(args[i + 1])
    del args[i:i + 2]
if len(args) != 4:
    sys.exit(__doc__)
render, secrets_dir, state_dir, out_dir = map(pathlib.Path, args)
out_dir.mkdir(parents=True, exist_ok=True)
state_dir.mkdir(parents=True, exist_ok=True)

docs = [d for d in yaml.safe_load_all(render.read_text()) if d]
config_maps = {d["metadata"]["name"]: d.get("data", {}) for d in docs if d["kind"] == "ConfigMap"}
notes = {}


def note(what, why):
    notes.setdefault(why, []).append(what)


def secret_value(name, key):
    path = secrets_dir / name / key
    if not path.is_file():
        sys.exit(f"kube_to_podman: Secret {name} key {key}: no file {path}")
    return path.read_text()


def config_value(name, key):
    if name not in config_maps or key not in config_maps[name]:
        sys.exit(f"kube_to_podman: ConfigMap {name} key {key}: not in the render")
    return config_maps[name][key]


def resolve_env(container, where):
    """envFrom and valueFrom as literal values, in the kubelet's order."""
    env = {}
    for source in container.pop("envFrom", []):
        if "configMapRef" in source:
            env.update(config_maps[source["configMapRef"]["name"]])
        elif "secretRef" in source:
            name = source["secretRef"]["name"]
            for key in sorted(os.listdir(secrets_dir / name)):
                env[key] = secret_value(name, key)
        else:
            sys.exit(f"kube_to_podman: {where}: envFrom {source}")
    for var in container.pop("env", []):
        if "value" in var:
            env[var["name"]] = var["value"]
        elif "secretKeyRef" in var["valueFrom"]:
            ref = var["valueFrom"]["secretKeyRef"]
            env[var["name"]] = secret_value(ref["name"], ref["key"])
        elif "configMapKeyRef" in var["valueFrom"]:
            ref = var["valueFrom"]["configMapKeyRef"]
            env[var["name"]] = config_value(ref["name"], ref["key"])
        else:
            sys.exit(f"kube_to_podman: {where}: env {var}")
    if env:
        note(where, "env from ConfigMaps and Secrets -> literal values")
        container["env"] = [{"name": k, "value": v} for k, v in env.items()]
    # $(VAR) in command and args, as the kubelet expands them; $$ is a $.
    def expand(text):
        return re.sub(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)",
                      lambda m: "$" if m.group(0) == "$$" else env.get(m.group(1), m.group(0)),
                      text)
    for field in ("command", "args"):
        if field in container:
            container[field] = [expand(a) for a in container[field]]


def write_file(path, text, mode, gid):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    os.chown(path, 0, gid)
    os.chmod(path, mode)


def host_volume(pod_name, volume, gid):
    """A Secret, ConfigMap, projected or emptyDir volume as a host folder."""
    name = volume["name"]
    folder = state_dir / pod_name / name
    folder.mkdir(parents=True, exist_ok=True)
    os.chown(folder, 0, gid)
    if "emptyDir" in volume:
        # Writable by the pod, as the kubelet makes one.
        os.chmod(folder, 0o1777)
        kind = "emptyDir"
    else:
        os.chmod(folder, 0o755)
        if "secret" in volume:
            kind = "secret"
            spec = volume["secret"]
            sources = [{"secret": {"name": spec["secretName"], "items": spec.get("items")}}]
            mode = spec.get("defaultMode", 0o644)
        elif "configMap" in volume:
            kind = "configMap"
            spec = volume["configMap"]
            sources = [{"configMap": {"name": spec["name"], "items": spec.get("items")}}]
            mode = spec.get("defaultMode", 0o644)
        elif "projected" in volume:
            kind = "projected"
            sources = volume["projected"]["sources"]
            mode = volume["projected"].get("defaultMode", 0o644)
        else:
            sys.exit(f"kube_to_podman: {pod_name}: volume {volume}")
        for source in sources:
            if "secret" in source:
                ref = source["secret"]
                items = ref.get("items") or [{"key": k, "path": k}
                                             for k in sorted(os.listdir(secrets_dir / ref["name"]))]
                for item in items:
                    write_file(folder / item["path"], secret_value(ref["name"], item["key"]),
                               item.get("mode", mode), gid)
            else:
                ref = source["configMap"]
                items = ref.get("items") or [{"key": k, "path": k}
                                             for k in sorted(config_maps[ref["name"]])]
                for item in items:
                    write_file(folder / item["path"], config_value(ref["name"], item["key"]),
                               item.get("mode", mode), gid)
    note(f"{pod_name}/{name}", f"{kind} volume -> a host folder under the state directory")
    return {"name": name, "hostPath": {"path": str(folder), "type": "Directory"}}


def convert_pod(name, kind, template, claims):
    """One workload's pod template as a Pod podman plays."""
    spec = template["spec"]
    security = spec.get("securityContext", {})
    gid = security.get("fsGroup", security.get("runAsGroup", 0))
    if "fsGroup" in security and security.get("runAsGroup", security["fsGroup"]) != security["fsGroup"]:
        # podman gives the process no supplementary fsGroup: the volumes'
        # group must be the process's own.
        sys.exit(f"kube_to_podman: {name}: fsGroup differs from runAsGroup")
    for field in ("serviceAccountName", "automountServiceAccountToken", "imagePullSecrets",
                  "affinity", "topologySpreadConstraints", "terminationGracePeriodSeconds"):
        if spec.pop(field, None) is not None:
            note(f"{name}.{field}", "dropped: no API server, scheduler or registry here")
    security.pop("fsGroup", None)
    for container in spec.get("initContainers", []) + spec["containers"]:
        where = f"{name}/{container['name']}"
        resolve_env(container, where)
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            if container.pop(probe, None) is not None:
                note(f"{where}.{probe}", "dropped: probes (the test waits for health itself)")
        if container.pop("lifecycle", None) is not None:
            note(f"{where}.lifecycle", "dropped: preStop hooks")
        if container.get("resources", {}).pop("requests", None) is not None:
            note(f"{where}.resources.requests", "dropped: requests (no scheduler)")
        # podman 4.3 publishes every containerPort on the host (as if it had
        # hostPort): the host's own PostgreSQL, Redis or the other pods'
        # 9464 would collide. Only the gateway's is kept, on a free
        # loopback port; the pods reach each other on the network.
        kept = []
        for port in container.pop("ports", []):
            if gateway_port and name == "gateway" and port.get("name") == "http":
                port["hostPort"] = gateway_port
                port["hostIP"] = "127.0.0.1"
                kept.append(port)
                note(f"{where}:{port['containerPort']}",
                     f"published on the host at 127.0.0.1:{gateway_port}")
            else:
                note(f"{where}:{port['containerPort']}",
                     "dropped: ports (podman 4.3 would publish each on the host)")
        if kept:
            container["ports"] = kept
    volumes = []
    for volume in spec.get("volumes", []):
        if "persistentVolumeClaim" in volume:
            claims.append((volume["persistentVolumeClaim"]["claimName"], gid))
            volumes.append(volume)
        else:
            volumes.append(host_volume(name, volume, gid))
    for template_claim in claims_of_statefulset.get(name, []):
        claim = f"{template_claim}-{name}-0"
        claims.append((claim, gid))
        volumes.append({"name": template_claim, "persistentVolumeClaim": {"claimName": claim}})
        note(f"{name}: {claim}", "volumeClaimTemplates -> the claim of pod 0, a podman volume")
    if volumes:
        spec["volumes"] = volumes
    if kind in ("Deployment", "StatefulSet"):
        spec["restartPolicy"] = "Always"
    labels = template.get("metadata", {}).get("labels", {})
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "labels": labels}, "spec": spec}


claims_of_statefulset = {}
claims = []
written = []
for doc in docs:
    kind, name = doc["kind"], doc["metadata"]["name"]
    if kind in ("Namespace", "ServiceAccount", "NetworkPolicy", "Service"):
        note(f"{kind} {name}", {
            "Namespace": "dropped: no namespaces",
            "ServiceAccount": "dropped: no API server",
            "NetworkPolicy": "dropped: podman enforces no NetworkPolicy",
            "Service": "dropped: pods reach each other by pod name on the network",
        }[kind])
        continue
    if kind in ("ConfigMap", "PersistentVolumeClaim"):
        continue
    if kind == "Deployment":
        if doc["spec"].get("replicas", 1) != 1:
            note(f"{name}: {doc['spec']['replicas']} replicas", "changed: one pod")
        pod = convert_pod(name, kind, doc["spec"]["template"], claims)
    elif kind == "StatefulSet":
        claims_of_statefulset[name] = [t["metadata"]["name"]
                                       for t in doc["spec"].get("volumeClaimTemplates", [])]
        note(f"StatefulSet {name}", "changed: a Pod named after it (podman has no StatefulSet)")
        pod = convert_pod(name, kind, doc["spec"]["template"], claims)
    elif kind == "Job":
        note(f"Job {name}", "changed: a Pod that runs once (podman has no Job)")
        pod = convert_pod(name, kind, doc["spec"]["template"], claims)
    elif kind == "CronJob":
        note(f"CronJob {name}", "changed: its job's Pod, run on demand (podman has no CronJob)")
        pod = convert_pod(name, kind, doc["spec"]["jobTemplate"]["spec"]["template"], claims)
    else:
        sys.exit(f"kube_to_podman: {kind} {name}: not known here")
    (out_dir / f"{name}.yaml").write_text(yaml.safe_dump(pod, sort_keys=False))
    written.append(name)

(out_dir / "volumes.txt").write_text("".join(f"{c} {g}\n" for c, g in dict(claims).items()))
for why, what in sorted(notes.items()):
    shown = ", ".join(what[:6]) + (f", … ({len(what)})" if len(what) > 6 else "")
    print(f"kube_to_podman: {why}: {shown}", file=sys.stderr)
print(" ".join(written))
