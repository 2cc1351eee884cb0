"""The rules identity applies to an approved account request (DPK-2a/2b/2e/3a, TMG-2), written out by hand."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from contracts.identity import (
    InternalAccountCreatedV1,
    InternalAccountDeactivatedV1,
    InternalAccountRefusedV1,
    StaffGrant,
)
from identity.accounts import Account, AccountStatus
from identity.forms import ROLE_LABEL
from identity.internal_accounts import (
    Step,
    access_ended,
    access_ends_at,
    change_refusal,
    created,
    deactivated,
    expiry_due,
    new_account,
    refused,
    step_for,
)
from services.identity.tests.approved_requests import approved

NOW = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("access_until", "zone", "ends"),
    [
        # the start of the day after the last day, in the LPSE's zone, computed by hand
        (date(2026, 12, 10), "Asia/Jakarta", datetime(2026, 12, 10, 17, 0, tzinfo=UTC)),  # Depok, WIB (UTC+7)
        (date(2026, 12, 10), "Asia/Makassar", datetime(2026, 12, 10, 16, 0, tzinfo=UTC)),  # Banjarmasin, WITA (+8)
        (date(2026, 12, 10), "Asia/Jayapura", datetime(2026, 12, 10, 15, 0, tzinfo=UTC)),  # WIT (UTC+9)
        (date(2026, 12, 31), "Asia/Jakarta", datetime(2026, 12, 31, 17, 0, tzinfo=UTC)),  # over the year's end
    ],
)
def test_an_auditors_access_ends_at_the_start_of_the_day_after_its_last_day(
    access_until: date, zone: str, ends: datetime
) -> None:
    assert access_ends_at(access_until, zone) == ends


def test_access_has_ended_from_the_instant_itself() -> None:
    auditor = Account(uuid.uuid4(), "a", "A", "A", (), expires_at=datetime(2026, 12, 10, 17, 0, tzinfo=UTC))
    assert not access_ended(auditor, datetime(2026, 12, 10, 16, 59, 59, 999999, tzinfo=UTC))
    assert access_ended(auditor, datetime(2026, 12, 10, 17, 0, tzinfo=UTC))
    assert not access_ended(Account(uuid.uuid4(), "p", "P", "P", ()), datetime(2099, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("kind", "change_kind", "step"),
    [
        ("akun_baru", None, Step.CREATE),
        ("akun_baru", "email", Step.CREATE),  # a change kind means nothing to a new account
        ("auditor", None, Step.CREATE),
        ("perubahan", "email", Step.CHANGE_EMAIL),
        ("perubahan", "mutasi", Step.MUTASI),
        ("perubahan", "pensiun", Step.PENSIUN),
        ("perubahan", None, None),  # a change that names no kind of change is refused
        ("inaproc", None, Step.IGNORE),  # MGL-O: INAPROC makes that account, not this platform
    ],
)
def test_what_each_approved_request_asks_of_identity(kind: str, change_kind: str | None, step: Step | None) -> None:
    assert step_for(approved(at=NOW, username="x.y", kind=kind, change_kind=change_kind)) is step


@pytest.mark.parametrize(
    ("role", "label"),
    [
        ("ppk", "PPK"),
        ("pokja", "Pokja Pemilihan"),
        ("pejabat_pengadaan", "Pejabat Pengadaan"),
        ("pa", "Pengguna Anggaran (PA)"),
        ("auditor_paket", "Auditor APIP/APH (terbatas paket)"),
    ],
)
def test_the_internal_roles_are_named_as_the_lpse_names_them(role: str, label: str) -> None:
    assert ROLE_LABEL[role] == label


@pytest.mark.parametrize("role", ["ppk", "pokja", "pejabat_pengadaan", "pa", "auditor_paket", "admin_ppe"])
def test_the_account_holds_the_one_role_the_request_names_in_its_lpse(role: str) -> None:
    fact = approved(at=NOW, username="orang.baru", lpse="temanggung", staff_role=role)
    account = new_account(fact, account_id=uuid.uuid4(), zone="Asia/Jakarta")
    assert isinstance(account, Account)
    assert [(g.role, g.lpse) for g in account.grants] == [(role, "temanggung")]
    decided = created(fact, account, set_password_url="tersegel", now=NOW)
    [fact_out] = decided.facts
    assert isinstance(fact_out, InternalAccountCreatedV1)
    assert (fact_out.role, fact_out.lpse, fact_out.request_id, fact_out.actor) == (
        role,
        "temanggung",
        fact.case_id,
        fact.actor,
    )
    assert fact_out.expires_at is None and decided.audit is not None and decided.audit.actor == fact.actor


def test_an_auditors_account_carries_its_end_of_access_and_a_request_without_one_is_refused() -> None:
    fact = approved(
        at=NOW, username="aud.x", kind="auditor", staff_role="auditor_paket", access_until=date(2026, 12, 10)
    )
    account = new_account(fact, account_id=uuid.uuid4(), zone="Asia/Jakarta")
    assert isinstance(account, Account) and account.expires_at == datetime(2026, 12, 10, 17, 0, tzinfo=UTC)
    no_period = approved(at=NOW, username="aud.y", kind="auditor", staff_role="auditor_paket")
    assert new_account(no_period, account_id=uuid.uuid4(), zone="Asia/Jakarta") == (
        "Permohonan hak akses auditor tidak menyebut hari terakhir akses"
    )
    no_role = approved(at=NOW, username="x.z", staff_role=None)
    assert new_account(no_role, account_id=uuid.uuid4(), zone="Asia/Jakarta") == "Permohonan tidak menyebut peran akun"


@pytest.mark.parametrize("role", ["operator", "admin_platform"])
def test_a_request_cannot_give_a_platform_role(role: str) -> None:
    fact = approved(at=NOW, username="orang.baru", staff_role=role)
    assert new_account(fact, account_id=uuid.uuid4(), zone="Asia/Jakarta") == (
        "Peran platform tidak dapat diberikan melalui permohonan akun LPSE"
    )


def test_a_refusal_stores_nothing_and_says_why() -> None:
    fact = approved(at=NOW, username="rina")
    decided = refused(fact, "Nama pengguna sudah dipakai", now=NOW)
    [answer] = decided.facts
    assert decided.state is None and isinstance(answer, InternalAccountRefusedV1)
    assert (answer.request_id, answer.username, answer.reason) == (fact.case_id, "rina", "Nama pengguna sudah dipakai")


def account_with(*pairs: tuple[str, str]) -> Account:
    grants = tuple(StaffGrant.model_validate({"role": r, "lpse": lpse}) for r, lpse in pairs)
    return Account(uuid.uuid4(), "sari", "Sari", "Sari", grants, email="sari@depok.go.id")


def test_a_mutasi_ends_this_lpses_roles_only_and_a_pensiun_ends_the_account() -> None:
    fact = approved(at=NOW, username="sari", kind="perubahan", change_kind="mutasi", staff_role=None)
    both = account_with(("pokja", "depok"), ("ppk", "temanggung"))
    moved = deactivated(both, "mutasi", lpse="depok", sessions_ended=2, now=NOW, fact=fact)
    assert [(g.role, g.lpse) for g in moved.state.grants] == [("ppk", "temanggung")]
    assert moved.state.status is AccountStatus.ACTIVE
    only_here = deactivated(account_with(("pokja", "depok")), "mutasi", lpse="depok", sessions_ended=0, now=NOW)
    assert only_here.state.grants == () and only_here.state.status is AccountStatus.DISABLED
    retired = deactivated(both, "pensiun", lpse="depok", sessions_ended=1, now=NOW, fact=fact)
    assert retired.state.status is AccountStatus.DISABLED and retired.state.grants == both.grants
    [told] = retired.facts
    assert isinstance(told, InternalAccountDeactivatedV1)
    assert (told.reason, told.sessions_ended, told.email, told.request_id) == (
        "pensiun",
        1,
        "sari@depok.go.id",
        fact.case_id,
    )


def test_a_change_names_an_account_here_and_a_new_email_names_the_address() -> None:
    mutasi = approved(at=NOW, username="sari", kind="perubahan", change_kind="mutasi", staff_role=None)
    email = approved(at=NOW, username="sari", kind="perubahan", change_kind="email", email=None, staff_role=None)
    elsewhere = account_with(("ppk", "temanggung"))
    assert change_refusal(mutasi, None, Step.MUTASI) == "Akun dengan nama pengguna ini tidak ditemukan"
    assert change_refusal(mutasi, elsewhere, Step.MUTASI) == "Akun ini tidak memegang peran di LPSE ini"
    assert (
        change_refusal(email, elsewhere, Step.CHANGE_EMAIL) == "Permohonan penggantian email tidak menyebut alamat baru"
    )
    assert change_refusal(mutasi, account_with(("pokja", "depok")), Step.MUTASI) is None


def test_an_expiry_timer_ends_only_an_active_account_whose_end_it_names_once_due() -> None:
    ends = datetime(2026, 12, 10, 17, 0, tzinfo=UTC)
    auditor = Account(uuid.uuid4(), "a", "A", "A", (), expires_at=ends)
    assert expiry_due(auditor, ends, ends)
    assert not expiry_due(auditor, ends, ends - timedelta(seconds=1))  # early: not yet
    ended = Account(uuid.uuid4(), "a", "A", "A", (), status=AccountStatus.DISABLED, expires_at=ends)
    assert not expiry_due(ended, ends, ends + timedelta(days=1))  # late or repeated: already ended
    assert not expiry_due(auditor, ends - timedelta(days=1), ends)  # a timer for an end the account no longer has
    assert not expiry_due(None, ends, ends)
