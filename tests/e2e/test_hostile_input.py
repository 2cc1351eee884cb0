"""No input gives a 5xx, through the front door of a whole stack of its own (its sign-in lockouts and accounts
touch no other test): the inputs issue 10 named, each as a regression test, then a fuzz tier: hypothesis over
every form and schemathesis over every OpenAPI document the services publish, counting requests and 5xx."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.core.result import Ok

from devstack.stack import Stack
from lpse_runtime.security import CSRF_COOKIE, CSRF_HEADER
from tests.e2e.driver import open_case_as, open_draft, receive_at_counter, submit_application
from tests.support import SiteClient, unique_email

pytestmark = pytest.mark.e2e

CONTROL = "Isian memuat karakter kontrol yang tidak diizinkan (misalnya NUL); ketik ulang tanpa karakter itu."
BROWSER = {"Accept": "text/html,application/xhtml+xml"}
VERIFIER = ("verifikator.temanggung", "temanggung-2026")
ADMIN = ("admin.platform", "admin-platform-2026")
OPERATOR = ("operator.platform", "operator-2026")
# Bounded so the tier adds about a minute: each example posts every form once; each operation gets this many cases.
FORM_EXAMPLES = 25
API_EXAMPLES = 12
# The services that publish an OpenAPI document, by the path prefix the front door sends them.
OPENAPI = {"registration": "/daftar", "helpdesk": "/helpdesk", "verification": "/staf", "notifier": "/notifier"}


@pytest.fixture(scope="module")
def hostile_stack() -> Iterator[Stack]:
    """The whole stack, for this module alone."""
    root = Path(tempfile.mkdtemp(prefix="lpse-hostile-"))
    stack = Stack(run_dir=root / "run", progress=lambda line: print(line, file=sys.stderr))
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        shutil.rmtree(root, ignore_errors=True)


@contextlib.asynccontextmanager
async def signed_in(stack: Stack, who: tuple[str, str]) -> AsyncIterator[SiteClient]:
    """A browser-like client signed in as this staff member."""
    async with SiteClient(base_url=stack.front_url, headers=BROWSER, timeout=30) as client:
        answer = await client.post("/staf/masuk", data={"username": who[0], "password": who[1]})
        assert answer.status_code == 303, answer.text
        yield client


async def someone_else_can_post(stack: Stack) -> None:
    """Another person's POST right after: answered by the service, not a 502 from the front door."""
    async with SiteClient(base_url=stack.front_url, headers=BROWSER, timeout=30) as other:
        for _ in range(5):
            answer = await other.post("/akun/agregasi", data={"user_id": "TIDAKADA", "password": "x", "lpse": "x"})
            assert answer.status_code == 401, answer.status_code


# --- the inputs the issue names -------------------------------------------------------------------------------


async def test_a_nul_in_a_draft_is_refused_beside_the_field_and_not_saved(hostile_stack: Stack) -> None:
    async with SiteClient(base_url=hostile_stack.front_url, headers=BROWSER, timeout=30) as applicant:
        draft = await open_draft(applicant, "depok", unique_email("nul"))
        saved = await applicant.post(draft, data={"company_name": "PT Maju\x00Jaya", "action": "simpan"})
        assert saved.status_code == 422
        assert f'<div class="error" id="company_name-error">{CONTROL}</div>' in saved.text
        assert "Maju" not in (await applicant.get(draft)).text  # nothing of the refused post was kept
        long_name = await applicant.post(draft, data={"company_name": "A" * 201, "action": "simpan"})
        assert long_name.status_code == 422
        assert "Isian terlalu panjang: paling banyak 200 karakter." in long_name.text
        assert 'id="company_name" name="company_name"' in saved.text and 'maxlength="200"' in saved.text
    await someone_else_can_post(hostile_stack)


