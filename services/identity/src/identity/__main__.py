"""`python -m identity [serve|migrate|seed-staff FILE]`."""

from __future__ import annotations

import sys
from pathlib import Path

from identity.app import create_app
from identity.seed import seed_staff_command
from identity.settings import Settings
from lpse_runtime.cli import service_main

if __name__ == "__main__":
    sys.exit(
        service_main(
            "identity",
            Settings,
            create_app,
            Path(__file__).parent / "migrations",
            {"seed-staff": seed_staff_command},
        )
    )
