"""What the provider's request pages show, built from what the use cases read (no I/O of its own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from contracts.lpse import Requirement
from contracts.provider_account import ProviderRequestKind
from verification.account_requests.domain import (
    KIND_LABEL,
    STATUS_LABEL,
    TRANSITIONS,
    RequestStatus,
    RequestTrigger,
)
from verification.account_requests.filing import (
    Asked,
    ReturnedItem,
    bring_list,
    deadline_text,
    in_sentence,
    returned_slots,
    upload_slots,
)
from verification.account_requests.filing_usecases import Prepared, RequestPage

NEED_LABEL = {Requirement.MANDATORY: "wajib", Requirement.OPTIONAL: "jika ada"}
DECIDED = {
    RequestStatus.APPROVED,
    RequestStatus.REJECTED,
    RequestStatus.WITHDRAWN,
    RequestStatus.SENT_TO_LKPP,
    RequestStatus.AGGREGATED,
    RequestStatus.REFUSED_BY_LKPP,
}


@dataclass(frozen=True)
class Slot:
    """One upload slot of the form."""

    field_name: str
    name: str
    need: str  # "wajib", "jika ada", "wajib bila dikuasakan"
    required: bool
    note: str


@dataclass(frozen=True)
class StepView:
    """One step of the request's way, done or not yet, with its time."""

    label: str
    at: datetime | None
    done: bool


def slots(prepared: Prepared) -> tuple[Asked, ...]:
    """The documents the form offers to upload."""
    if prepared.service is None or prepared.account is None:
        return ()
    return upload_slots(prepared.service, prepared.account)


def _slot(asked: Asked, proxy_only: bool) -> Slot:
    need = "wajib bila berkas dibawa oleh kuasa" if proxy_only else NEED_LABEL.get(asked.need, "")
    required = asked.need is Requirement.MANDATORY and not proxy_only
    return Slot(asked.field_name, asked.rule.name, need, required, asked.rule.note)


def new_form(prepared: Prepared, kind: ProviderRequestKind) -> dict[str, Any]:
    """The new-request form's context."""
    service, account = prepared.service, prepared.account
    context: dict[str, Any] = {
        "kind": kind,
        "kind_label": KIND_LABEL[kind],
        "kind_in_sentence": in_sentence(KIND_LABEL[kind]),
        "profile": prepared.profile,
        "service": service,
        "account": account,
        "message": prepared.refused.errors.get("form") if prepared.refused else None,
        "open_reference": prepared.open_reference,
        "slots": [],
        "bring": (),
        "deadline": "",
    }
    if service is None or account is None or prepared.refused is not None:
        return context
    direct = {a.rule.code for a in upload_slots(service, account) if a.rule.condition != "jika_dikuasakan"}
    context["slots"] = [_slot(a, a.rule.code not in direct) for a in upload_slots(service, account)]
    context["bring"] = bring_list(service, account, by_proxy=True)
    context["deadline"] = deadline_text(service)
    return context


def returned(page: RequestPage) -> tuple[ReturnedItem, ...]:
    """The returned documents that get an upload slot."""
    if page.request.status is not RequestStatus.RETURNED:
        return ()
    return returned_slots(page.service, page.request)


def _history_time(page: RequestPage, starts: str) -> datetime | None:
    return next((line["at"] for line in page.history if str(line["what"]).startswith(starts)), None)


def steps(page: RequestPage) -> list[StepView]:
    """Filed, (email proven), at the counter, handed over, decided."""
    r = page.request
    way = [StepView("Diajukan secara daring", r.filed_at, True)]
    if r.kind == "email":
        proven = _history_time(page, "Alamat email baru dikonfirmasi")
        way.append(StepView("Alamat email baru dikonfirmasi", proven, proven is not None))
    way.append(StepView("Hadir di loket", r.checked_in_at, r.checked_in_at is not None))
    way.append(StepView("Berkas diserahkan di loket", r.handed_over_at, r.handed_over_at is not None))
    decided = r.status in DECIDED
    decided_at = r.decided_at or (r.updated_at if decided else None)
    way.append(StepView(f"Keputusan: {STATUS_LABEL[r.status]}" if decided else "Keputusan", decided_at, decided))
    return way


def request_view(page: RequestPage) -> dict[str, Any]:
    """The request page's context."""
    r = page.request
    bring = bring_list(page.service, page.account, by_proxy=r.by_proxy) if page.service else ()
    return {
        "req": r,
        "kind_label": KIND_LABEL[r.kind],
        "status_label": STATUS_LABEL[r.status],
        "profile": page.profile,
        "service": page.service,
        "deadline": deadline_text(page.service) if page.service else "",
        "bring": bring,
        "steps": steps(page),
        "history": page.history,
        "can_withdraw": (r.status, RequestTrigger.WITHDRAW) in TRANSITIONS,
        "returned": returned(page),
        "returned_all": r.returned_items if r.status is RequestStatus.RETURNED else (),
    }
