"""The satisfaction survey over real PostgreSQL and JetStream: its signed link, one answer per case, a fact without
text, and the head of the LPSE's results for their own LPSE only."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client
from nats.js.errors import NotFoundError

from helpdesk.app import create_app
from helpdesk.settings import Settings
from helpdesk.survey_link import survey_path
from lpse_runtime.clock import SettableClock
from lpse_runtime.staff import SESSION_COOKIE
from tests.support import Infra, SiteClient, eventually, reset_identity, reset_schema, staff_session

pytestmark = pytest.mark.integration
SECRET = "survey-test-link-secret-0123456789"
NOVEMBER = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
DECEMBER = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
ALL_THREES = {f"u{n}": "3" for n in range(1, 10)}
MISSING_ANSWER = "Pilih salah satu jawaban untuk pertanyaan ini."


@dataclass
class Helpdesk:
    """The helpdesk app on the test's servers, its pool and its clock."""

    app: FastAPI
    clock: SettableClock
    infra: Infra

    @property
    def pool(self) -> asyncpg.Pool:
        pool: asyncpg.Pool = self.app.state.runtime.pool
        return pool

    def client(self, cookie: str | None = None) -> SiteClient:
        cookies = {SESSION_COOKIE: cookie} if cookie else {}
        return SiteClient(transport=httpx.ASGITransport(app=self.app), base_url="http://helpdesk", cookies=cookies)

    async def staff(self, username: str, role: str, lpse: str) -> SiteClient:
        cookie = await staff_session(self.infra, username, [(role, lpse)], now=self.clock.now())
        return self.client(cookie)

    async def responses(self) -> int:
        return int(await self.pool.fetchval("SELECT count(*) FROM survey_responses"))

    async def facts(self) -> int:
        return int(await self.pool.fetchval("SELECT count(*) FROM outbox"))


@pytest.fixture
async def helpdesk(infra: Infra, nc: Client) -> AsyncIterator[Helpdesk]:
    url = await reset_schema(infra, "helpdesk")
    await reset_identity(infra, "helpdesk")
    clock = SettableClock(DECEMBER)
    app = create_app(Settings(database_url=url, nats_url=infra.nats_url, link_secret=SECRET), clock=clock)
    async with app.router.lifespan_context(app):
        yield Helpdesk(app, clock, infra)


def link(lpse: str = "depok", kind: str = "tiket", case_id: uuid.UUID | None = None) -> str:
    return survey_path(SECRET, lpse, kind, case_id or uuid.uuid4())  # type: ignore[arg-type]


async def answer(hd: Helpdesk, path: str, answers: dict[str, str], at: datetime) -> httpx.Response:
    hd.clock.set(at)
    async with hd.client() as reporter:
        return await reporter.post(path, data=answers)


def text_of(page: httpx.Response, element_id: str) -> str:
    """The text of the element with this id (tags dropped, spaces collapsed)."""
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:dd|div|h2|fieldset)>', page.text, re.S)
    assert match is not None, f"#{element_id} not on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", match[1]).split())


async def test_a_forged_or_foreign_link_is_not_found_and_stores_nothing(helpdesk: Helpdesk) -> None:
    genuine = link()
    forged = genuine[:-4] + ("0000" if not genuine.endswith("0000") else "1111")
    other_lpse = genuine.replace("/survei/depok/", "/survei/banjarmasin/")
    other_kind = genuine.replace("/tiket/", "/pengaduan/")
    unknown_lpse = link("atlantis")
    non_ascii = genuine[:-1] + "é"
    not_a_uuid = "/helpdesk/survei/depok/tiket/bukan-uuid/" + genuine.rsplit("/", 1)[1]
    async with helpdesk.client() as stranger:
        for path in (forged, other_lpse, other_kind, unknown_lpse, non_ascii, not_a_uuid, genuine[:-1]):
            opened = await stranger.get(path)
            sent = await stranger.post(path, data=ALL_THREES)
            assert (opened.status_code, sent.status_code) == (404, 404), path
            assert "Halaman tidak ditemukan" in sent.text and 'lang="id"' in sent.text
        assert (await stranger.get(genuine)).status_code == 200
    assert await helpdesk.responses() == 0 and await helpdesk.facts() == 0


