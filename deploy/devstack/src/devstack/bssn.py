"""A small BSSN simulator for the dev stack and the tests: BSSN's forensic API and its answers by signed callback.

Its own process on its own port (`/bssn/api/…`), so a test can kill BSSN while LKPP stays up. `POST
/bssn/api/forensik` is `devstack.forensik`'s desk under BSSN's secret (`BSSN_CALLBACK_SECRET`, header
`x-bssn-signature`): 202 `{"ref": "BSSN-UF-XXXXXXXX"}`, the same number on a repeated key, a finding by callback a
second later; a note with "TUNDA" is never answered, one with "TOLAK-BSSN" is refused (422). `GET /bssn/api/diterima`
lists what it received. Like LKPP's simulator it keeps its cases in memory: a restarted simulator has forgotten them.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
from collections.abc import AsyncIterator

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from devstack.forensik import ForensicDesk


async def ready(_: Request) -> JSONResponse:
    """`GET /bssn/health/ready`: the simulator answers."""
    return JSONResponse({"status": "ok"})


def simulator_app(secret: str, *, delay: float = 1.0) -> Starlette:
    """The BSSN simulator as an ASGI app."""
    desk = ForensicDesk("bssn", secret, delay)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=10.0) as client:
            desk.client = client
            try:
                yield
            finally:
                await desk.close()
                desk.client = None

    app = Starlette(
        routes=[
            Route("/bssn/api/forensik", desk.take, methods=["POST"]),
            Route("/bssn/api/diterima", desk.listing, methods=["GET"]),
            Route("/bssn/health/ready", ready, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
    app.state.forensik = desk
    return app


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8491)
    parser.add_argument("--delay", type=float, default=1.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    app = simulator_app(os.environ["BSSN_CALLBACK_SECRET"], delay=args.delay)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", timeout_graceful_shutdown=5)


if __name__ == "__main__":
    main()
