"""A provider's request about its account, pure: its statuses, what moves it, and which service of the standard it
follows. No I/O, no clock.

The table is Banjarmasin's generic counter flow (services 2–6, domain §6.7) with Depok's DPK-1b outcome (approved or
rejected) and the verification case's counter-visit rules: the provider files online (an email change first proves
its new address by a link), prints and signs the letter and comes to the counter; the Helpdesk records the visit
and receives the file (the clock starts then); a verifier claims it, checks every document, returns it (the clock
pauses) or decides. Agregasi (BJM-6) is not applied by the LPSE: the verifier sends it to LKPP, which stops the
LPSE's clock and leaves LKPP's leg open-ended. Reactivation is in no standard: it runs on this same flow.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from contracts.lpse import LpseProfile, ServiceKind, ServiceStandard
from contracts.provider_account import ProviderRequestKind
from lpse_runtime.machine import TransitionRefused, transition


class RequestStatus(StrEnum):
    """Where a request stands."""

    AWAITING_EMAIL_PROOF = "menunggu_bukti_email"  # an email change: the new address has not opened its link yet
    AWAITING_VISIT = "menunggu_kunjungan"  # filed online; the provider has not come to the counter yet
    CHECKED_IN = "hadir"  # at the counter (guest book); the file not handed over yet
    QUEUED = "antre"  # the counter received the file: the clock runs, a verifier takes it next
    IN_REVIEW = "diperiksa"  # a verifier holds it
    RETURNED = "dikembalikan"  # incomplete or invalid: back with the provider, the clock paused
    APPROVED = "disetujui"  # decided and applied
    SENT_TO_LKPP = "dikirim_ke_lkpp"  # agregasi: with LKPP, no local deadline
    AGGREGATED = "teragregasi"
    REFUSED_BY_LKPP = "ditolak_lkpp"
    REJECTED = "ditolak"
    WITHDRAWN = "dibatalkan"


class RequestTrigger(StrEnum):
    """What moves a request, and who does it."""

    PROVE_EMAIL = "prove_email"  # the new address opened its link (the provider)
    CHECK_IN = "check_in"  # counter staff record the visit
    HAND_OVER = "hand_over"  # counter staff receive the file: the clock starts
    CLAIM = "claim"  # a verifier takes it (again only once the holder's lease ran out)
    RELEASE = "release"
    RETURN = "return"  # the verifier returns it with the missing or invalid documents
    RESUBMIT = "resubmit"  # the provider uploaded again what was returned
    RESUME = "resume"  # the completed file was brought to the counter
    APPROVE = "approve"  # the change is applied (every kind but agregasi)
    SEND_TO_LKPP = "send_to_lkpp"  # agregasi only
    LKPP_AGGREGATED = "lkpp_aggregated"
    LKPP_REFUSED = "lkpp_refused"
    REJECT = "reject"  # with a reason the provider reads
    WITHDRAW = "withdraw"  # the provider, before handing the file over


TRANSITIONS: dict[tuple[RequestStatus, RequestTrigger], RequestStatus] = {
    (RequestStatus.AWAITING_EMAIL_PROOF, RequestTrigger.PROVE_EMAIL): RequestStatus.AWAITING_VISIT,
    (RequestStatus.AWAITING_VISIT, RequestTrigger.CHECK_IN): RequestStatus.CHECKED_IN,
    (RequestStatus.CHECKED_IN, RequestTrigger.HAND_OVER): RequestStatus.QUEUED,
    (RequestStatus.QUEUED, RequestTrigger.CLAIM): RequestStatus.IN_REVIEW,
    (RequestStatus.IN_REVIEW, RequestTrigger.CLAIM): RequestStatus.IN_REVIEW,
    (RequestStatus.IN_REVIEW, RequestTrigger.RELEASE): RequestStatus.QUEUED,
    (RequestStatus.IN_REVIEW, RequestTrigger.RETURN): RequestStatus.RETURNED,
    (RequestStatus.RETURNED, RequestTrigger.RESUBMIT): RequestStatus.IN_REVIEW,
    (RequestStatus.RETURNED, RequestTrigger.RESUME): RequestStatus.IN_REVIEW,
    (RequestStatus.IN_REVIEW, RequestTrigger.APPROVE): RequestStatus.APPROVED,
    (RequestStatus.IN_REVIEW, RequestTrigger.SEND_TO_LKPP): RequestStatus.SENT_TO_LKPP,
    (RequestStatus.SENT_TO_LKPP, RequestTrigger.LKPP_AGGREGATED): RequestStatus.AGGREGATED,
    (RequestStatus.SENT_TO_LKPP, RequestTrigger.LKPP_REFUSED): RequestStatus.REFUSED_BY_LKPP,
    (RequestStatus.IN_REVIEW, RequestTrigger.REJECT): RequestStatus.REJECTED,
    (RequestStatus.AWAITING_EMAIL_PROOF, RequestTrigger.WITHDRAW): RequestStatus.WITHDRAWN,
    (RequestStatus.AWAITING_VISIT, RequestTrigger.WITHDRAW): RequestStatus.WITHDRAWN,
    (RequestStatus.RETURNED, RequestTrigger.WITHDRAW): RequestStatus.WITHDRAWN,
}

# Open: the account has a request the LPSE still works (the one-open rule; the migration's partial index agrees).
OPEN: frozenset[RequestStatus] = frozenset(
    {
        RequestStatus.AWAITING_EMAIL_PROOF,
        RequestStatus.AWAITING_VISIT,
        RequestStatus.CHECKED_IN,
        RequestStatus.QUEUED,
        RequestStatus.IN_REVIEW,
        RequestStatus.RETURNED,
    }
)

# Only these triggers belong to one kind: agregasi is sent to LKPP, never applied by the LPSE; the rest are applied.
ONLY_FOR: dict[RequestTrigger, frozenset[ProviderRequestKind]] = {
    RequestTrigger.SEND_TO_LKPP: frozenset({"agregasi"}),
    RequestTrigger.LKPP_AGGREGATED: frozenset({"agregasi"}),
    RequestTrigger.LKPP_REFUSED: frozenset({"agregasi"}),
    RequestTrigger.APPROVE: frozenset({"email", "npwp", "status_badan_usaha", "data", "nonaktif", "aktif_kembali"}),
    RequestTrigger.PROVE_EMAIL: frozenset({"email"}),
}

STATUS_LABEL: dict[RequestStatus, str] = {
    RequestStatus.AWAITING_EMAIL_PROOF: "Menunggu konfirmasi alamat email baru",
    RequestStatus.AWAITING_VISIT: "Menunggu kedatangan pemohon di loket",
    RequestStatus.CHECKED_IN: "Pemohon di loket, berkas belum diserahkan",
    RequestStatus.QUEUED: "Berkas diterima di loket, menunggu verifikator",
    RequestStatus.IN_REVIEW: "Sedang diperiksa verifikator",
    RequestStatus.RETURNED: "Dikembalikan: berkas perlu dilengkapi",
    RequestStatus.APPROVED: "Disetujui, perubahan sudah diterapkan",
    RequestStatus.SENT_TO_LKPP: "Dikirim ke LKPP (proses di LKPP tanpa batas waktu dalam standar)",
    RequestStatus.AGGREGATED: "Teragregasi oleh LKPP",
    RequestStatus.REFUSED_BY_LKPP: "Ditolak LKPP",
    RequestStatus.REJECTED: "Ditolak",
    RequestStatus.WITHDRAWN: "Dibatalkan oleh pemohon",
}

KIND_LABEL: dict[ProviderRequestKind, str] = {
    "email": "Perubahan email",
    "npwp": "Perubahan NPWP",
    "status_badan_usaha": "Perubahan status perusahaan dari CV ke PT",
    "data": "Perubahan data penyedia lainnya",
    "nonaktif": "Penonaktifan user ID",
    "aktif_kembali": "Aktivasi kembali user ID",
    "agregasi": "Agregasi data penyedia (ADP)",
}

# Which services of a standard a kind may follow, best first: Banjarmasin names one service per change (BJM-2..6);
# Depok's DPK-1b covers every data change ("NPWP, alamat, PKP, telepon dan lain-lain", the email under "lain-lain").
# Reactivation is in no standard: it follows the LPSE's deactivation service, or else its data-change service.
KIND_SERVICES: dict[ProviderRequestKind, tuple[ServiceKind, ...]] = {
    "email": ("perubahan_email", "perubahan_data"),
    "npwp": ("perubahan_npwp", "perubahan_data"),
    "status_badan_usaha": ("perubahan_status_badan_usaha", "perubahan_data"),
    "data": ("perubahan_data",),
    "nonaktif": ("nonaktif_user_id",),
    "aktif_kembali": ("nonaktif_user_id", "perubahan_data"),
    "agregasi": ("agregasi",),
}


class RequestRefused(Exception):
    """The step does not apply: the message says why, in Indonesian."""


def service_for(profile: LpseProfile, kind: ProviderRequestKind) -> ServiceStandard | None:
    """The service of the LPSE's standard a request of this kind follows, or None when the standard has none."""
    services: Sequence[ServiceStandard] = profile.services
    for wanted in KIND_SERVICES[kind]:
        for service in services:
            if service.kind == wanted and covered(service, kind):
                return service
    return None


