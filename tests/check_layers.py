#!/usr/bin/python3
"""Fails on any include or link that goes against the layers.

The layers (docs/architecture.md, "Layers"), each using only those below:

  1. lib        libs/<name>/          small libraries: no gRPC, no SQL, no
                                      service knowledge, no generated code
  2. domain     services/<s>/domain/  the rules: libraries and the proto
                                      messages (ADR 0002), no gRPC, no SQL,
                                      no platform
  3. platform   services/common/      bootstrap, clients, storage, cache,
                                      observability: no domain
  4. service    services/<s>/         handlers, stores, main; tools/ (the CLI)

Sideways: a service uses its own files and any domain, never another
service's handlers or store; a domain uses its own rules and the budget
domain (the shared vocabulary of figures), nothing of another service.

Includes are read from every .cc/.h of those folders; links from every
CMakeLists.txt (add_library / add_executable and target_link_libraries of
jixiao_* targets). Run with --self-test to see the check catch planted
breaches in a temporary copy.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

from tree_check import report

CHECKED_ROOTS = ("libs", "services", "tools")
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)
ADD_TARGET = re.compile(r"add_(?:library|executable)\(\s*([A-Za-z0-9_-]+)")
LINK = re.compile(r"target_link_libraries\(\s*([A-Za-z0-9_-]+)([^)]*)\)", re.S)

GRPC = ("grpcpp/", "grpc/", "grpc++/")
STORAGE = ("sqlite3.h", "libpq-fe.h", "hiredis/", "postgresql/")


def layer_of_path(path):
    """(layer, owner) of a repository path, or None when not checked."""
    parts = path.split("/")
    if parts[0] == "libs" and len(parts) > 2:
        return ("lib", parts[1])
    if parts[0] == "tools" and len(parts) > 2:
        return ("tool", parts[1])
    if parts[0] == "services" and len(parts) > 2:
        if parts[1] == "common":
            return ("platform", "common")
        if parts[2] == "domain":
            return ("domain", parts[1])
        return ("service", parts[1])
    return None


def layer_of_include(include):
    if include.startswith(GRPC):
        return ("grpc", "")
    if include.startswith(STORAGE):
        return ("storage", "")
    if include.startswith("jixiao/"):
        if include.endswith(".grpc.pb.h"):
            return ("grpc", "")
        if include.endswith(".pb.h"):
            return ("messages", "")
    return layer_of_path(include)


def allowed(user, used):
    """Whether code of layer `user` may depend on `used`."""
    kind, owner = user
    used_kind, used_owner = used
    if kind == "lib":
        return used_kind == "lib"
    if kind == "domain":
        if used_kind in ("lib", "messages"):
            return True
        return used_kind == "domain" and used_owner in (owner, "budget")
    if kind == "platform":
        return used_kind in ("lib", "messages", "grpc", "storage", "platform")
    if kind == "service":
        if used_kind in ("lib", "messages", "grpc", "storage", "platform",
                         "domain"):
            return True
        return used_kind == "service" and used_owner == owner
    if kind == "tool":
        return used_kind != "service"
    return True


def source_files(root):
    for top in CHECKED_ROOTS:
        for directory, _, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if name.endswith((".cc", ".h")) or name == "CMakeLists.txt":
                    yield os.path.relpath(os.path.join(directory, name), root)


def check(root):
    problems = []
    target_layer = {}
    links = []
    for path in source_files(root):
        user = layer_of_path(path)
        with open(os.path.join(root, path), encoding="utf-8") as f:
            text = f.read()
        if path.endswith("CMakeLists.txt"):
            if user is None:
                continue
            for target in ADD_TARGET.findall(text):
                target_layer[target] = user
            for target, deps in LINK.findall(text):
                links.append((path, target, deps.split()))
            continue
        if user is None:
            continue
        for include in INCLUDE.findall(text):
            used = layer_of_include(include)
            if used is not None and not allowed(user, used):
                problems.append(
                    f"{path}: includes {include} ({used[0]} {used[1]}"
                    f" from {user[0]} {user[1]})".replace(" )", ")"))
    for path, target, deps in links:
        user = target_layer.get(target)
        if user is None:
            continue
        for dep in deps:
            used = target_layer.get(dep)
            if used is not None and not allowed(user, used):
                problems.append(f"{path}: {target} ({user[0]} {user[1]}) links"
                                f" {dep} ({used[0]} {used[1]})")
    return problems


def self_test(root):
    """The check must catch one planted breach of each kind."""
    plants = {
        "libs/money/planted.h": '#include "services/common/log.h"\n',
        "services/budget/domain/planted.h": '#include "grpcpp/channel.h"\n',
        "services/common/planted.h":
            '#include "services/indicator/domain/values.h"\n',
        "services/evaluation/planted.h":
            '#include "services/budget/store/budget_store.h"\n',
        "services/indicator/domain/planted.h":
            '#include "services/evaluation/domain/scoring.h"\n',
    }
    with tempfile.TemporaryDirectory() as tmp:
        for top in CHECKED_ROOTS:
            shutil.copytree(os.path.join(root, top), os.path.join(tmp, top))
        if check(tmp):
            print("self-test: the unplanted copy is not clean", file=sys.stderr)
            return 1
        for path, text in plants.items():
            with open(os.path.join(tmp, path), "w", encoding="utf-8") as f:
                f.write(text)
        with open(os.path.join(tmp, "services/budget/domain/report_extract/"
                               "CMakeLists.txt"), "a", encoding="utf-8") as f:
            f.write("\ntarget_link_libraries(jixiao_report_extract PUBLIC "
                    "jixiao_common)\n")
        found = check(tmp)
        missed = [p for p in plants if not any(f.startswith(p) for f in found)]
        if not any("links jixiao_common" in f for f in found):
            missed.append("a domain library linking the platform")
        if missed:
            print("self-test: not caught: " + ", ".join(missed),
                  file=sys.stderr)
            return 1
        print(f"self-test: {len(found)} planted breaches caught")
    return 0


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if "--self-test" in sys.argv:
        return self_test(root)
    return report(check(root),
                  "dependencies against the layers "
                  "(docs/architecture.md, Layers)",
                  "layers: every include and link goes down")


if __name__ == "__main__":
    sys.exit(main())
