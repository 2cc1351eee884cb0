"""`python -m notifier [serve|migrate]`."""

from __future__ import annotations

import sys
from pathlib import Path

from lpse_runtime.cli import service_main
from notifier.app import create_app
from notifier.settings import Settings

if __name__ == "__main__":
    sys.exit(service_main("notifier", Settings, create_app, Path(__file__).parent / "migrations"))
