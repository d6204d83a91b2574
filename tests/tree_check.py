"""What the repository's tree checks (check_layers.py, check_one_mutex.py)
share: how they report what they found."""

import sys


def report(problems, what_is_wrong, all_good):
    """Prints each problem, then how many and what is wrong on stderr;
    returns the exit code (1 for any problem)."""
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} {what_is_wrong}", file=sys.stderr)
        return 1
    print(all_good)
    return 0
