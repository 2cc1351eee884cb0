"""The forensic desk LKPP's and BSSN's simulators share: `POST …/api/forensik` and its answer by signed callback.

A request whose signature (the party's header, under the party's secret) does not match gets 401; one without an
`Idempotency-Key` 400; an unreadable one 422. The first request under a key opens a case (202 with its `ref`,
`LKPP-UF-XXXXXXXX` or `BSSN-UF-XXXXXXXX`), a repeat of it gets 200 and the same number. A second later the party
answers on the `callback_url` the request named, signed: a note containing "TUNDA" is never answered by either
party; one containing "TOLAK-BSSN" is refused by BSSN (422) and taken by LKPP as any other. `GET …/api/diterima`
lists, per key, the number given, how many requests carried the key, the case and the files' digests.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from dataclasses import dataclass, field

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse

from contracts.digests import lkpp_signature_valid
from devstack.signed import post_signed

log = logging.getLogger("forensik")
IDEMPOTENCY_KEY = "Idempotency-Key"
FINDINGS = {
    "lkpp": "Hasil pemeriksaan LKPP (simulasi): dokumen penawaran terenkripsi dengan kunci publik yang tidak sesuai.",
    "bssn": "Hasil analisis BSSN (simulasi): berkas penawaran utuh, nilai hash sesuai dengan yang dilaporkan LPSE; "
    "kegagalan dekripsi disebabkan kunci privat panitia yang tidak cocok.",
}
SIGNATURE_HEADERS = {"lkpp": "x-lkpp-signature", "bssn": "x-bssn-signature"}
REQUIRED = ("case_ref", "callback_url", "note")


@dataclass
class Case:
    """One forensic case a party opened: its number, how many requests carried its key, what it received."""

    ref: str
    case_ref: str
    files: list[dict[str, object]]
    requests: int = 1


def refusal(party: str, request: dict[str, object]) -> str | None:
    """The party's (simulated) outright refusal of a readable request; None: it takes the case."""
    if party == "bssn" and "TOLAK-BSSN" in str(request["note"]).upper():
        return "BSSN tidak menangani permohonan ini (simulasi)"
    return None


def readable(body: bytes) -> dict[str, object] | None:
    """The request as the party reads it, or None: not JSON, or without its case, note, callback or files."""
    try:
        request = json.loads(body)
    except ValueError:
        return None
    if not isinstance(request, dict) or not all(isinstance(request.get(k), str) for k in REQUIRED):
        return None
    files = request.get("files")
    if not isinstance(files, list) or not files or not all(isinstance(f, dict) and "sha256" in f for f in files):
        return None
    return request


@dataclass
class ForensicDesk:
    """A party's forensic desk as a simulator plays it: one case per Idempotency-Key, answered by callback."""

    party: str  # "lkpp" or "bssn"
    secret: str
    delay: float
    client: httpx.AsyncClient | None = None  # the app's, while it runs
    received: dict[str, Case] = field(default_factory=dict)
    _answering: set[asyncio.Task[None]] = field(default_factory=set)

    async def take(self, request: Request) -> JSONResponse:
        """`POST …/api/forensik`: 401 unsigned, 400 without a key, 422 unreadable or refused, 202 new, 200 a repeat."""
        body = await request.body()
        if not lkpp_signature_valid(self.secret, body, request.headers.get(SIGNATURE_HEADERS[self.party], "")):
            return JSONResponse({"error": "tanda tangan tidak sah"}, status_code=401)
        key = request.headers.get(IDEMPOTENCY_KEY, "").strip()
        if not key:
            return JSONResponse({"error": "Idempotency-Key wajib diisi"}, status_code=400)
        if key in self.received:
            seen = self.received[key]
            seen.requests += 1
            return JSONResponse({"ref": seen.ref}, status_code=200)
        case = readable(body)
        if case is None:
            return JSONResponse({"error": "case_ref, note, files dan callback_url wajib diisi"}, status_code=422)
        if (refused := refusal(self.party, case)) is not None:
            return JSONResponse({"error": refused}, status_code=422)
        ref = f"{self.party.upper()}-UF-{uuid.uuid4().hex[:8].upper()}"
        files = case["files"]
        self.received[key] = Case(ref, str(case["case_ref"]), list(files) if isinstance(files, list) else [])
        task = asyncio.create_task(self._answer(case, ref))
        self._answering.add(task)
        task.add_done_callback(self._answering.discard)
        return JSONResponse({"ref": ref}, status_code=202)

    async def _answer(self, case: dict[str, object], ref: str) -> None:
        await asyncio.sleep(self.delay)
        if "TUNDA" in str(case["note"]).upper() or self.client is None:
            log.info("forensic case %s (%s) is kept open: no answer", case["case_ref"], ref)
            return
        answer: dict[str, object] = {
            "external_ref": ref,
            "case_ref": str(case["case_ref"]),
            "finding": FINDINGS[self.party],
        }
        await post_signed(
            self.client,
            str(case["callback_url"]),
            self.secret,
            answer,
            retry_not_found=True,
            header=SIGNATURE_HEADERS[self.party],
        )

    async def listing(self, _: Request) -> JSONResponse:
        """`GET …/api/diterima` (forensic part): per key, the number, the requests, the case and its digests."""
        return JSONResponse(self.listed())

    def listed(self) -> dict[str, dict[str, object]]:
        """What this desk received, per Idempotency-Key."""
        return {
            key: {"ref": c.ref, "permintaan": c.requests, "case_ref": c.case_ref, "berkas": c.files}
            for key, c in self.received.items()
        }

    async def close(self) -> None:
        """Stop answering."""
        for task in list(self._answering):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
