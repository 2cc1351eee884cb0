"""Print the mutation score of a mutmut run: killed, survived and total per mutated module and overall."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

# mutmut's exit codes (mutmut.stats.status_by_exit_code): 1 and 3 are a failing test run, 0 a passing one.
KILLED = {1, 3}
TIMEOUT = {36, -24, 24, 152, 255}  # the tests hung under the mutant: detected, as a kill
SURVIVED = {0}
NO_TESTS = {5, 33}  # no unit test runs the mutated function: counted as survived


def verdict(exit_code: int | None) -> str:
    """One word for a mutant's outcome."""
    if exit_code in KILLED or exit_code in TIMEOUT:
        return "killed"
    if exit_code in SURVIVED or exit_code in NO_TESTS:
        return "survived"
    return "unchecked"


def module_name(meta: Path, mutants: Path) -> str:
    """`src/verification/domain/case.py.meta` -> `verification.domain.case`."""
    relative = meta.relative_to(mutants / "src").as_posix().removesuffix(".py.meta")
    return relative.replace("/", ".").removesuffix(".__init__")


def tally(mutants: Path) -> dict[str, Counter[str]]:
    """Outcomes per module, read from the `.meta` file mutmut keeps beside each mutated file."""
    counts: dict[str, Counter[str]] = {}
    for meta in sorted((mutants / "src").rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].values()
        if codes:
            counts[module_name(meta, mutants)] = Counter(verdict(code) for code in codes)
    return counts


def row(name: str, count: Counter[str], width: int) -> str:
    """A line of the table: killed, survived, unchecked, total and the killed share."""
    total = sum(count.values())
    share = 100 * count["killed"] / total if total else 0.0
    counted = f"{count['killed']:>7} {count['survived']:>9} {count['unchecked']:>10} {total:>6}"
    return f"{name:<{width}} {counted} {share:>7.1f} %"


def main(mutants: Path) -> int:
    """Print the table; exit non-zero when no mutant was found (the run did not happen)."""
    counts = tally(mutants)
    if not counts:
        print(f"no mutmut results under {mutants}", file=sys.stderr)
        return 1
    width = max(len(name) for name in counts) + 1
    print(f"{'module':<{width}} {'killed':>7} {'survived':>9} {'unchecked':>10} {'total':>6} {'share':>9}")
    for name, count in counts.items():
        print(row(name, count, width))
    overall = sum(counts.values(), Counter[str]())
    print(row("overall", overall, width))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".mutation/mutants")))