@pytest.mark.parametrize(
    ("path", "fields", "bad", "status"),
    [
        ("/staf/masuk", {"username": "verifikator\x00.depok", "password": "x"}, "username", 422),
        ("/akun/agregasi", {"user_id": "MAJU\x00JAYA", "password": "x", "lpse": "depok"}, "user_id", 422),
        (
            "/helpdesk/depok/",
            {"category": "akun", "summary": "Tidak bisa masuk", "description": "Uraian\x00 yang cukup panjang"},
            "description",
            422,
        ),
    ],
)
async def test_a_nul_in_a_form_gets_a_message_and_the_next_post_succeeds(
    hostile_stack: Stack, path: str, fields: dict[str, str], bad: str, status: int
) -> None:
    async with SiteClient(base_url=hostile_stack.front_url, headers=BROWSER, timeout=30) as person:
        answer = await person.post(path, data={"email": "pelapor@contoh.co.id", **fields})
    assert answer.status_code == status, answer.text
    assert f'id="{bad}-error">{CONTROL}</div>' in answer.text
    await someone_else_can_post(hostile_stack)


async def test_a_nul_in_the_queue_search_is_explained_beside_the_box(hostile_stack: Stack) -> None:
    async with signed_in(hostile_stack, VERIFIER) as staff:
        page = await staff.get("/staf/", params={"cari": "Maju\x00Jaya"})
        too_long = await staff.get("/staf/", params={"cari": "Maju " * 30})
    assert page.status_code == 200 and f'<div class="error" id="cari-error">{CONTROL}</div>' in page.text
    assert "paling banyak 100 karakter" in too_long.text and 'maxlength="100"' in page.text


async def test_a_reason_over_2000_characters_goes_back_with_its_message_and_the_case_stays(
    hostile_stack: Stack,
) -> None:
    async with SiteClient(base_url=hostile_stack.front_url, headers=BROWSER, timeout=30) as applicant:
        reference, _ = await submit_application(applicant, "temanggung", unique_email("alasan"), "CV Alasan Panjang")
    staff = SiteClient(base_url=hostile_stack.front_url, headers=BROWSER, timeout=30)
    async with staff:
        case = await open_case_as(staff, *VERIFIER, reference)
        await receive_at_counter(staff, case)
        assert (await staff.post(f"{case}/klaim")).status_code == 303
        for action in ("kembalikan", "tolak"):
            answer = await staff.post(f"{case}/{action}", data={"reason": "Dokumen kurang lengkap. " * 100})
            assert answer.status_code == 303 and answer.headers["location"].startswith(f"{case}?galat=")
            page = await staff.get(answer.headers["location"])
            assert "Alasan paling banyak 2000 karakter, tanpa karakter kontrol." in page.text
            assert 'maxlength="2000"' in page.text
        rejected = await staff.post(f"{case}/tolak", data={"reason": "NPWP tidak sesuai dengan akta."})
        assert rejected.headers["location"] == case  # a reason within the limit is taken as before


async def test_an_address_outside_latin_1_redirects_to_sign_in(hostile_stack: Stack) -> None:
    async with SiteClient(base_url=hostile_stack.front_url, headers=BROWSER, timeout=30) as person:
        answer = await person.get("/staf/kasus/KTP%20Budi%E2%80%99s")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/staf/masuk?next=%2Fstaf%2Fkasus%2FKTP+Budi%E2%80%99s"


async def test_replaying_a_dead_letter_that_does_not_exist_is_not_found(hostile_stack: Stack) -> None:
    async with signed_in(hostile_stack, OPERATOR) as operator:
        for seq in ("987654", "18446744073709551616", "-1", "x"):
            answer = await operator.post(f"/ops/dead-letters/{seq}/replay")
            assert answer.status_code in (404, 422), (seq, answer.status_code)


async def test_a_nul_in_an_address_to_unblock_is_not_found(hostile_stack: Stack) -> None:
    async with signed_in(hostile_stack, ("helpdesk.depok", "helpdesk-depok-2026")) as helpdesk:
        answer = await helpdesk.post("/notifier/blokir/budi%00@contoh.co.id/hapus")
    assert answer.status_code == 404 and "Alamat tidak ditemukan di daftar blokir LPSE Anda" in answer.text
    await someone_else_can_post(hostile_stack)


