#!/usr/bin/python3
"""What can be checked of the images (deploy/containers/) without building them.

Every image is built by deploy/images.sh from Debian packages alone: a base
root filesystem made by mmdebstrap (deploy/containers/base/KIND.packages)
imported as localhost/jixiao-base/KIND, and a Containerfile on it that copies
what the host built. This checks the rule and what the images rest on:

  1. `cmake --install` yields exactly deploy/containers/install-tree.txt;
  2. every image the manifests name (k8s/: jixiao/budget ... postgres, redis)
     and the tools image has its NAME.Containerfile, and deploy/images.sh
     builds each;
  3. each Containerfile has one FROM, and it is its local base
     (localhost/jixiao-base/KIND:${BASE_TAG}, KIND with a package list): no
     registry, no other stage; no RUN (nothing runs, nothing is fetched while
     building) and no ADD; a USER that is not root, the same as the
     manifests' runAsUser for it; a service's ENTRYPOINT is its binary;
  4. everything it copies is in the install tree or staged by images.sh;
  5. every package of every list exists in Debian bookworm;
  6. the packages of a base hold every shared library its binaries need
     (NEEDED entries, found through ldconfig and dpkg as on this machine);
  7. the PostgreSQL entrypoint reads every variable postgres.yaml sets and
     runs /docker-entrypoint-initdb.d;
  8. the scripts parse (bash -n) and, when installed, pass shellcheck;
  9. the configure for a build without tests still works.

usage: check_dockerfiles.py SOURCE_DIR BUILD_DIR
"""
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

source, build = map(pathlib.Path, sys.argv[1:3])
containers = source / "deploy/containers"
failures = []


