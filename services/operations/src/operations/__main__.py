"""`python -m operations`: the operators' view."""

from __future__ import annotations

import logging
import sys

import uvicorn

from lpse_runtime.settings import InsecureSettings
from operations.app import create_app
from operations.settings import Settings

if __name__ == "__main__":
    settings = Settings()
    try:
        settings.refuse_default_secrets()
    except InsecureSettings as exc:
        sys.exit(f"operations: pengaturan tidak aman, layanan tidak dijalankan: {exc}")
    logging.basicConfig(level=logging.INFO)
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_level="warning",
        timeout_graceful_shutdown=5,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
    )
