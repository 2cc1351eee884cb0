"""`python -m helpdesk [serve|migrate]`."""

from __future__ import annotations

import sys
from pathlib import Path

from helpdesk.app import create_app
from helpdesk.settings import Settings
from lpse_runtime.cli import service_main

if __name__ == "__main__":
    sys.exit(service_main("helpdesk", Settings, create_app, Path(__file__).parent / "migrations"))
