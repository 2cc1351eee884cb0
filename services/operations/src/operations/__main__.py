"""`python -m operations`: the operators' view."""

from __future__ import annotations

import logging

import uvicorn

from operations.app import create_app
from operations.settings import Settings

if __name__ == "__main__":
    settings = Settings()
    logging.basicConfig(level=logging.INFO)
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_level="warning",
        timeout_graceful_shutdown=5,
    )
