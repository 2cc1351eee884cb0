"""A staff account's facts and audit rows field by field, from the README's "Staff accounts" section.

Every change by the administrator publishes one fact under the account's LPSE (the platform's code when its roles
span several LPSEs or all of them) and appends one audit row saying what was before and after, in words.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from contracts.envelope import Actor
from contracts.identity import StaffAccountChangedV1, StaffAccountCreatedV1, StaffGrant, StaffPasswordChangedV1
from identity.accounts import (
    Account,
    AccountRefused,
    AccountStatus,
    Change,
    create,
    decide,
    grants_text,
    password_changed,
    sorted_grants,
)
from lpse_runtime.decision import AuditEntry

NOW = datetime(2026, 12, 7, 1, 15, tzinfo=UTC)
ADMIN = Actor(id="admin.platform", role="admin_platform")
ACCOUNT_ID = uuid.UUID(int=21)
VERIFIER_DEPOK = StaffGrant(role="verifikator", lpse="depok")
HEAD_DEPOK = StaffGrant(role="kepala_lpse", lpse="depok")
VERIFIER_MAGELANG = StaffGrant(role="verifikator", lpse="magelang")


def rina(*grants: StaffGrant, status: AccountStatus = AccountStatus.ACTIVE) -> Account:
    return Account(ACCOUNT_ID, "rina", "Rina", "Rina Kartika", grants or (VERIFIER_DEPOK,), status)


def test_a_created_account_is_active_announced_under_its_lpse_and_audited_with_its_roles() -> None:
    decided = create(rina(VERIFIER_DEPOK, HEAD_DEPOK, status=AccountStatus.DISABLED), actor=ADMIN, now=NOW)
    assert decided.state.status is AccountStatus.ACTIVE, "a new account may sign in"
    assert decided.state.grants == (HEAD_DEPOK, VERIFIER_DEPOK)
    (fact,) = decided.facts
    assert isinstance(fact, StaffAccountCreatedV1)
    assert (fact.lpse, fact.occurred_at, fact.actor, fact.correlation_id) == ("depok", NOW, ADMIN, ACCOUNT_ID)
    assert (fact.account_id, fact.username, fact.name) == (ACCOUNT_ID, "rina", "Rina")
    assert fact.grants == (HEAD_DEPOK, VERIFIER_DEPOK)
    assert decided.audit == AuditEntry(
        NOW, ADMIN, "staff_account", "rina", "created", None, "kepala_lpse@depok, verifikator@depok"
    )


def test_an_account_without_a_role_is_not_created() -> None:
    empty = Account(ACCOUNT_ID, "rina", "Rina", "Rina Kartika", ())
    with pytest.raises(AccountRefused, match=r"^Pilih minimal satu peran\.$"):
        create(empty, actor=ADMIN, now=NOW)


def test_a_role_change_is_announced_to_the_lpses_it_leaves_and_audited_before_and_after() -> None:
    decided = decide(rina(), Change.CHANGE_ROLES, actor=ADMIN, now=NOW, grants=(VERIFIER_MAGELANG,), sessions_ended=3)
    assert decided.state.grants == (VERIFIER_MAGELANG,) and decided.state.status is AccountStatus.ACTIVE
    (fact,) = decided.facts
    assert isinstance(fact, StaffAccountChangedV1)
    assert fact.lpse == "platform", "Depok, which it left, and Magelang, which it joins, both hear of it"
    assert (fact.change, fact.active, fact.sessions_ended) == ("roles", True, 3)
    assert (fact.account_id, fact.username, fact.grants) == (ACCOUNT_ID, "rina", (VERIFIER_MAGELANG,))
    assert (fact.occurred_at, fact.actor, fact.correlation_id) == (NOW, ADMIN, ACCOUNT_ID)
    assert decided.audit == AuditEntry(
        NOW, ADMIN, "staff_account", "rina", "roles", "verifikator@depok", "verifikator@magelang", "3 sesi diakhiri"
    )


def test_roles_given_twice_or_in_another_order_are_the_same_roles() -> None:
    with pytest.raises(AccountRefused, match=r"^Peran tidak berubah\.$"):
        decide(
            rina(HEAD_DEPOK, VERIFIER_DEPOK),
            Change.CHANGE_ROLES,
            actor=ADMIN,
            now=NOW,
            grants=(VERIFIER_DEPOK, HEAD_DEPOK, VERIFIER_DEPOK),
        )
    with pytest.raises(AccountRefused, match=r"^Pilih minimal satu peran\.$"):
        decide(rina(), Change.CHANGE_ROLES, actor=ADMIN, now=NOW, grants=())


def test_disabling_keeps_the_roles_and_is_audited_as_a_status_change() -> None:
    decided = decide(rina(), Change.DISABLE, actor=ADMIN, now=NOW, grants=(VERIFIER_MAGELANG,), sessions_ended=2)
    assert decided.state.status is AccountStatus.DISABLED
    assert decided.state.grants == (VERIFIER_DEPOK,), "roles sent with a disable are ignored"
    (fact,) = decided.facts
    assert isinstance(fact, StaffAccountChangedV1)
    assert (fact.lpse, fact.change, fact.active, fact.sessions_ended) == ("depok", "disabled", False, 2)
    assert decided.audit == AuditEntry(
        NOW, ADMIN, "staff_account", "rina", "disabled", "aktif", "nonaktif", "2 sesi diakhiri"
    )


def test_enabling_without_ending_sessions_leaves_no_reason() -> None:
    decided = decide(rina(status=AccountStatus.DISABLED), Change.ENABLE, actor=ADMIN, now=NOW)
    (fact,) = decided.facts
    assert isinstance(fact, StaffAccountChangedV1)
    assert (fact.change, fact.active, fact.sessions_ended) == ("enabled", True, 0)
    assert decided.audit == AuditEntry(NOW, ADMIN, "staff_account", "rina", "enabled", "nonaktif", "aktif", None)


def test_an_administrator_may_change_their_own_roles_while_keeping_admin_platform() -> None:
    own = Account(ACCOUNT_ID, "admin.platform", "A", "A", (StaffGrant(role="admin_platform", lpse="*"),))
    wider = (StaffGrant(role="admin_platform", lpse="*"), VERIFIER_DEPOK)
    assert decide(own, Change.CHANGE_ROLES, actor=ADMIN, now=NOW, grants=wider).state.grants == sorted_grants(wider)
    with pytest.raises(
        AccountRefused, match=r"^Anda tidak dapat melepas peran admin platform dari akun Anda sendiri\.$"
    ):
        decide(own, Change.CHANGE_ROLES, actor=ADMIN, now=NOW, grants=(VERIFIER_DEPOK,))
    with pytest.raises(AccountRefused, match=r"^Anda tidak dapat menonaktifkan atau mengaktifkan akun Anda sendiri\.$"):
        decide(own, Change.DISABLE, actor=ADMIN, now=NOW)


def test_a_password_set_by_the_administrator_is_announced_and_audited_with_the_sessions_ended() -> None:
    decided = password_changed(rina(), actor=ADMIN, now=NOW, sessions_ended=4)
    assert decided.state.must_change_password is True
    (fact,) = decided.facts
    assert isinstance(fact, StaffPasswordChangedV1)
    assert (fact.lpse, fact.occurred_at, fact.actor, fact.correlation_id) == ("depok", NOW, ADMIN, ACCOUNT_ID)
    assert (fact.account_id, fact.username, fact.sessions_ended) == (ACCOUNT_ID, "rina", 4)
    assert decided.audit == AuditEntry(
        NOW, ADMIN, "staff_account", "rina", "password_changed", None, None, "4 sesi diakhiri"
    )
    by_owner = password_changed(rina(), actor=Actor(id="rina", role="verifikator"), now=NOW, sessions_ended=0)
    assert by_owner.state.must_change_password is False


def test_roles_read_in_words_in_the_audit() -> None:
    assert grants_text((HEAD_DEPOK, VERIFIER_DEPOK)) == "kepala_lpse@depok, verifikator@depok"
    assert grants_text(()) == "tanpa peran"
