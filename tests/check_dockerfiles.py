#!/usr/bin/python3
"""What can be checked of deploy/docker/*.Dockerfile without a Docker engine.

  1. every package an `apt-get install` names exists in Debian bookworm;
  2. `cmake --install` yields exactly deploy/docker/install-tree.txt;
  3. every file a Dockerfile copies from the build stage is in that tree;
  4. the runtime stage's packages hold every shared library the image's
     binary needs (its NEEDED entries, found through ldconfig and dpkg);
  5. the build stage's configure (tests off) works with what it installs.

usage: check_dockerfiles.py SOURCE_DIR BUILD_DIR
"""
import pathlib
import re
import subprocess
import sys
import tempfile

source, build = map(pathlib.Path, sys.argv[1:3])
failures = []


def run(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def stages(text):
    """[(stage text)], split at FROM lines; continuation lines joined."""
    joined = re.sub(r"\\\n", " ", text)
    parts = re.split(r"^FROM ", joined, flags=re.M)[1:]
    return parts


def apt_packages(stage):
    out = []
    for m in re.finditer(r"apt-get install ([^&]*)", stage):
        out += [w for w in m.group(1).split() if not w.startswith("-")]
    return out


# 2. The install tree.
with tempfile.TemporaryDirectory() as prefix:
    r = run("cmake", "--install", str(build), "--prefix", prefix)
    if r.returncode:
        failures.append(f"cmake --install: {r.stderr.strip()}")
    tree = sorted(str(p.relative_to(prefix)) for p in pathlib.Path(prefix).rglob("*")
                  if p.is_file())
expected = (source / "deploy/docker/install-tree.txt").read_text().split()
if tree != expected:
    failures.append("cmake --install yields " + " ".join(tree) +
                    "\n  but deploy/docker/install-tree.txt says " + " ".join(expected))

dockerfiles = sorted((source / "deploy/docker").glob("*.Dockerfile"))
if len(dockerfiles) < 4:
    failures.append(f"expected a Dockerfile per service, found {len(dockerfiles)}")
checked_packages = {}
for dockerfile in dockerfiles:
    name = dockerfile.name
    build_stage, runtime_stage = stages(dockerfile.read_text())
    # 1. Packages exist.
    for package in apt_packages(build_stage) + apt_packages(runtime_stage):
        if package not in checked_packages:
            r = run("apt-cache", "show", "--no-all-versions", package)
            checked_packages[package] = r.returncode == 0 and "Package:" in r.stdout
        if not checked_packages[package]:
            failures.append(f"{name}: no Debian package {package}")
    # 3. What is copied was installed.
    copied = re.findall(r"^COPY --from=build /opt/jixiao/(\S+)", runtime_stage, re.M)
    for path in copied:
        path = path.rstrip("/")
        if not any(f == path or f.startswith(path + "/") for f in tree):
            failures.append(f"{name}: copies /opt/jixiao/{path}, which cmake does not install")
    # 4. The runtime packages cover the binary's libraries.
    entry = re.search(r'ENTRYPOINT \["/usr/bin/([^"]+)"\]', runtime_stage)
    if not entry:
        failures.append(f"{name}: no ENTRYPOINT")
        continue
    binary = build / "services" / entry.group(1).removeprefix("jixiao-") / entry.group(1)
    needed = re.findall(r"NEEDED\s+(\S+)", run("objdump", "-p", str(binary)).stdout)
    ldconfig = run("ldconfig", "-p").stdout
    runtime = set(apt_packages(runtime_stage)) | {"libc6", "libgcc-s1"}
    for library in needed:
        if library == "libjixiao_proto.so":
            continue
        m = re.search(r"^\s+" + re.escape(library) + r" \(libc6,x86-64\) => (\S+)$",
                      ldconfig, re.M)
        if not m:
            failures.append(f"{name}: {library} not found on this machine")
            continue
        path = pathlib.Path(m.group(1)).resolve()
        owner = ""
        for candidate in (str(path), str(path).replace("/usr/lib/", "/lib/", 1)):
            r = run("dpkg", "-S", candidate)
            if r.returncode == 0:
                owner = r.stdout.split(":")[0]
                break
        if owner not in runtime:
            failures.append(f"{name}: {entry.group(1)} needs {library} from "
                            f"{owner or '?'}, which the image does not install")

# 5. The images' configure: tests off, nothing of the test tools needed.
with tempfile.TemporaryDirectory() as scratch:
    r = run("cmake", "-S", str(source), "-B", scratch, "-G", "Ninja",
            "-DJIXIAO_BUILD_TESTS=OFF")
    if r.returncode:
        failures.append("configure with -DJIXIAO_BUILD_TESTS=OFF: " + r.stderr[-500:])

for f in failures:
    print("FAIL", f)
print(f"dockerfiles: {len(dockerfiles)} checked, {len(checked_packages)} packages, "
      f"{len(tree)} installed files, {len(failures)} problem(s)")
sys.exit(1 if failures else 0)
