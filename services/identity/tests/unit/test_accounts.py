"""The account decisions: the state machine written out, the facts and audit rows they produce, the facts' LPSE."""

from __future__ import annotations

import itertools
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
    home_lpse,
    password_changed,
)
from lpse_runtime.machine import TransitionRefused

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
ADMIN = Actor(id="admin.platform", role="admin_platform")
VERIFIER_DEPOK = StaffGrant(role="verifikator", lpse="depok")
HEAD_DEPOK = StaffGrant(role="kepala_lpse", lpse="depok")


def account(status: AccountStatus = AccountStatus.ACTIVE, *grants: StaffGrant) -> Account:
    return Account(uuid.uuid4(), "rina", "Rina", "Rina K.", grants or (VERIFIER_DEPOK,), status)


# Written out from the README ("Staff accounts"): (status, change) → status; every other pair is refused.
ALLOWED = {
    (AccountStatus.ACTIVE, Change.CHANGE_ROLES): AccountStatus.ACTIVE,
    (AccountStatus.DISABLED, Change.CHANGE_ROLES): AccountStatus.DISABLED,
    (AccountStatus.ACTIVE, Change.DISABLE): AccountStatus.DISABLED,
    (AccountStatus.DISABLED, Change.ENABLE): AccountStatus.ACTIVE,
    (AccountStatus.ACTIVE, Change.CHANGE_EMAIL): AccountStatus.ACTIVE,
    (AccountStatus.DISABLED, Change.CHANGE_EMAIL): AccountStatus.DISABLED,
}
HEAD_EMAIL = "kepala.depok@contoh.go.id"


@pytest.mark.parametrize(("status", "change"), list(itertools.product(AccountStatus, Change)))
def test_each_change_moves_the_account_as_written_or_is_refused(status: AccountStatus, change: Change) -> None:
    before = account(status)
    if (status, change) not in ALLOWED:
        with pytest.raises(TransitionRefused):
            decide(before, change, actor=ADMIN, now=NOW, grants=(HEAD_DEPOK,))
        return
    decided = decide(before, change, actor=ADMIN, now=NOW, grants=(HEAD_DEPOK,), sessions_ended=2, email=HEAD_EMAIL)
    assert decided.state.status is ALLOWED[(status, change)]
    [fact] = decided.facts
    assert isinstance(fact, StaffAccountChangedV1)
    assert (fact.change, fact.active, fact.actor, fact.correlation_id) == (
        change.value,
        decided.state.status is AccountStatus.ACTIVE,
        ADMIN,
        before.account_id,
    )
    assert decided.audit is not None and decided.audit.actor == ADMIN and decided.audit.entity_id == "rina"


def test_creating_publishes_the_account_and_its_roles_in_one_order() -> None:
    decided = create(account(AccountStatus.ACTIVE, VERIFIER_DEPOK, HEAD_DEPOK, VERIFIER_DEPOK), actor=ADMIN, now=NOW)
    [fact] = decided.facts
    assert isinstance(fact, StaffAccountCreatedV1)
    assert fact.subject == "identity.depok.staff_account.created.v1"
    assert fact.grants == (HEAD_DEPOK, VERIFIER_DEPOK)
    assert decided.audit is not None and decided.audit.after == "kepala_lpse@depok, verifikator@depok"


@pytest.mark.parametrize(
    ("grants", "lpse"),
    [
        ((VERIFIER_DEPOK,), "depok"),
        ((VERIFIER_DEPOK, HEAD_DEPOK), "depok"),
        ((VERIFIER_DEPOK, StaffGrant(role="verifikator", lpse="magelang")), "platform"),
        ((StaffGrant(role="operator", lpse="*"),), "platform"),
    ],
)
def test_a_fact_is_published_under_the_accounts_one_lpse_or_the_platform(
    grants: tuple[StaffGrant, ...], lpse: str
) -> None:
    assert home_lpse(grants) == lpse


@pytest.mark.parametrize(
    ("grants", "message"),
    [((), "Pilih minimal satu peran."), ((VERIFIER_DEPOK,), "Peran tidak berubah.")],
)
def test_a_role_change_to_nothing_or_to_the_same_roles_is_refused(grants: tuple[StaffGrant, ...], message: str) -> None:
    with pytest.raises(AccountRefused, match=message):
        decide(account(), Change.CHANGE_ROLES, actor=ADMIN, now=NOW, grants=grants)


def test_the_administrator_cannot_disable_their_own_account_nor_drop_their_own_admin_role() -> None:
    own = Account(uuid.uuid4(), "admin.platform", "A", "A", (StaffGrant(role="admin_platform", lpse="*"),))
    with pytest.raises(AccountRefused):
        decide(own, Change.DISABLE, actor=ADMIN, now=NOW)
    with pytest.raises(AccountRefused):
        decide(own, Change.CHANGE_ROLES, actor=ADMIN, now=NOW, grants=(StaffGrant(role="operator", lpse="*"),))


def test_a_password_set_by_the_administrator_must_be_replaced_and_one_set_by_its_owner_need_not() -> None:
    by_admin = password_changed(account(), actor=ADMIN, now=NOW, sessions_ended=1)
    by_owner = password_changed(account(), actor=Actor(id="rina", role="verifikator"), now=NOW, sessions_ended=1)
    assert by_admin.state.must_change_password and not by_owner.state.must_change_password
    [fact] = by_owner.facts
    assert isinstance(fact, StaffPasswordChangedV1) and fact.sessions_ended == 1
