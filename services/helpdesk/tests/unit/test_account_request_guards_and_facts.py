"""The account request guards by their sentences (the four-eyes check above all), and the facts each step
publishes: what identity acts on (username, role, the auditor's last day), what the requester is written."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from contracts.account_requests import (
    AccountChangeKind,
    AccountRequestApprovedV1,
    AccountRequestCompletedV1,
    AccountRequestDispositionedV1,
    AccountRequestEscalatedV1,
    AccountRequestPreparedV1,
    AccountRequestRefusedV1,
    AccountRequestReturnedV1,
    InternalRole,
)
from contracts.envelope import Actor
from helpdesk.accounts.domain import AccountRequest, RequestRefused, Step, decide
from helpdesk.accounts.tables import Path, Status, Trigger
from lpse_runtime.machine import TransitionRefused

AT = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
URL = "sealed-status-url"
FRONT = Actor(id="helpdesk.temanggung", role="helpdesk")
KABAG = Actor(id="kepala.temanggung", role="kepala_lpse")
AGENCY_1 = Actor(id="adminagency.temanggung", role="admin_agency")
AGENCY_2 = Actor(id="adminagency2.temanggung", role="admin_agency")
IDENTITY = Actor.system("identity")
T = Trigger

TMG = AccountRequest(
    id=uuid.uuid4(),
    lpse="temanggung",
    reference="TMG-AKN-0001",
    service_id="TMG-2",
    kind="akun_baru",
    role="ppk",
    status=Status.DIAJUKAN,
    path=Path.BERJENJANG,
    officer="admin_agency",
    person_name="Siti Rahayu",
    email="siti@contoh.id",
)
DPK_AUDITOR = replace(
    TMG,
    lpse="depok",
    service_id="DPK-3a",
    kind="auditor",
    role="auditor",
    path=Path.ESKALASI,
    officer="admin_ppe",
    access_until=date(2027, 3, 31),
)


def step(r: AccountRequest, s: Step, actor: Actor) -> AccountRequest:
    return decide(r, s, at=AT, actor=actor, status_url=URL).state


def refusal(r: AccountRequest, s: Step, actor: Actor) -> str:
    with pytest.raises(RequestRefused) as refused:
        decide(r, s, at=AT, actor=actor, status_url=URL)
    return str(refused.value)


def prepared() -> AccountRequest:
    r = step(TMG, Step(T.LENGKAP), FRONT)
    r = step(r, Step(T.DISPOSISI), KABAG)
    return step(r, Step(T.SIAPKAN, username="siti.ppk"), AGENCY_1)


def test_the_preparer_cannot_check_its_own_account() -> None:
    assert refusal(prepared(), Step(T.KONFIRMASI), AGENCY_1) == (
        "Pengecekan ulang harus dilakukan oleh petugas lain, bukan pembuat akun (TMG-2: setiap akun baru "
        "dicek ulang oleh satu petugas lain sebelum disahkan)."
    )
    assert "petugas lain" in refusal(prepared(), Step(T.KEMBALIKAN_KE_PEMBUAT, reason="salah"), AGENCY_1)


def test_a_second_officer_confirms_and_identity_is_asked_with_both_names() -> None:
    d = decide(prepared(), Step(T.KONFIRMASI), at=AT, actor=AGENCY_2, status_url=URL)
    assert d.state.status is Status.DISETUJUI
    (fact,) = d.facts
    assert isinstance(fact, AccountRequestApprovedV1)
    assert (fact.username, fact.staff_role, fact.account_email) == ("siti.ppk", "ppk", "siti@contoh.id")
    assert (fact.prepared_by, fact.checked_by, fact.person_name) == (
        "adminagency.temanggung",
        "adminagency2.temanggung",
        "Siti Rahayu",
    )
    assert d.audit is not None and (d.audit.before, d.audit.after) == ("disiapkan", "disetujui")


def test_the_second_officer_sends_it_back_and_the_preparer_prepares_again() -> None:
    back = step(prepared(), Step(T.KEMBALIKAN_KE_PEMBUAT, reason="Username tidak sesuai NIP"), AGENCY_2)
    assert (back.status, back.reason) == (Status.DIKEMBALIKAN_KE_PEMBUAT, "Username tidak sesuai NIP")
    again = decide(back, Step(T.SIAPKAN, username="siti.rahayu"), at=AT, actor=AGENCY_1, status_url=URL)
    (fact,) = again.facts
    assert isinstance(fact, AccountRequestPreparedV1)
    assert (fact.username, fact.second_check_required) == ("siti.rahayu", True)


def test_front_office_escalates_to_the_kabag_and_the_kabag_dispositions() -> None:
    d = decide(TMG, Step(T.LENGKAP), at=AT, actor=FRONT, status_url=URL)
    (fact,) = d.facts
    assert isinstance(fact, AccountRequestEscalatedV1)
    assert (fact.to_role, fact.to_label) == ("kepala_lpse", "Kabag PBJ selaku Kepala LPSE")
    assert refusal(d.state, Step(T.DISPOSISI), AGENCY_1) == "Disposisi diberikan oleh Kabag PBJ selaku Kepala LPSE."
    (disposed,) = decide(d.state, Step(T.DISPOSISI), at=AT, actor=KABAG, status_url=URL).facts
    assert isinstance(disposed, AccountRequestDispositionedV1)


def test_only_the_front_office_checks_the_file_and_a_return_names_what_is_missing() -> None:
    assert refusal(TMG, Step(T.LENGKAP), AGENCY_1) == "Berkas diperiksa oleh petugas Helpdesk / Front Office."
    assert refusal(TMG, Step(T.KEMBALIKAN), FRONT) == "Sebutkan sekurang-kurangnya satu hal yang belum lengkap."
    d = decide(TMG, Step(T.KEMBALIKAN, missing=("Sertifikat Dasar PBJ",)), at=AT, actor=FRONT, status_url=URL)
    (fact,) = d.facts
    assert isinstance(fact, AccountRequestReturnedV1) and fact.missing == ("Sertifikat Dasar PBJ",)
    assert d.state.missing == ("Sertifikat Dasar PBJ",)


def test_a_depok_request_is_decided_by_the_officer_its_procedure_names() -> None:
    escalated = step(DPK_AUDITOR, Step(T.LENGKAP), Actor(id="helpdesk.depok", role="helpdesk"))
    agency = Actor(id="adminagency.depok", role="admin_agency")
    assert refusal(escalated, Step(T.SETUJUI, username="apip.inspektorat"), agency) == (
        "Permohonan ini diputuskan oleh Admin PPE."
    )
    ppe = Actor(id="adminppe.depok", role="admin_ppe")
    d = decide(escalated, Step(T.SETUJUI, username="apip.inspektorat"), at=AT, actor=ppe, status_url=URL)
    (fact,) = d.facts
    assert isinstance(fact, AccountRequestApprovedV1)
    assert (fact.staff_role, fact.access_until, fact.checked_by) == ("auditor_paket", date(2027, 3, 31), None)


def test_a_pensiun_ends_the_account_and_an_email_change_sends_the_new_address() -> None:
    base = replace(DPK_AUDITOR, service_id="DPK-2e", kind="perubahan", role="pokja", officer="admin_agency")
    agency = Actor(id="adminagency.depok", role="admin_agency")
    cases: tuple[tuple[AccountChangeKind, str | None, str], ...] = (
        ("pensiun", None, "siti@contoh.id"),
        ("email", "pokja", "baru@contoh.id"),
    )
    for change, role, email in cases:
        r = replace(base, status=Status.DIESKALASI, change_kind=change, new_email="baru@contoh.id")
        (fact,) = decide(r, Step(T.SETUJUI, username="siti.pokja"), at=AT, actor=agency, status_url=URL).facts
        assert isinstance(fact, AccountRequestApprovedV1)
        assert (fact.change_kind, fact.staff_role, fact.account_email) == (change, role, email)


def test_a_refusal_needs_a_reason_and_reaches_the_requester() -> None:
    r = replace(DPK_AUDITOR, status=Status.DIESKALASI)
    ppe = Actor(id="adminppe.depok", role="admin_ppe")
    assert refusal(r, Step(T.TOLAK), ppe) == "Tuliskan alasannya."
    (fact,) = decide(r, Step(T.TOLAK, reason="Instansi bukan APIP"), at=AT, actor=ppe, status_url=URL).facts
    assert isinstance(fact, AccountRequestRefusedV1) and fact.reason == "Instansi bukan APIP"


def test_a_claim_is_a_lease_and_another_officer_waits_for_it() -> None:
    claimed = step(TMG, Step(T.KLAIM), FRONT)
    assert (claimed.holder, claimed.lease_until) == ("helpdesk.temanggung", AT + timedelta(minutes=30))
    other = Actor(id="helpdesk2.temanggung", role="helpdesk")
    assert refusal(claimed, Step(T.LENGKAP), other) == "Permohonan sedang ditangani helpdesk.temanggung."
    expired = replace(claimed, lease_until=AT - timedelta(seconds=1))
    assert step(expired, Step(T.LENGKAP), other).holder is None


def test_identity_completes_the_request_once_with_the_username() -> None:
    approved = replace(TMG, status=Status.DISETUJUI, username="siti.ppk")
    assert refusal(approved, Step(T.AKUN_DIBUAT), AGENCY_1) == "Langkah ini dicatat oleh layanan identitas."
    d = decide(approved, Step(T.AKUN_DIBUAT, within_deadline=True), at=AT, actor=IDENTITY, status_url=URL)
    (fact,) = d.facts
    assert isinstance(fact, AccountRequestCompletedV1)
    assert (d.state.status, fact.username, fact.within_deadline) == (Status.SELESAI, "siti.ppk", True)
    with pytest.raises(TransitionRefused):  # a redelivered answer finds the request done
        decide(d.state, Step(T.AKUN_DIBUAT), at=AT, actor=IDENTITY, status_url=URL)


def test_identity_refusing_the_username_sends_it_back_to_the_preparer_with_the_reason() -> None:
    approved = replace(TMG, status=Status.DISETUJUI, username="siti.ppk")
    d = decide(
        approved, Step(T.AKUN_DITOLAK, reason="Nama pengguna sudah dipakai"), at=AT, actor=IDENTITY, status_url=URL
    )
    assert (d.state.status, d.state.reason, d.facts) == (Status.DIDISPOSISI, "Nama pengguna sudah dipakai", ())


def test_magelang_verification_needs_every_checklist_item() -> None:
    mgl = replace(TMG, lpse="magelang", service_id="MGL-O", kind="inaproc", path=Path.INAPROC)
    officer = Actor(id="helpdesk.magelang", role="helpdesk")
    assert refusal(mgl, Step(T.VERIFIKASI), officer) == "Centang setiap persyaratan MGL-O yang sudah diperiksa."
    verified = step(mgl, Step(T.VERIFIKASI, checklist_complete=True), officer)
    (fact,) = decide(verified, Step(T.INAPROC_TERVERIFIKASI), at=AT, actor=officer, status_url=URL).facts
    assert isinstance(fact, AccountRequestCompletedV1) and fact.username is None


@pytest.mark.parametrize(
    ("role", "staff_role"),
    [
        ("ppk", "ppk"),
        ("pokja", "pokja"),
        ("pejabat_pengadaan", "pejabat_pengadaan"),
        ("pa", "pa"),
        ("kabag_pbj", "kepala_lpse"),  # TMG-2: "Kabag PBJ selaku Kepala LPSE"
        ("admin_ppe", "admin_ppe"),
        ("helpdesk", "helpdesk"),
        ("verifikator", "verifikator"),
        ("auditor", "auditor_paket"),  # DPK-3a: limited to its tenders and period
    ],
)
def test_each_position_gets_its_platform_role(role: InternalRole, staff_role: str) -> None:
    (fact,) = decide(replace(prepared(), role=role), Step(T.KONFIRMASI), at=AT, actor=AGENCY_2, status_url=URL).facts
    assert isinstance(fact, AccountRequestApprovedV1) and fact.staff_role == staff_role
