"""Count the generated cases of a `make stress` run from pytest's Hypothesis statistics.

Usage: python bench/stress_report.py .cache/stress.log
Prints the total of passing and failing generated cases, per test file and overall.
"""

from __future__ import annotations

import re
import sys
from collections import Counter


def count(log: str) -> tuple[Counter, Counter]:
    passing, failing = Counter(), Counter()
    current = "?"
    for line in log.splitlines():
        if header := re.match(r"^(tests/[\w/]+\.py)::", line):
            current = header.group(1)
        elif cases := re.search(r"- (\d+) passing, (\d+) failing", line):
            passing[current] += int(cases.group(1))
            failing[current] += int(cases.group(2))
    return passing, failing


def main(path: str) -> None:
    log = open(path, encoding="utf-8").read()
    passing, failing = count(log)
    for name in sorted(passing):
        print(f"{name}: {passing[name]:,} generated cases passed, {failing[name]} failed")
    summary = next((line for line in reversed(log.splitlines()) if re.search(r"\b(passed|failed)\b", line)), "")
    print(f"total: {sum(passing.values()):,} generated cases passed, {sum(failing.values())} failed; pytest: {summary.strip('= ')}")


if __name__ == "__main__":
    main(sys.argv[1])
