"""A staff account's states, written by hand from the README ("Staff identity and access": Staff accounts).

The oracle is README.md, never `identity.accounts.TRANSITIONS`: each (status, change) pair below is typed literally
and fed to the public decide() the administrator's forms use.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime

import pytest

from contracts.envelope import Actor
from contracts.identity import StaffGrant
from identity.accounts import Account, AccountRefused, AccountStatus, Change, decide
from lpse_runtime.machine import TransitionRefused

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
ADMIN = Actor(id="admin.platform", role="admin_platform")
VERIFIER_DEPOK = StaffGrant(role="verifikator", lpse="depok")
HEAD_DEPOK = StaffGrant(role="kepala_lpse", lpse="depok")
ADMIN_EVERYWHERE = StaffGrant(role="admin_platform", lpse="*")
HEAD_EMAIL = "kepala.depok@contoh.go.id"
S, C = AccountStatus, Change

ALLOWED: dict[tuple[AccountStatus, Change], AccountStatus] = {
    # README "Staff accounts": "per account a form to change its roles" — for every account, active or not, and a
    # role change leaves its status as it was.
    (S.ACTIVE, C.CHANGE_ROLES): S.ACTIVE,
    (S.DISABLED, C.CHANGE_ROLES): S.DISABLED,
    # README "Staff accounts": "a button to disable or enable it": an active account is disabled, a disabled one is
    # enabled ("Disabling ends every session of the account").
    (S.ACTIVE, C.DISABLE): S.DISABLED,
    (S.DISABLED, C.ENABLE): S.ACTIVE,
    # README "Staff accounts": "the official email (Email dinas) can be set or changed on the account's page, active
    # or not", and the status stays as it was.
    (S.ACTIVE, C.CHANGE_EMAIL): S.ACTIVE,
    (S.DISABLED, C.CHANGE_EMAIL): S.DISABLED,
}

SELF_TOGGLE = "Anda tidak dapat menonaktifkan atau mengaktifkan akun Anda sendiri."
SELF_DEMOTE = "Anda tidak dapat melepas peran admin platform dari akun Anda sendiri."


def account(status: AccountStatus, *grants: StaffGrant, username: str = "rina") -> Account:
    return Account(uuid.uuid4(), username, "Rina", "Rina K.", grants or (VERIFIER_DEPOK,), status)


@pytest.mark.parametrize(("pair", "target"), list(ALLOWED.items()))
def test_each_change_the_readme_allows_leads_where_it_says(
    pair: tuple[AccountStatus, Change], target: AccountStatus
) -> None:
    status, change = pair
    decided = decide(account(status), change, actor=ADMIN, now=NOW, grants=(HEAD_DEPOK,), email=HEAD_EMAIL)
    assert decided.state.status is target


@pytest.mark.parametrize("pair", [p for p in itertools.product(S, C) if p not in ALLOWED])
def test_every_other_change_is_refused_naming_it_and_the_status(pair: tuple[AccountStatus, Change]) -> None:
    status, change = pair
    with pytest.raises(TransitionRefused) as refused:
        decide(account(status), change, actor=ADMIN, now=NOW, grants=(HEAD_DEPOK,), email=HEAD_EMAIL)
    assert str(refused.value) == f"{change.value} does not apply in state {status.value}"


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("change", [C.DISABLE, C.ENABLE])
def test_an_administrator_neither_disables_nor_enables_their_own_account(status: AccountStatus, change: Change) -> None:
    own = account(status, ADMIN_EVERYWHERE, username=ADMIN.id)
    with pytest.raises(AccountRefused) as refused:
        decide(own, change, actor=ADMIN, now=NOW)
    assert str(refused.value) == SELF_TOGGLE


def test_an_administrator_keeps_their_own_admin_role_and_may_change_the_others() -> None:
    own = account(S.ACTIVE, ADMIN_EVERYWHERE, username=ADMIN.id)
    with pytest.raises(AccountRefused) as refused:
        decide(own, C.CHANGE_ROLES, actor=ADMIN, now=NOW, grants=(HEAD_DEPOK,))
    assert str(refused.value) == SELF_DEMOTE
    widened = decide(own, C.CHANGE_ROLES, actor=ADMIN, now=NOW, grants=(ADMIN_EVERYWHERE, HEAD_DEPOK))
    assert widened.state.grants == (ADMIN_EVERYWHERE, HEAD_DEPOK)


@pytest.mark.parametrize("status", list(S))
def test_a_role_change_to_nothing_or_to_the_same_roles_is_refused(status: AccountStatus) -> None:
    with pytest.raises(AccountRefused) as empty:
        decide(account(status), C.CHANGE_ROLES, actor=ADMIN, now=NOW, grants=())
    assert str(empty.value) == "Pilih minimal satu peran."
    with pytest.raises(AccountRefused) as same:
        decide(account(status), C.CHANGE_ROLES, actor=ADMIN, now=NOW, grants=(VERIFIER_DEPOK,))
    assert str(same.value) == "Peran tidak berubah."
