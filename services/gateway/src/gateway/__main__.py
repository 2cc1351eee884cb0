"""`python -m gateway [serve|migrate]`."""

from __future__ import annotations

import sys
from pathlib import Path

from gateway.app import create_app
from gateway.settings import Settings
from lpse_runtime.cli import service_main

if __name__ == "__main__":
    sys.exit(service_main("gateway", Settings, create_app, Path(__file__).parent / "migrations"))
