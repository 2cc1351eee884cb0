"""Removing uploads past their keeping period: the objects from the bucket, then their rows."""

from __future__ import annotations

import logging
from datetime import timedelta

from lpse_runtime.loop import WakingLoop
from registration import retention
from registration.usecases.desk import Desk

log = logging.getLogger(__name__)
BATCH = 100


async def sweep_uploads(desk: Desk, *, batch: int = BATCH) -> int:
    """Remove one batch of uploads past their keeping period; returns how many were removed."""
    now = desk.now()
    async with desk.pool.acquire() as conn:
        stale = await retention.stale_uploads(
            conn,
            draft_expired_before=now - timedelta(days=desk.setting("draft_upload_days", 7)),
            closed_before=now - timedelta(days=desk.setting("closed_upload_days", 365)),
            limit=batch,
        )
    for row in stale:  # objects first: a crash in between leaves a row whose object is already gone, swept again
        await desk.store.delete(row["object_name"])
    async with desk.pool.acquire() as conn:
        removed = await retention.forget_uploads(conn, [(r["draft_id"], r["code"]) for r in stale])
    if removed:
        log.info("removed %d uploads past their keeping period", removed)
    return removed


def upload_sweeper(desk: Desk) -> WakingLoop:
    """The background loop that sweeps, at once while there is a full batch, else every `upload_sweep_seconds`."""

    async def step() -> bool:
        return await sweep_uploads(desk) == BATCH

    return WakingLoop(step, name="upload sweeper", poll_seconds=float(desk.setting("upload_sweep_seconds", 3600)))
