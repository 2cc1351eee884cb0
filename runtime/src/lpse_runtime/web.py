"""Server-rendered pages: one template loader per service over the shared base layout."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

from contracts.lpse import ZONE_LABEL
from lpse_runtime.security import csp_nonce, csrf_field

SHARED = Path(__file__).parent / "templates"

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def local_time(value: datetime | None, zone: str = "Asia/Jakarta", language: str = "id") -> str:
    """'25 November 2026 14.05 WIB' ('25 November 2026 14:05 WIB' in English): as people in that LPSE read it."""
    if value is None:
        return "—"
    local = value.astimezone(ZoneInfo(zone))
    if language == "en":
        return f"{local.day} {MONTHS_EN[local.month - 1]} {local.year} {local:%H:%M} {ZONE_LABEL.get(zone, zone)}"
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} {local:%H.%M} {ZONE_LABEL.get(zone, zone)}"


def templates_for(module_file: str) -> Jinja2Templates:
    """Templates from the service's own folder first, then the shared layout."""
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(Path(module_file).parent / "templates"), FileSystemLoader(SHARED)]),
        autoescape=select_autoescape(default=True),
    )
    env.filters["local_time"] = local_time
    env.globals["csrf_field"] = _csrf_field
    env.globals["csp_nonce"] = _csp_nonce
    return Jinja2Templates(env=env)


@pass_context
def _csrf_field(context: Context) -> Markup:
    """`{{ csrf_field() }}`: the hidden CSRF token of the page being rendered."""
    return csrf_field(context.get("request"))


@pass_context
def _csp_nonce(context: Context) -> str:
    """`<script nonce="{{ csp_nonce() }}">`: the nonce this response's policy allows."""
    return csp_nonce(context.get("request"))
