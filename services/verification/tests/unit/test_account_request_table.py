"""The request table, written out from the README's *Requests and the verifier's desk* and the standard's counter
flow (BJM-2..6, DPK-1b): every allowed (status, trigger) pair and where it leads; every other pair is refused."""

from __future__ import annotations

import itertools

import pytest

from contracts.provider_account import ProviderRequestKind
from verification.account_requests.domain import RequestRefused, RequestStatus, RequestTrigger, next_status

S, T = RequestStatus, RequestTrigger

# Written out by hand, not read from the code: (status, trigger) → status after.
ALLOWED: dict[tuple[str, str], str] = {
    ("menunggu_bukti_email", "prove_email"): "menunggu_kunjungan",
    ("menunggu_kunjungan", "check_in"): "hadir",
    ("hadir", "hand_over"): "antre",
    ("antre", "claim"): "diperiksa",
    ("diperiksa", "claim"): "diperiksa",
    ("diperiksa", "release"): "antre",
    ("diperiksa", "return"): "dikembalikan",
    ("dikembalikan", "resubmit"): "diperiksa",
    ("dikembalikan", "resume"): "diperiksa",
    ("diperiksa", "approve"): "disetujui",
    ("diperiksa", "send_to_lkpp"): "dikirim_ke_lkpp",
    ("dikirim_ke_lkpp", "lkpp_aggregated"): "teragregasi",
    ("dikirim_ke_lkpp", "lkpp_refused"): "ditolak_lkpp",
    ("diperiksa", "reject"): "ditolak",
    ("menunggu_bukti_email", "withdraw"): "dibatalkan",
    ("menunggu_kunjungan", "withdraw"): "dibatalkan",
    ("dikembalikan", "withdraw"): "dibatalkan",
}

# A kind each trigger applies to (agregasi is sent to LKPP, never applied; only an email change proves an address).
KIND_FOR: dict[str, ProviderRequestKind] = {
    "send_to_lkpp": "agregasi",
    "lkpp_aggregated": "agregasi",
    "lkpp_refused": "agregasi",
}


@pytest.mark.parametrize(("pair", "after"), ALLOWED.items(), ids=lambda v: "-".join(v) if isinstance(v, tuple) else v)
def test_each_allowed_pair_leads_where_the_flow_says(pair: tuple[str, str], after: str) -> None:
    status, trigger = pair
    kind: ProviderRequestKind = KIND_FOR.get(trigger, "email")
    assert next_status(kind, S(status), T(trigger)) is S(after)


def test_every_other_pair_is_refused_for_every_kind() -> None:
    kinds: tuple[ProviderRequestKind, ...] = (
        "email",
        "npwp",
        "status_badan_usaha",
        "data",
        "nonaktif",
        "aktif_kembali",
        "agregasi",
    )
    refused = 0
    for status, trigger, kind in itertools.product(S, T, kinds):
        if (status.value, trigger.value) in ALLOWED:
            continue
        with pytest.raises(RequestRefused):
            next_status(kind, status, trigger)
        refused += 1
    assert refused == (len(S) * len(T) - len(ALLOWED)) * len(kinds) == (12 * 14 - 17) * 7


@pytest.mark.parametrize("kind", ["email", "npwp", "status_badan_usaha", "data", "nonaktif", "aktif_kembali"])
def test_only_agregasi_goes_to_lkpp(kind: ProviderRequestKind) -> None:
    with pytest.raises(RequestRefused, match="tidak berlaku untuk"):
        next_status(kind, S.IN_REVIEW, T.SEND_TO_LKPP)


def test_agregasi_is_never_applied_by_the_lpse() -> None:
    with pytest.raises(RequestRefused, match="agregasi data penyedia"):
        next_status("agregasi", S.IN_REVIEW, T.APPROVE)


@pytest.mark.parametrize("kind", ["npwp", "status_badan_usaha", "data", "nonaktif", "aktif_kembali", "agregasi"])
def test_only_an_email_change_proves_an_address(kind: ProviderRequestKind) -> None:
    with pytest.raises(RequestRefused):
        next_status(kind, S.AWAITING_EMAIL_PROOF, T.PROVE_EMAIL)


def test_a_refusal_names_the_status_as_the_provider_reads_it() -> None:
    with pytest.raises(RequestRefused) as refused:
        next_status("email", S.QUEUED, T.WITHDRAW)
    assert str(refused.value) == (
        "Tindakan ini tidak berlaku untuk permohonan berstatus 'Berkas diterima di loket, menunggu verifikator'."
    )
