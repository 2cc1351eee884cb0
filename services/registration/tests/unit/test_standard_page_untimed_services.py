"""Services without a time limit on the published standard (README, "Decisions where the design is silent"):
Depok's bidding room and training, Temanggung's bidding room, e-purchasing and consultations carry no clock, and
their page shows the standard's own wording as the service's time limit."""

from __future__ import annotations

import html
import re

import httpx
import pytest
from fastapi import FastAPI

from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from registration import standard_pages

# The wording each standard gives in place of a time limit, as the standards write it.
UNTIMED = {
    "depok": [
        "Tidak ada batas waktu selama jam operasional kerja",
        "Tidak ada batas waktu selama jam operasional kerja",
        "Sesuai dengan pelatihan (sesuai jam kerja)",
    ],
    "temanggung": [
        "sesuai kebutuhan pengguna … setiap hari kerja",
        "disesuaikan kebutuhan",
        "Disesuaikan dengan kebutuhan",
        "Disesuaikan dengan Kebutuhan",
    ],
}
TIME_LIMIT = re.compile(r"<dt>Jangka waktu.*?</dt><dd>(.*?)</dd>", re.S)


@pytest.fixture(scope="module")
def app() -> FastAPI:
    """Only the standard pages, on profiles from deploy/lpse; nothing connects."""
    runtime = ServiceRuntime("registration", ServiceSettings(database_url="postgresql://unused@127.0.0.1/unused"))
    app = FastAPI()
    app.include_router(standard_pages.router(runtime))
    return app


@pytest.mark.parametrize("lpse", sorted(UNTIMED))
async def test_a_service_without_a_time_limit_shows_the_standards_wording_and_no_clock(app: FastAPI, lpse: str) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://lpse.test") as client:
        page = (await client.get(f"/standar/{lpse}/")).text
    limits = [html.unescape(found) for found in TIME_LIMIT.findall(page)]
    untimed = [text for text in limits if "<strong>" not in text]  # a clock reads "label: <strong>N unit</strong>"
    assert untimed == UNTIMED[lpse]
