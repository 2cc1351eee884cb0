"""The provider's account pages of this service (the composition root mounts them through this router)."""

from __future__ import annotations

from fastapi import APIRouter

from lpse_runtime.service import ServiceRuntime
from verification import provider_web


def router(runtime: ServiceRuntime) -> APIRouter:
    """The /akun password pages and documents lent by signed link."""
    r = APIRouter()
    r.include_router(provider_web.router(runtime))
    return r
