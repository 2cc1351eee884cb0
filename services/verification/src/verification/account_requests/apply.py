"""What an approved request changes on the account, pure: the columns of `providers` to set, the facts that announce
the change and the history rows the provider reads. Also the LPSE's own deactivation. No I/O, no clock.

A NPWP is shown masked in history and in a `FieldChange` (the full number travels only in `account.changed`'s
`npwp` field). An email change makes the new address the address of record at once: the fact carries it as `email`
and the old one as `previous_email`. CV → PT keeps the user ID.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from contracts.envelope import Actor, Event
from contracts.provider_account import (
    ChangedField,
    FieldChange,
    ProviderAccountChangedV1,
    ProviderAccountDeactivatedV1,
    ProviderAccountReactivatedV1,
    ProviderRequestApprovedV1,
)
from contracts.registration import ProviderType
from verification.account_requests.desk import Account, AccountRequest, fact_fields, free_text_problem
from verification.account_requests.domain import RequestRefused
from verification.provider_area.rules import mask_npwp

PT = ProviderType.BADAN_USAHA_PT.value
FIELD_LABEL: dict[ChangedField, str] = {
    "email": "Email",
    "npwp": "NPWP",
    "provider_type": "Bentuk usaha",
    "company_name": "Nama perusahaan",
    "address": "Alamat perusahaan",
    "phone": "Nomor telepon",
    "pkp_number": "Nomor pengukuhan PKP",
    "director_name": "Nama direktur",
}
TYPE_LABEL = {"badan_usaha_cv": "CV", "badan_usaha_pt": "PT"}
DATA_FIELDS: tuple[ChangedField, ...] = ("company_name", "address", "phone", "pkp_number", "director_name")
# The request's `changes` as the provider's form names them (new_email, …) or as the account's columns.
ASKED_AS: dict[ChangedField, tuple[str, ...]] = {
    "email": ("email", "new_email"),
    "npwp": ("npwp", "new_npwp"),
    "company_name": ("company_name", "new_company_name"),
    "address": ("address",),
    "phone": ("phone",),
    "pkp_number": ("pkp_number",),
    "director_name": ("director_name",),
}
WHAT: dict[str, str] = {
    "email": "Email diubah",
    "npwp": "NPWP diubah",
    "status_badan_usaha": "Status perusahaan diubah dari CV ke PT",
    "data": "Data perusahaan diubah",
}


@dataclass(frozen=True)
class HistoryEntry:
    """One row of the account's history, as its provider reads it."""

    what: str
    detail: str
    actor: str


@dataclass(frozen=True)
class Applied:
    """What a decision does to the account: columns to set, facts, history rows, and whether sessions end."""

    updates: Mapping[str, Any]
    facts: tuple[Event, ...]
    history: tuple[HistoryEntry, ...]
    ends_sessions: bool = False


def asked(request: AccountRequest, field: ChangedField) -> str | None:
    """The new value the request asks for a field (None when it asks none)."""
    for key in ASKED_AS.get(field, (field,)):
        value = request.changes.get(key)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def current(account: Account, field: ChangedField) -> str:
    """The account's value of a field today."""
    value: Any = getattr(account, field)
    return "" if value is None else str(value)


def shown(field: ChangedField, value: str) -> str:
    """A value as the provider reads it: a NPWP masked, a provider type by its short name."""
    if field == "npwp":
        return mask_npwp(value)
    if field == "provider_type":
        return TYPE_LABEL.get(value, value)
    return value


def field_changes(request: AccountRequest, account: Account) -> dict[ChangedField, str]:
    """The fields an approval sets, with their new values (only those that differ from the account's)."""
    kind = request.kind
    wanted: dict[ChangedField, str | None]
    if kind == "email":
        wanted = {"email": asked(request, "email")}
    elif kind == "npwp":
        wanted = {"npwp": asked(request, "npwp")}
    elif kind == "status_badan_usaha":
        wanted = {"provider_type": PT, "company_name": asked(request, "company_name")}
    else:
        wanted = {field: asked(request, field) for field in DATA_FIELDS}
    changes = {f: v for f, v in wanted.items() if v is not None and v != current(account, f)}
    if kind == "status_badan_usaha" and account.provider_type != ProviderType.BADAN_USAHA_CV.value:
        raise RequestRefused("Perubahan status ke PT hanya untuk akun berbentuk CV.")
    if not changes:
        raise RequestRefused("Permohonan ini tidak mengubah data akun: nilainya sama dengan data akun saat ini.")
    return changes


def approved(
    request: AccountRequest,
    account: Account,
    *,
    actor: Actor,
    officer: str,
    desk_name: str,
    status_url: str,
    now: datetime,
) -> Applied:
    """The approval's change to the account (RequestRefused when it no longer applies): `ProviderRequestApprovedV1`
    first, then what the account became."""
    common = fact_fields(request, account, actor, status_url, now)
    approval = ProviderRequestApprovedV1(**common, verifier_id=officer)
    if request.kind == "nonaktif":
        return deactivation(
            account,
            request.reason or "Atas permohonan penyedia",
            actor,
            officer,
            desk_name,
            now,
            request=request,
            first=approval,
        )
    if request.kind == "aktif_kembali":
        return reactivation(request, account, actor, officer, desk_name, now, approval)
    if request.kind == "agregasi":
        raise RequestRefused("Agregasi dikirim ke LKPP, tidak diterapkan oleh LPSE.")
    changes = field_changes(request, account)
    items = tuple(
        FieldChange(field=f, label=FIELD_LABEL[f], before=shown(f, current(account, f)), after=shown(f, v))
        for f, v in changes.items()
    )
    base = {**common, "email": changes.get("email", account.email)}
    base["company_name"] = changes.get("company_name", account.company_name)
    base["director_name"] = changes.get("director_name", account.director_name)
    for key in ("request_id", "reference", "kind", "service_id", "status_url"):
        base.pop(key)
    changed = ProviderAccountChangedV1(
        **base,
        request_id=request.request_id,
        reference=request.reference,
        kind=request.kind,
        changes=items,
        previous_email=account.email if "email" in changes else None,
        npwp=changes.get("npwp"),
        provider_type=changes.get("provider_type"),
        aggregated=account.aggregated,
    )
    detail = "; ".join(f"{c.label}: {c.before or '—'} → {c.after}" for c in items)
    if request.kind == "status_badan_usaha":
        deed = ", ".join(
            f"{label} {request.changes[key]}"
            for key, label in (("deed_number", "akta"), ("deed_date", "tanggal"), ("sk_number", "SK Kemenkumham"))
            if request.changes.get(key)
        )
        detail = f"{detail} ({deed})" if deed else detail
    history = (HistoryEntry(WHAT[request.kind], detail[:2000], desk_name),)
    updates: dict[str, Any] = {str(f): v for f, v in changes.items()}
    return Applied(updates=updates, facts=(approval, changed), history=history)


def deactivation(
    account: Account,
    reason: str,
    actor: Actor,
    officer: str,
    desk_name: str,
    now: datetime,
    *,
    request: AccountRequest | None = None,
    first: Event | None = None,
) -> Applied:
    """The account stops signing in: on its own request (BJM-5) or by the LPSE with a reason."""
    if account.status == "nonaktif":
        raise RequestRefused("Akun ini sudah nonaktif.")
    reason = reason.strip()
    if not reason:
        raise RequestRefused("Tuliskan alasan penonaktifan.")
    problem = free_text_problem(reason, 2000)
    if problem is not None:
        raise RequestRefused(problem)
    by = "permohonan" if request is not None else "lpse"
    fact = ProviderAccountDeactivatedV1(
        occurred_at=now,
        lpse=account.lpse,
        correlation_id=request.request_id if request else account.provider_id,
        actor=actor,
        provider_id=account.provider_id,
        user_id=account.user_id,
        company_name=account.company_name,
        email=account.email,
        director_name=account.director_name,
        language=account.language,
        by=by,
        reason=reason[:2000],
        officer_id=officer,
        request_id=request.request_id if request else None,
        aggregated=account.aggregated,
    )
    what = "Akun dinonaktifkan atas permohonan penyedia" if request else "Akun dinonaktifkan oleh LPSE"
    updates = {"status": "nonaktif", "deactivated_at": now, "deactivated_by": by, "deactivation_reason": reason}
    facts = (first, fact) if first is not None else (fact,)
    return Applied(updates, facts, (HistoryEntry(what, reason[:2000], desk_name),), ends_sessions=True)


def reactivation(
    request: AccountRequest, account: Account, actor: Actor, officer: str, desk_name: str, now: datetime, first: Event
) -> Applied:
    """A deactivated account signs in again (no standard has this service: the platform's own)."""
    if account.status != "nonaktif":
        raise RequestRefused("Akun ini tidak nonaktif: aktivasi kembali tidak diperlukan.")
    fact = ProviderAccountReactivatedV1(
        occurred_at=now,
        lpse=account.lpse,
        correlation_id=request.request_id,
        actor=actor,
        provider_id=account.provider_id,
        user_id=account.user_id,
        company_name=account.company_name,
        email=account.email,
        director_name=account.director_name,
        language=account.language,
        officer_id=officer,
        request_id=request.request_id,
        aggregated=account.aggregated,
    )
    updates = {"status": "active", "deactivated_at": None, "deactivated_by": None, "deactivation_reason": None}
    history = (HistoryEntry("Akun diaktifkan kembali", request.reason[:2000], desk_name),)
    return Applied(updates, (first, fact), history)
