"""Agregasi (ADP) by actor: the verifier's actions, LKPP's signed webhook, the provider's self-service pages."""

from __future__ import annotations

from fastapi import APIRouter

from lpse_runtime.service import ServiceRuntime
from verification import lkpp_web, provider_agregasi_web, staff_agregasi_web


def router(runtime: ServiceRuntime) -> APIRouter:
    """Agregasi routes under /staf and /akun."""
    r = APIRouter()
    r.include_router(staff_agregasi_web.router(runtime))
    r.include_router(lkpp_web.router(runtime))
    r.include_router(provider_agregasi_web.router(runtime))
    return r