# --- the fuzz tier ---------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Requests sent and the ones answered with a 5xx (method, path, status, what was sent)."""

    sent: int = 0
    failures: list[tuple[str, str, int, str]] = field(default_factory=list)

    def note(self, answer: httpx.Response, sent: object) -> None:
        """Count one answer."""
        self.sent += 1
        if answer.status_code >= 500:
            self.failures.append((answer.request.method, answer.request.url.path, answer.status_code, repr(sent)[:200]))


class FormClient(httpx.Client):
    """A browser-like client that posts with the CSRF token of its cookie (the services share one secret)."""

    def post_form(self, path: str, data: Mapping[str, str]) -> httpx.Response:
        """Post a form as the page would, token included."""
        if self.cookies.get(CSRF_COOKIE) is None:
            self.get("/daftar/")
        return self.post(path, data=dict(data), headers={CSRF_HEADER: self.cookies[CSRF_COOKIE]})


def sign_in(stack: Stack, who: tuple[str, str]) -> FormClient:
    """A client signed in as this staff member."""
    client = FormClient(base_url=stack.front_url, headers=BROWSER, timeout=30)
    assert client.post_form("/staf/masuk", {"username": who[0], "password": who[1]}).status_code == 303
    return client


@dataclass(frozen=True)
class Form:
    """A form of the site: who posts it (`anyone`, `verifier`, `admin`), where, and the fields its page has."""

    who: str
    path: str
    fields: tuple[str, ...]


def forms(draft: str, case: str) -> tuple[Form, ...]:
    """Every form a person can post, with the fields of its page."""
    draft_fields = ("provider_type", "company_name", "npwp", "nib", "director_name", "director_nik")
    return (
        Form("anyone", "/daftar/depok/", ("email",)),
        Form("anyone", draft, (*draft_fields, "language", "by_proxy", "verification_mode", "action")),
        Form(
            "anyone",
            "/helpdesk/depok/",
            (
                "category",
                "reporter_role",
                "name",
                "phone",
                "summary",
                "description",
                "email",
                "language",
                "submission_key",
            ),
        ),
        Form("anyone", "/staf/masuk", ("username", "password", "next")),
        Form("anyone", "/akun/agregasi", ("user_id", "password", "lpse")),
        Form("anyone", "/akun/agregasi/aktivasi", ("token",)),
        Form("anyone", "/akun/lupa-sandi", ("identifier",)),
        Form("verifier", f"{case}/kembalikan", ("reason",)),
        Form("verifier", f"{case}/tolak", ("reason",)),
        Form("verifier", f"{case}/periksa", ("result_akta", "note_akta", "result_npwp", "note_npwp")),
        Form("verifier", f"{case}/alihkan", ("verifier",)),
        Form("verifier", f"{case}/adp/jawaban", ("decision", "reason", "lkpp_ref")),
        Form("verifier", "/staf/sandi", ("current", "new", "repeat")),
        Form("admin", "/staf/pengguna/baru", ("username", "name", "full_name", "password", "repeat", "grant")),
        Form("admin", "/staf/pengguna/verifikator.depok/peran", ("grant",)),
    )


# What a hostile person types: any text, a NUL inside otherwise ordinary text, only control characters, text
# outside Latin-1, text over every limit, and values the forms expect (so the deeper rules run too).
HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.builds(lambda before, after: f"{before}\x00{after}", st.text(max_size=12), st.text(max_size=12)),
    st.text(st.characters(max_codepoint=0x1F), min_size=1, max_size=5),
    st.text(st.characters(min_codepoint=0x100), min_size=1, max_size=20),
    st.integers(min_value=2001, max_value=6000).map(lambda n: "ä" * n),
    st.sampled_from(["", "ya", "kirim", "depok", "badan_usaha_cv", "sesuai", "akun", "verifikator@depok"]),
)
# In an address the text stays within what a URL carries (a browser sends a few thousand characters at most).
HOSTILE_QUERY = st.one_of(HOSTILE_TEXT.filter(lambda text: len(text) <= 2000), st.just("ä" * 101))


