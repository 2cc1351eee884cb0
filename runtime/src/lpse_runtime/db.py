"""PostgreSQL connection pools bound to one service schema."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg


def split_search_path(url: str) -> tuple[str, str | None]:
    """Remove `search_path` from a URL's query (asyncpg does not take it) and return it apart."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query)
    search_path = next((v for k, v in query if k == "search_path"), None)
    kept = [(k, v) for k, v in query if k != "search_path"]
    return urlunsplit(parts._replace(query=urlencode(kept))), search_path


async def create_pool(url: str, *, schema: str, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    """A pool whose connections use the service's own schema."""
    dsn, _ = split_search_path(url)
    settings: dict[str, Any] = {"search_path": schema, "application_name": schema, "timezone": "UTC"}
    pool = await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size, server_settings=settings)
    assert pool is not None
    return pool


async def connect(url: str, *, schema: str) -> asyncpg.Connection:
    """One connection on the service's schema (the relay's LISTEN connection, scripts)."""
    dsn, _ = split_search_path(url)
    conn: asyncpg.Connection = await asyncpg.connect(
        dsn, server_settings={"search_path": schema, "application_name": f"{schema}-listen", "timezone": "UTC"}
    )
    return conn