async def test_one_survey_per_case_the_second_answer_stores_nothing(helpdesk: Helpdesk) -> None:
    path = link("temanggung", "pengaduan")
    first = await answer(helpdesk, path, {**ALL_THREES, "u4": "4", "saran": "Terima kasih"}, DECEMBER)
    assert first.status_code == 200 and "Jawaban survei Anda untuk pengaduan ini telah kami terima" in first.text
    again = await answer(helpdesk, path, {f"u{n}": "1" for n in range(1, 10)}, DECEMBER)
    assert again.status_code == 200 and "Survei sudah diisi" in again.text
    async with helpdesk.client() as reporter:
        reopened = await reporter.get(path)
    assert "Survei sudah diisi" in reopened.text and 'name="u1"' not in reopened.text
    rows = await helpdesk.pool.fetch("SELECT lpse, case_kind, u1, u4, u9, suggestion FROM survey_responses")
    assert [tuple(r) for r in rows] == [("temanggung", "pengaduan", 3, 4, 3, "Terima kasih")]
    assert await helpdesk.facts() <= 1  # the relay may have published and removed it already


async def test_the_fact_carries_nine_scores_and_the_index_but_no_text(helpdesk: Helpdesk, nc: Client) -> None:
    case_id = uuid.uuid4()
    suggestion = "Mohon helpdesk buka sampai sore, nomor saya 081234567890"
    scores = {f"u{n}": str(s) for n, s in enumerate((4, 3, 3, 4, 3, 3, 4, 3, 2), start=1)}
    await answer(helpdesk, link("depok", "tiket", case_id), {**scores, "saran": suggestion}, DECEMBER)
    js = nc.jetstream()

    async def published() -> bool:
        try:
            await js.get_last_msg("HELPDESK", "helpdesk.depok.survey.submitted.v1")
        except NotFoundError:
            return False
        return True

    await eventually(published, what="the survey fact on the HELPDESK stream")
    message = await js.get_last_msg("HELPDESK", "helpdesk.depok.survey.submitted.v1")
    assert message.data is not None
    raw = message.data.decode()
    fact = json.loads(raw)
    assert fact["case_kind"] == "tiket" and fact["case_id"] == str(case_id) and fact["correlation_id"] == str(case_id)
    assert fact["scores"] == [4, 3, 3, 4, 3, 3, 4, 3, 2]
    assert fact["index"] == 80.56  # 29 / 9 × 25
    assert fact["actor"] == {"id": "responden-skm", "role": "pelapor"}
    assert "sore" not in raw and "0812" not in raw
    assert set(fact) == {
        *("event_id", "occurred_at", "lpse", "correlation_id", "causation_id", "actor"),
        *("case_kind", "case_id", "scores", "index"),
    }


async def test_a_missing_answer_is_refused_beside_its_question_and_nothing_is_stored(helpdesk: Helpdesk) -> None:
    path = link()
    without_u5 = {k: v for k, v in ALL_THREES.items() if k != "u5"} | {"u2": "4", "saran": "Cepat"}
    refused = await answer(helpdesk, path, without_u5, DECEMBER)
    assert refused.status_code == 422
    assert text_of(refused, "u5-group").startswith("5. Bagaimana kesesuaian produk pelayanan")
    assert f'<div class="error" id="u5-error">{MISSING_ANSWER}</div>' in refused.text
    assert refused.text.count('class="error"') == 1, "only the unanswered question gets a message"
    assert 'id="u2-4" name="u2" value="4" checked' in refused.text, "what was chosen stays chosen"
    assert ">Cepat</textarea>" in refused.text
    assert await helpdesk.responses() == 0 and await helpdesk.facts() == 0


