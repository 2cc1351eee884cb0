"""The public Standar Pelayanan of each LPSE, generated from its profile: what people may expect, and how."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from contracts.lpse import CONDITION_LABEL, WEEKDAYS, OfficeHours
from lpse_runtime.forms import profile_or_404
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.web import templates_for
from registration.drafting_notes import standard_view

templates = templates_for(__file__)
DAY_LABEL = {
    "senin": "Senin",
    "selasa": "Selasa",
    "rabu": "Rabu",
    "kamis": "Kamis",
    "jumat": "Jumat",
    "sabtu": "Sabtu",
    "minggu": "Minggu",
}
CHANNEL_LABEL = {
    "telepon": "Telepon",
    "whatsapp": "WhatsApp",
    "email": "Email",
    "kotak_saran": "Kotak saran",
    "surat": "Surat",
    "datang_langsung": "Datang langsung",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "web": "Laman",
    "sp4n_lapor": "SP4N LAPOR!",
    "aplikasi": "Aplikasi",
    "lainnya": "Lainnya",
}


# The verification lanes in the LPSE's own voice (the staff wording in contracts.lpse speaks of clocks).
LANE_AS_PUBLISHED = {
    "loket": "Di loket: pemohon datang membawa dokumen asli dan fotokopi; jangka waktu layanan mulai saat berkas "
    "diserahkan",
    "unggahan": "Daring: dokumen yang diunggah diverifikasi petugas; jangka waktu layanan mulai saat permohonan "
    "dikirim",
}


def hours_rows(hours: OfficeHours) -> list[tuple[str, str, str]]:
    """(day, opening, breaks) per open weekday, in week order."""
    rows = []
    for day in WEEKDAYS:
        if day in hours.days:
            d = hours.days[day]
            rows.append(
                (
                    DAY_LABEL[day],
                    f"{d.open.start:%H.%M}–{d.open.end:%H.%M}",
                    ", ".join(f"{b.start:%H.%M}–{b.end:%H.%M}" for b in d.breaks) or "—",
                )
            )
    return rows


def router(runtime: ServiceRuntime) -> APIRouter:
    """GET /standar/ and /standar/{lpse}/."""
    r = APIRouter(prefix="/standar")

    @r.get("/", response_class=HTMLResponse)
    async def index(request: Request) -> Response:
        return templates.TemplateResponse(request, "standards.html", {"profiles": runtime.profiles.values()})

    @r.get("/{lpse}/", response_class=HTMLResponse)
    async def standard(request: Request, lpse: str) -> Response:
        profile = profile_or_404(runtime.profiles, lpse)
        type_labels = {t.type: t.label for t in profile.provider_types}
        return templates.TemplateResponse(
            request,
            "standard.html",
            {
                "p": profile,
                "view": standard_view(profile),
                "hours": hours_rows(profile.office_hours),
                "hours_rows": hours_rows,
                "conditions": CONDITION_LABEL,
                "lanes": LANE_AS_PUBLISHED,
                "channels": CHANNEL_LABEL,
                "type_labels": type_labels,
            },
        )

    return r
