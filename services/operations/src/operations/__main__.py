"""`python -m operations`: the operators' view (no `migrate`: it has no tables)."""

from __future__ import annotations

import sys

from lpse_runtime.cli import service_main
from operations.app import create_app
from operations.settings import Settings

if __name__ == "__main__":
    sys.exit(service_main("operations", Settings, create_app, None))
