"""The root conftest refuses a test that needs a server but carries no tier marker, so `make unit` never starts one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_pytest(tree: Path, files: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """pytest over a small tree holding the repository's root conftest (without its fixtures plugin) and `files`."""
    conftest = (ROOT / "conftest.py").read_text(encoding="utf-8").replace('pytest_plugins = ["tests.support"]', "")
    (tree / "conftest.py").write_text(
        conftest + "\n\n@pytest.fixture\ndef infra() -> str:\n    return 'a server'\n", encoding="utf-8"
    )
    for name, text in files.items():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tree), str(tree)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tree,
    )


def test_an_untiered_test_in_an_integration_folder_stops_the_run(tmp_path: Path) -> None:
    done = run_pytest(tmp_path, {"svc/tests/integration/test_db.py": "def test_db():\n    assert True\n"})
    assert done.returncode == 4, done.stdout + done.stderr
    assert "svc/tests/integration/test_db.py::test_db: lies in a server tier's folder" in done.stdout + done.stderr


def test_a_unit_test_using_a_server_fixture_stops_the_run(tmp_path: Path) -> None:
    done = run_pytest(tmp_path, {"svc/tests/unit/test_x.py": "def test_x(infra):\n    assert infra\n"})
    assert done.returncode == 4, done.stdout + done.stderr
    assert "test_x.py::test_x: uses infra" in done.stdout + done.stderr


def test_a_tiered_test_and_a_plain_unit_test_run(tmp_path: Path) -> None:
    done = run_pytest(
        tmp_path,
        {
            "svc/tests/integration/test_db.py": "import pytest\n\npytestmark = pytest.mark.integration\n\n\n"
            "def test_db(infra):\n    assert infra\n",
            "svc/tests/unit/test_rule.py": "def test_rule():\n    assert 1 + 1 == 2\n",
        },
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout
