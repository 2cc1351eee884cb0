"""LKPP's provider desk as the simulator plays it: changes of aggregated provider accounts, and what LKPP holds.

`POST /lkpp/api/penyedia/perubahan` takes a change the gateway forwards (a changed, deactivated or reactivated
aggregated account): a request whose `x-lkpp-signature` does not match gets 401; one without an `Idempotency-Key`
400; an unreadable one 422 (nothing stored). The first request under a key is applied to what LKPP holds of the
account (202 with its `lkpp_ref`, `LKPP-PRB-XXXXXXXX`); a repeat gets 200 and the same number, and stores nothing
new. A change of a company whose name contains "TOLAK" is refused (422), as LKPP may refuse one. While
`unavailable` is above zero, each request is answered 503 and counts it down (the tests' LKPP outage).

`GET /lkpp/api/penyedia/<user_id>` answers what LKPP holds of that account: its latest data and every change
received, in order (404 when it received none).
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from contracts.digests import LKPP_SIGNATURE_HEADER, lkpp_signature_valid

IDEMPOTENCY_KEY = "Idempotency-Key"
KINDS = ("changed", "deactivated", "reactivated")
TEXT_FIELDS = ("lpse", "user_id", "provider_id", "email", "company_name", "occurred_at")
NPWP = re.compile(r"^[0-9]{15,16}$")
HELD_FIELDS = ("email", "company_name", "director_name", "provider_type", "status")
REFUSED = "Data penyedia tidak dapat diperbarui pada sistem agregasi LKPP (simulasi)"


def readable(body: bytes) -> dict[str, Any] | None:
    """The change as LKPP reads it, or None: not JSON, or without its account, kind, status or changes."""
    try:
        change = json.loads(body)
    except ValueError:
        return None
    if not isinstance(change, dict) or not all(isinstance(change.get(k), str) and change[k] for k in TEXT_FIELDS):
        return None
    if change.get("kind") not in KINDS or change.get("status") not in ("aktif", "nonaktif"):
        return None
    changes = change.get("changes")
    if not isinstance(changes, list) or not all(
        isinstance(c, dict) and isinstance(c.get("field"), str) for c in changes
    ):
        return None
    if change["kind"] == "changed" and not changes:
        return None
    npwp = change.get("npwp")
    if npwp is not None and not (isinstance(npwp, str) and NPWP.match(npwp)):
        return None
    return change


@dataclass
class Account:
    """What LKPP holds of one aggregated account: its latest data, and the changes received in order."""

    user_id: str
    data: dict[str, Any] = field(default_factory=dict)
    changes: list[dict[str, Any]] = field(default_factory=list)

    def apply(self, change: dict[str, Any], lkpp_ref: str) -> None:
        """The account after one change: its fields as sent, a new NPWP and the other fields changed."""
        self.data |= {k: change[k] for k in HELD_FIELDS if change.get(k) is not None}
        self.data |= {"lpse": change["lpse"], "provider_id": change["provider_id"], "updated_at": change["occurred_at"]}
        for item in change["changes"]:
            if item["field"] not in ("npwp", *HELD_FIELDS):  # the npwp comes in full below, the others above
                self.data[item["field"]] = item.get("after", "")
        if change.get("npwp"):
            self.data["npwp"] = change["npwp"]
        self.changes.append({"lkpp_ref": lkpp_ref, **change})

    def shown(self) -> dict[str, Any]:
        """`GET /lkpp/api/penyedia/<user_id>`."""
        return {"user_id": self.user_id, **self.data, "perubahan": self.changes}


@dataclass
class ProviderDesk:
    """One change per Idempotency-Key, applied to the account it names."""

    secret: str
    unavailable: int = 0  # answer this many requests 503 first (a test's LKPP outage)
    received: dict[str, tuple[str, int]] = field(default_factory=dict)  # key → (lkpp_ref, requests)
    accounts: dict[str, Account] = field(default_factory=dict)  # upper(user_id) → account

    async def take(self, request: Request) -> JSONResponse:
        """`POST /lkpp/api/penyedia/perubahan`: 503 while down, 401, 400, 422, 202 new, 200 a repeat."""
        if self.unavailable > 0:
            self.unavailable -= 1
            return JSONResponse({"error": "layanan sedang tidak tersedia (simulasi)"}, status_code=503)
        body = await request.body()
        if not lkpp_signature_valid(self.secret, body, request.headers.get(LKPP_SIGNATURE_HEADER, "")):
            return JSONResponse({"error": "tanda tangan tidak sah"}, status_code=401)
        key = request.headers.get(IDEMPOTENCY_KEY, "").strip()
        if not key:
            return JSONResponse({"error": "Idempotency-Key wajib diisi"}, status_code=400)
        if key in self.received:
            ref, requests = self.received[key]
            self.received[key] = (ref, requests + 1)
            return JSONResponse({"lkpp_ref": ref}, status_code=200)
        change = readable(body)
        if change is None:
            return JSONResponse({"error": "data perubahan penyedia tidak lengkap atau tidak sah"}, status_code=422)
        if "TOLAK" in change["company_name"].upper():
            return JSONResponse({"error": REFUSED}, status_code=422)
        ref = f"LKPP-PRB-{uuid.uuid4().hex[:8].upper()}"
        self.received[key] = (ref, 1)
        user_id = change["user_id"]
        self.accounts.setdefault(user_id.upper(), Account(user_id)).apply(change, ref)
        return JSONResponse({"lkpp_ref": ref}, status_code=202)

    async def holding(self, request: Request) -> JSONResponse:
        """`GET /lkpp/api/penyedia/<user_id>`: what LKPP holds of the account, 404 when nothing."""
        account = self.accounts.get(str(request.path_params["user_id"]).upper())
        if account is None:
            return JSONResponse({"error": "penyedia tidak dikenal"}, status_code=404)
        return JSONResponse(account.shown())

    def listed(self) -> dict[str, dict[str, object]]:
        """`GET /lkpp/api/diterima` (provider part): per key, LKPP's number and how many requests carried it."""
        return {k: {"lkpp_ref": ref, "permintaan": n} for k, (ref, n) in self.received.items()}
