"""Liveness, readiness (NATS and PostgreSQL) and Prometheus metrics for a service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from lpse_runtime.anchor import AnchorCheck
from lpse_runtime.audit import ChainReport

Check = Callable[[], Awaitable[bool]]
AuditCheck = Callable[[], Awaitable[ChainReport]]


def anchor_answer(check: AnchorCheck) -> dict[str, object]:
    """The anchors' part of the audit answer: the latest head on the bus and where a rewrite was found."""
    latest, rewrite = check.latest, check.rewrite
    return {
        "anchors": check.anchors,
        "last_id": None if latest is None else latest.last_id,
        "last_rows": None if latest is None else latest.rows,
        "last_at": None if latest is None else latest.at.isoformat(),
        "rewritten_after": None
        if rewrite is None
        else {"anchor_id": rewrite.anchor.last_id, "held_up_to": rewrite.held_up_to},
    }


def health_router(
    prefix: str, registry: CollectorRegistry, checks: dict[str, Check], audit: AuditCheck | None = None
) -> APIRouter:
    """GET {prefix}/health/live, {prefix}/health/ready, {prefix}/health/audit and {prefix}/metrics."""
    router = APIRouter(prefix=prefix)

    if audit is not None:
        check_audit = audit

        @router.get("/health/audit")
        async def audit_chain() -> JSONResponse:
            report = await check_audit()
            broken = report.broken
            return JSONResponse(
                {
                    "table": report.table,
                    "rows": report.rows,
                    "intact": report.intact,
                    # Which row and which column; the hashes themselves stay with the command line's operator.
                    "broken_at": None if broken is None else {"row_id": broken.row_id, "column": broken.column},
                    "anchor": None if report.anchor is None else anchor_answer(report.anchor),
                },
                status_code=200 if report.intact else 409,
            )

    @router.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/health/ready")
    async def ready() -> JSONResponse:
        results: dict[str, str] = {}
        for name, check in checks.items():
            try:
                results[name] = "ok" if await check() else "down"
            except Exception as exc:
                results[name] = f"down: {type(exc).__name__}"
        healthy = all(v == "ok" for v in results.values())
        return JSONResponse(
            {"status": "ok" if healthy else "unavailable", "checks": results}, status_code=200 if healthy else 503
        )

    @router.get("/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return router
