"""`python -m verification [serve|migrate]`."""

from __future__ import annotations

import sys
from pathlib import Path

from lpse_runtime.cli import service_main
from verification.app import create_app
from verification.settings import Settings

if __name__ == "__main__":
    sys.exit(
        service_main(
            "verification",
            Settings,
            create_app,
            Path(__file__).parent / "migrations",
        )
    )
