"""`python -m verification [serve|migrate|seed-staff FILE]`."""

from __future__ import annotations

import sys
from pathlib import Path

from lpse_runtime.cli import service_main
from verification.app import create_app
from verification.seed import seed_staff_command
from verification.settings import Settings

if __name__ == "__main__":
    sys.exit(
        service_main(
            "verification",
            Settings,
            create_app,
            Path(__file__).parent / "migrations",
            {"seed-staff": seed_staff_command},
        )
    )
