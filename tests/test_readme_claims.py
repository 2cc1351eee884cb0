"""The README's claims table: every row names at least one test, and every test it names exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADING = "### What the README claims, and the test that checks it"
CITED = re.compile(r"`([^`]+)`")


def claim_rows(readme: str) -> list[tuple[str, str]]:
    """(claim, test cell) of every row of the claims tables, from their heading to the next section."""
    section = readme.split(HEADING, 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if not line.startswith("| ") or cells[0] in {"claim", "---"}:
            continue
        rows.append((cells[0], cells[-1]))
    return rows


def defined_tests(path: Path) -> set[str]:
    """The names of the test functions a module defines, at top level or in a class."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def missing(cited: str) -> str | None:
    """Why a cited `path::name` is not a test of the repository; None when it is one."""
    path, _, name = cited.partition("::")
    file = ROOT / path
    if not path.endswith(".py") or not file.is_file():
        return f"{path}: no such test module"
    if name and name.split("[", 1)[0] not in defined_tests(file):
        return f"{cited}: no such test"
    return None


def test_the_table_has_rows() -> None:
    rows = claim_rows((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(rows) > 100, "the claims table was not found under its heading"


def test_every_claim_names_a_test_that_exists() -> None:
    problems = []
    for claim, cell in claim_rows((ROOT / "README.md").read_text(encoding="utf-8")):
        cited = CITED.findall(cell)
        if not cited:
            problems.append(f"{claim}: no test named")
        problems.extend(f"{claim}: {why}" for why in map(missing, cited) if why)
    assert problems == []


def test_a_row_naming_no_test_or_a_missing_one_is_found() -> None:
    readme = (
        f"{HEADING}\n\n| claim | test |\n| --- | --- |\n| a promise | pending |\n"
        "| another | `tests/test_readme_claims.py::test_that_does_not_exist` |\n"
        "| a real one | `tests/test_readme_claims.py::test_the_table_has_rows` |\n\n## Next\n| x | y |\n"
    )
    rows = claim_rows(readme)
    assert [claim for claim, _ in rows] == ["a promise", "another", "a real one"]
    assert [missing(c) for _, cell in rows for c in CITED.findall(cell)] == [
        "tests/test_readme_claims.py::test_that_does_not_exist: no such test",
        None,
    ]
