#!/usr/bin/python3
"""Fails on a standard-library lock in the C++ of the product, bench or tests.

One mutex type (docs/architecture.md, "How things are done"): absl::Mutex,
its members marked ABSL_GUARDED_BY, waits as mu.Await(absl::Condition(...)).
A std::mutex, condition variable or lock beside it would be a second way,
unseen by the thread-safety annotations. Usage: check_one_mutex.py [ROOT]
(ROOT defaults to the repository; give a planted copy to see it fail).
"""

import os
import re
import sys

from tree_check import report

CHECKED_ROOTS = ("services", "libs", "tools", "bench", "tests", "fuzz")
STD_LOCK = re.compile(
    r"std::(?:recursive_|timed_|recursive_timed_|shared_|shared_timed_)?mutex"
    r"|std::condition_variable|std::(?:lock_guard|unique_lock|scoped_lock"
    r"|shared_lock)\b"
    r'|#\s*include\s*<(?:mutex|condition_variable|shared_mutex)>')


def check(root):
    problems = []
    for top in CHECKED_ROOTS:
        for folder, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith((".cc", ".h")):
                    continue
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, line in enumerate(f, 1):
                        code = line.split("//", 1)[0]  # a comment may name it
                        if STD_LOCK.search(code):
                            problems.append(
                                f"{os.path.relpath(path, root)}:{number}: "
                                f"{line.strip()}")
    return problems


def main():
    default = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    root = sys.argv[1] if len(sys.argv) > 1 else default
    return report(check(root),
                  "standard-library locks: use absl::Mutex "
                  "(docs/architecture.md, How things are done)",
                  "one mutex type: absl::Mutex everywhere")


if __name__ == "__main__":
    sys.exit(main())