def run(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def packages_of(kind):
    path = containers / "base" / f"{kind}.packages"
    return [line.strip() for line in path.read_text().splitlines()
            if line.strip() and not line.startswith("#")]


# 1. The install tree.
with tempfile.TemporaryDirectory() as prefix:
    r = run("cmake", "--install", str(build), "--prefix", prefix)
    if r.returncode:
        failures.append(f"cmake --install: {r.stderr.strip()}")
    tree = sorted(str(p.relative_to(prefix)) for p in pathlib.Path(prefix).rglob("*")
                  if p.is_file())
expected = (containers / "install-tree.txt").read_text().split()
if tree != expected:
    failures.append("cmake --install yields " + " ".join(tree) +
                    "\n  but deploy/containers/install-tree.txt says " + " ".join(expected))

# What the manifests run, and as whom: image name -> runAsUser.
run_as = {}
for manifest in sorted((source / "k8s").glob("**/*.yaml")):
    if "node_modules" in manifest.parts or "validate" in manifest.parts:
        continue
    for doc in yaml.safe_load_all(manifest.read_text()):
        if not isinstance(doc, dict) or doc.get("kind") not in (
                "Deployment", "StatefulSet", "Job", "CronJob", "Pod"):
            continue
        # Patches (components/mtls, ...) name containers without images.
        spec = doc.get("spec", {})
        if doc["kind"] == "CronJob":
            spec = spec.get("jobTemplate", {}).get("spec", {})
        pod = spec if doc["kind"] == "Pod" else spec.get("template", {}).get("spec", {})
        user = pod.get("securityContext", {}).get("runAsUser")
        for container in pod.get("initContainers", []) + pod.get("containers", []):
            if "image" not in container:
                continue
            image = container["image"].split(":")[0].removeprefix("jixiao/")
            user_here = container.get("securityContext", {}).get("runAsUser", user)
            # The Job's grants and the backup run psql from the postgres
            # image as another uid: only the image's own workloads count.
            if doc["kind"] in ("Deployment", "StatefulSet") and user_here is not None:
                run_as.setdefault(image, set()).add(user_here)
            run_as.setdefault(image, set())

names = sorted(p.name.removesuffix(".Containerfile") for p in containers.glob("*.Containerfile"))
# 2. An image for each name the manifests use, the tools image, and images.sh
# building each.
for wanted in sorted(set(run_as) | {"tools"}):
    if wanted not in names:
        failures.append(f"the manifests use image {wanted}, but there is no "
                        f"deploy/containers/{wanted}.Containerfile")
images_sh = (source / "deploy/images.sh").read_text()
m = re.search(r"for name in ([a-z ]+); do", images_sh)
built = sorted(m.group(1).split()) if m else []
if built != names:
    failures.append(f"deploy/images.sh builds {built}, the Containerfiles are {names}")

staged = {"sql/", "demo/", "postgres-entrypoint.sh"}  # images.sh's context
checked_packages = {}
needed_by_kind = {}
for name in names:
    path = containers / f"{name}.Containerfile"
    where = f"{name}.Containerfile"
    text = re.sub(r"\\\n", " ", path.read_text())
    lines = [line.strip() for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    # 3. One FROM: the local base.
    froms = [line for line in lines if line.upper().startswith("FROM ")]
    kind = None
    if len(froms) != 1:
        failures.append(f"{where}: {len(froms)} FROM lines; one, the local base")
    else:
        m = re.fullmatch(r"FROM localhost/jixiao-base/([a-z]+):\$\{BASE_TAG\}", froms[0])
        if not m:
            failures.append(f"{where}: {froms[0]!r}: only FROM localhost/jixiao-base/KIND:${{BASE_TAG}}")
        elif not (containers / "base" / f"{m.group(1)}.packages").is_file():
            failures.append(f"{where}: no base/{m.group(1)}.packages")
        else:
            kind = m.group(1)
        if lines[0] != "ARG BASE_TAG":
            failures.append(f"{where}: starts with {lines[0]!r}, not ARG BASE_TAG")
    for line in lines:
        word = line.split()[0].upper()
        if word in ("RUN", "ADD", "ONBUILD"):
            failures.append(f"{where}: {word}: the image only copies onto its base")
    users = [line.split()[1] for line in lines if line.upper().startswith("USER ")]
    if not users:
        failures.append(f"{where}: no USER (it would run as root)")
    else:
        uid = users[-1].split(":")[0]
        if not uid.isdigit() or int(uid) == 0:
            failures.append(f"{where}: USER {users[-1]}: a numeric uid, not root")
        elif run_as.get(name) and run_as[name] != {int(uid)}:
            failures.append(f"{where}: USER {uid}, the manifests run it as {sorted(run_as[name])}")
    if name in ("budget", "indicator", "evaluation", "gateway"):
        if f'ENTRYPOINT ["/usr/bin/jixiao-{name}"]' not in lines:
            failures.append(f"{where}: ENTRYPOINT is not /usr/bin/jixiao-{name}")
    # 4. What it copies exists.
    copied = []
    for line in lines:
        if line.upper().startswith("COPY "):
            words = [w for w in line.split()[1:] if not w.startswith("--")]
            if any(w.startswith("--from") for w in line.split()):
                failures.append(f"{where}: COPY --from: no other stage")
            copied += words[:-1]
    for src in copied:
        if src.startswith("opt/jixiao/"):
            rel = src.removeprefix("opt/jixiao/").rstrip("/")
            if not any(f == rel or f.startswith(rel + "/") for f in tree):
                failures.append(f"{where}: copies {src}, which cmake does not install")
            if kind and src.startswith("opt/jixiao/bin/"):
                needed_by_kind.setdefault(kind, set()).add(build / "install" / rel)
        elif src not in staged:
            failures.append(f"{where}: copies {src}, which deploy/images.sh does not stage")

# 5. Every package exists in bookworm.
kinds = sorted(p.name.removesuffix(".packages") for p in (containers / "base").glob("*.packages"))
for kind in kinds:
    for package in packages_of(kind):
        if package not in checked_packages:
            r = run("apt-cache", "show", "--no-all-versions", package)
            checked_packages[package] = r.returncode == 0 and "Package:" in r.stdout
        if not checked_packages[package]:
            failures.append(f"base/{kind}.packages: no Debian package {package}")

# 6. The base's packages hold every library its binaries need.
binary_of = {"jixiao": build / "tools/jixiao/jixiao"}
for service in ("budget", "indicator", "evaluation", "gateway"):
    binary_of[f"jixiao-{service}"] = build / "services" / service / f"jixiao-{service}"
proto_lib = build / "proto/libjixiao_proto.so"
ldconfig = run("ldconfig", "-p").stdout
for kind, binaries in sorted(needed_by_kind.items()):
    files = [binary_of[b.name] for b in sorted(binaries)] + [proto_lib]
    listed = set(packages_of(kind)) | {"libc6", "libgcc-s1"}
    for path in files:
        needed = re.findall(r"NEEDED\s+(\S+)", run("objdump", "-p", str(path)).stdout)
        for library in needed:
            if library == "libjixiao_proto.so":
                continue
            m = re.search(r"^\s+" + re.escape(library) + r" \(libc6,x86-64\) => (\S+)$",
                          ldconfig, re.M)
            if not m:
                failures.append(f"{path.name}: {library} not found on this machine")
                continue
            resolved = pathlib.Path(m.group(1)).resolve()
            owner = ""
            for candidate in (str(resolved), str(resolved).replace("/usr/lib/", "/lib/", 1)):
                r = run("dpkg", "-S", candidate)
                if r.returncode == 0:
                    owner = r.stdout.split(":")[0]
                    break
            if owner not in listed:
                failures.append(f"base/{kind}.packages: {path.name} needs {library} from "
                                f"{owner or '?'}, which the base does not install")

# 7. The PostgreSQL image honours what postgres.yaml passes.
postgres_yaml = source / "k8s/components/in-cluster-postgres/postgres.yaml"
entrypoint = (containers / "postgres-entrypoint.sh").read_text()
for doc in yaml.safe_load_all(postgres_yaml.read_text()):
    if doc and doc.get("kind") == "StatefulSet":
        container = doc["spec"]["template"]["spec"]["containers"][0]
        for var in container.get("env", []):
            if var["name"] not in entrypoint:
                failures.append(f"postgres-entrypoint.sh: ignores {var['name']}, which postgres.yaml sets")
        if container.get("args", [""])[0] != "postgres":
            failures.append("postgres.yaml: args do not start with postgres")
        for mount in container.get("volumeMounts", []):
            if mount["mountPath"] == "/docker-entrypoint-initdb.d" and \
                    "/docker-entrypoint-initdb.d" not in entrypoint:
                failures.append("postgres-entrypoint.sh: does not run /docker-entrypoint-initdb.d")

# 8. The scripts.
scripts = [source / "deploy/images.sh", source / "deploy/bundle.sh",
           containers / "env.sh", containers / "base/hooks.sh",
           containers / "postgres-entrypoint.sh",
           *sorted((source / "tests/county").glob("*.sh"))]
shellcheck = shutil.which("shellcheck")
for script in scripts:
    if not script.is_file():
        failures.append(f"{script.relative_to(source)}: missing")
        continue
    r = run("bash", "-n", str(script))
    if r.returncode:
        failures.append(f"bash -n {script.relative_to(source)}: {r.stderr.strip()}")
    if shellcheck:
        r = run(shellcheck, "--shell=bash", str(script))
        if r.returncode:
            failures.append(f"shellcheck {script.relative_to(source)}:\n{r.stdout[-1500:]}")

# 9. The configure without tests (JIXIAO_BUILD_TESTS=OFF).
with tempfile.TemporaryDirectory() as scratch:
    r = run("cmake", "-S", str(source), "-B", scratch, "-G", "Ninja",
            "-DJIXIAO_BUILD_TESTS=OFF")
    if r.returncode:
        failures.append("configure with -DJIXIAO_BUILD_TESTS=OFF: " + r.stderr[-500:])

for f in failures:
    print("FAIL", f)
print(f"dockerfiles: {len(names)} Containerfiles on {len(kinds)} bases, "
      f"{len(checked_packages)} packages, {len(tree)} installed files, "
      f"{len(failures)} problem(s)")
sys.exit(1 if failures else 0)