def covered(service: ServiceStandard, kind: ProviderRequestKind) -> bool:
    """A data-change service covers the changes its standard names (`covers`), or every one when it names none."""
    return service.kind != "perubahan_data" or not service.covers or kind in service.covers or kind == "aktif_kembali"


def initial_status(kind: ProviderRequestKind, channel: str) -> RequestStatus:
    """Where a new request starts: an email change waits for its proof; staff at the counter record it in hand."""
    if channel == "loket":
        return RequestStatus.QUEUED
    return RequestStatus.AWAITING_EMAIL_PROOF if kind == "email" else RequestStatus.AWAITING_VISIT


def next_status(kind: ProviderRequestKind, status: RequestStatus, trigger: RequestTrigger) -> RequestStatus:
    """The status after a trigger, or RequestRefused saying why it does not apply."""
    allowed = ONLY_FOR.get(trigger)
    if allowed is not None and kind not in allowed:
        raise RequestRefused(f"Tindakan ini tidak berlaku untuk {KIND_LABEL[kind].lower()}.")
    try:
        return transition(TRANSITIONS, status, trigger)
    except TransitionRefused:
        raise RequestRefused(
            f"Tindakan ini tidak berlaku untuk permohonan berstatus '{STATUS_LABEL[status]}'."
        ) from None