async def test_the_head_sees_the_means_and_chart_of_their_own_lpse_only(helpdesk: Helpdesk) -> None:
    await answer(helpdesk, link("depok"), {**ALL_THREES, "u4": "4"}, DECEMBER)
    await answer(helpdesk, link("depok", "pengaduan"), {**ALL_THREES, "u1": "4", "u4": "4"}, DECEMBER)
    await answer(helpdesk, link("banjarmasin"), {f"u{n}": "1" for n in range(1, 10)}, DECEMBER)

    async with await helpdesk.staff("kepala.depok.skm", "kepala_lpse", "depok") as head:
        page = await head.get("/helpdesk/staf/skm/")
    assert page.status_code == 200
    assert "Hasil Survei Kepuasan Masyarakat · LPSE Kota Depok" in page.text
    assert text_of(page, "skm-respondents") == "2"
    # U1 (3 + 4) / 2 = 3,50, U4 4,00, the rest 3,00: (3,5 + 4 + 7 × 3) / 9 × 25 = 79,17 → B
    assert text_of(page, "skm-index") == "79,17 — B (Baik)"
    assert '<td>U1</td><td>Persyaratan</td><td class="num">3,50</td>' in page.text
    assert '<td>U4</td><td>Biaya/Tarif</td><td class="num">4,00</td>' in page.text
    assert '<svg class="skm-chart" role="img"' in page.text and page.text.count('<rect class="bar"') == 9
    assert "<script" not in page.text

    async with await helpdesk.staff("kepala.bjm.skm", "kepala_lpse", "banjarmasin") as other_head:
        theirs = await other_head.get("/helpdesk/staf/skm/")
    assert text_of(theirs, "skm-respondents") == "1"
    assert text_of(theirs, "skm-index") == "25,00 — D (Tidak baik)"


@pytest.mark.parametrize("role", ["verifikator", "helpdesk", "admin_ppe", "auditor"])
async def test_only_the_head_reads_the_results(helpdesk: Helpdesk, role: str) -> None:
    async with await helpdesk.staff(f"{role}.depok.skm", role, "depok") as staff:
        refused = await staff.get("/helpdesk/staf/skm/")
    assert refused.status_code == 403 and "tidak berwenang" in refused.text
    async with helpdesk.client() as anonymous:
        signed_out = await anonymous.get("/helpdesk/staf/skm/")
    assert signed_out.status_code == 303 and signed_out.headers["location"].startswith("/staf/masuk")


async def test_the_period_and_kind_filters(helpdesk: Helpdesk) -> None:
    await answer(helpdesk, link("depok"), {f"u{n}": "4" for n in range(1, 10)}, NOVEMBER)
    await answer(helpdesk, link("depok"), {f"u{n}": "2" for n in range(1, 10)}, DECEMBER)
    # 30 Nov 2026 17:30 UTC is 1 Dec 00:30 WIB: December in Depok's zone.
    await answer(helpdesk, link("depok", "pengaduan"), ALL_THREES, datetime(2026, 11, 30, 17, 30, tzinfo=UTC))
    async with await helpdesk.staff("kepala.depok.periode", "kepala_lpse", "depok") as head:
        seen = {
            query: await head.get(f"/helpdesk/staf/skm/?{query}")
            for query in ("periode=2026-11", "periode=2026-12", "periode=2026-T4", "periode=2026-S1", "")
        }
        complaints = await head.get("/helpdesk/staf/skm/?periode=2026-12&layanan=pengaduan")
        bad = await head.get("/helpdesk/staf/skm/?periode=2026-T9&layanan=lainnya")
    assert text_of(seen["periode=2026-11"], "skm-index") == "100,00 — A (Sangat baik)"
    assert text_of(seen["periode=2026-12"], "skm-respondents") == "2"
    assert text_of(seen["periode=2026-12"], "skm-scope") == "Desember 2026 · semua layanan"
    assert text_of(seen["periode=2026-T4"], "skm-respondents") == "3"
    assert text_of(seen["periode=2026-S1"], "skm-empty").startswith("Belum ada responden")
    assert text_of(seen[""], "skm-scope") == "Tahun 2026 · semua layanan", "this year when none is chosen"
    assert text_of(complaints, "skm-respondents") == "1"
    assert text_of(complaints, "skm-index") == "75,00 — C (Kurang baik)"
    assert bad.status_code == 200
    assert '<div class="error" id="periode-error">Pilih periode dari daftar.</div>' in bad.text
    assert '<div class="error" id="layanan-error">Pilih jenis layanan dari daftar.</div>' in bad.text
