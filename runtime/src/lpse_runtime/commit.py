"""The one step that stores a decision: its state, its facts in the outbox and its audit row, in one transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import asyncpg

from lpse_runtime.audit import append
from lpse_runtime.decision import Decided
from lpse_runtime.outbox import enqueue

S = TypeVar("S")

Save = Callable[[asyncpg.Connection, S], Awaitable[object]]


async def commit(conn: asyncpg.Connection, decided: Decided[S], save: Save[S] | None = None) -> S:
    """Save the decided state, enqueue its facts and append its audit row; all or nothing.

    Inside a caller's transaction (an inbox handler, a use case that locked the row) this is a savepoint of it, so
    the caller's own writes and the decision still commit together.
    """
    async with conn.transaction():
        if save is not None:
            await save(conn, decided.state)
        if decided.facts:
            await enqueue(conn, *decided.facts)
        if decided.audit is not None:
            await append(conn, decided.audit)
    return decided.state
