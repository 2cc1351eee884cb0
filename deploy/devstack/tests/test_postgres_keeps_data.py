"""The embedded PostgreSQL keeps its data in its directory: a second start on the same directory sees it."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from devstack.postgres import EmbeddedPostgres
from devstack.processes import free_port

pytestmark = pytest.mark.integration


@pytest.fixture
def run_dir() -> Iterator[Path]:
    """A run directory the `postgres` user can pass through (pytest's tmp_path sits under a 0700 directory)."""
    path = Path(tempfile.mkdtemp(prefix="lpse-pg-keep-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


async def test_data_survives_a_stop_and_a_start_on_another_port(run_dir: Path) -> None:
    root = run_dir / "postgres"
    first = EmbeddedPostgres.open(root, free_port())
    first.start()
    try:
        conn = await asyncpg.connect(first.admin_url)
        await conn.execute("CREATE TABLE cases (reference text); INSERT INTO cases VALUES ('DPK-2612-KEMARIN')")
        await conn.close()
    finally:
        first.stop()
    assert first.pid() is None, "pg_ctl stopped the server"

    second = EmbeddedPostgres.open(root, free_port())
    second.start()
    try:
        assert second.password == first.password
        conn = await asyncpg.connect(second.admin_url)
        assert await conn.fetchval("SELECT reference FROM cases") == "DPK-2612-KEMARIN"
        await conn.close()
    finally:
        second.stop()


async def test_a_server_left_running_by_a_killed_stack_is_taken_over(run_dir: Path) -> None:
    root = run_dir / "postgres"
    orphan = EmbeddedPostgres.open(root, free_port())
    orphan.start()  # nobody stops it: the stack that started it was killed
    successor = EmbeddedPostgres.open(root, free_port())
    successor.start()
    try:
        conn = await asyncpg.connect(successor.admin_url)
        assert await conn.fetchval("SELECT current_database()") == "lpse"
        await conn.close()
    finally:
        successor.stop()
    assert successor.pid() is None
