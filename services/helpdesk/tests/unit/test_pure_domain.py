"""The lint contract really guards the domain: a web framework imported by helpdesk's domain breaks `make lint`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import helpdesk

REPO = Path(__file__).parents[4]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_a_starlette_import_in_the_helpdesk_domain_is_caught(tmp_path: Path) -> None:
    copy = tmp_path / "helpdesk"
    shutil.copytree(Path(helpdesk.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    domain = copy / "domain" / "__init__.py"
    future = "from __future__ import annotations\n"
    domain.write_text(domain.read_text().replace(future, f"{future}\nimport starlette.requests\n", 1))
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    linted = subprocess.run(
        [str(LINT_IMPORTS), str(REPO / ".importlinter"), "--no-cache"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert linted.returncode != 0, linted.stdout
    assert "Domains import no web framework, database driver or messaging client BROKEN" in linted.stdout
    assert "helpdesk.domain is not allowed to import starlette:" in linted.stdout
    assert "helpdesk.domain -> starlette (l." in linted.stdout