def filled(names: tuple[str, ...], text: st.SearchStrategy[str] = HOSTILE_TEXT) -> st.SearchStrategy[dict[str, str]]:
    """Any of the form's fields (each may be missing) and perhaps unknown ones, each with hostile text."""
    known = st.fixed_dictionaries({}, optional=dict.fromkeys(names, text))
    unknown = st.dictionaries(st.text(max_size=8), text, max_size=2)
    return st.builds(lambda mine, other: {**other, **mine}, known, unknown)


@dataclass
class Targets:
    """The clients and addresses the fuzzers post to."""

    clients: dict[str, FormClient]
    forms: tuple[Form, ...]


@pytest.fixture(scope="module")
def targets(hostile_stack: Stack) -> Iterator[Targets]:
    """A draft and a case under review to post to, and a client per kind of person."""

    async def prepare() -> tuple[str, str]:
        async with SiteClient(base_url=hostile_stack.front_url, headers=BROWSER, timeout=30) as applicant:
            draft = await open_draft(applicant, "depok", unique_email("fuzz"))
            reference, _ = await submit_application(applicant, "temanggung", unique_email("fuzz"), "CV Uji Acak")
        async with SiteClient(base_url=hostile_stack.front_url, headers=BROWSER, timeout=30) as staff:
            case = await open_case_as(staff, *VERIFIER, reference)
            await receive_at_counter(staff, case)
            await staff.post(f"{case}/klaim")
        return draft, case

    draft, case = asyncio.run(prepare())
    clients = {
        "anyone": FormClient(base_url=hostile_stack.front_url, headers=BROWSER, timeout=30),
        "verifier": sign_in(hostile_stack, VERIFIER),
        "admin": sign_in(hostile_stack, ADMIN),
    }
    try:
        yield Targets(clients, forms(draft, case))
    finally:
        for client in clients.values():
            client.close()


def report(what: str, tally: Tally) -> str:
    """The figure the README quotes: requests sent, 5xx answers and which statuses they were."""
    where = Counter(f"{status} {method} {path}" for method, path, status, _ in tally.failures)
    line = f"{what}: {tally.sent} requests, {len(tally.failures)} answered 5xx {dict(where)}"
    print(line, file=sys.stderr)
    return line


def test_no_form_answers_5xx_whatever_is_typed(targets: Targets) -> None:
    tally = Tally()

    @settings(max_examples=FORM_EXAMPLES, deadline=None, database=None, phases=[Phase.generate])
    @given(data=st.data())
    def every_form_once(data: st.DataObject) -> None:
        for form in targets.forms:
            sent = data.draw(filled(form.fields), label=form.path)
            tally.note(targets.clients[form.who].post_form(form.path, sent), sent)
        search = data.draw(filled(("cari", "status", "setelah", "sebelum"), HOSTILE_QUERY), label="/staf/")
        tally.note(targets.clients["verifier"].get("/staf/", params=search), search)

    every_form_once()
    assert tally.failures == [], report("forms", tally)
    report("forms", tally)


@pytest.mark.parametrize("service", sorted(OPENAPI))
def test_no_operation_of_the_published_apis_answers_5xx(hostile_stack: Stack, targets: Targets, service: str) -> None:
    """Every operation of the service's own OpenAPI document, through the front door, as a signed-in verifier."""
    schema = schemathesis.openapi.from_url(f"{hostile_stack.service_urls[service]}{OPENAPI[service]}/api/openapi.json")
    verifier = targets.clients["verifier"]
    token = verifier.cookies[CSRF_COOKIE]
    headers = {**BROWSER, CSRF_HEADER: token}
    cookies = dict(verifier.cookies.items())
    tally = Tally()
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # every published document is a valid OpenAPI document
        operation = result.ok()

        @settings(
            max_examples=API_EXAMPLES,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def operation_answers(case: schemathesis.Case[Any]) -> None:
            answer = case.call(base_url=hostile_stack.front_url, headers=headers, cookies=cookies, timeout=30)
            tally.sent += 1
            if answer.status_code >= 500:
                sent = repr((case.path_parameters, case.query))[:200]
                tally.failures.append((case.method, case.formatted_path, answer.status_code, sent))

        operation_answers()
    assert tally.failures == [], report(f"OpenAPI {service}", tally)
    report(f"OpenAPI {service}", tally)
