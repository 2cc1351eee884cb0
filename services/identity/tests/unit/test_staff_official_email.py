"""A staff account's official email, from the README ("Staff identity and access": Staff accounts).

The address is optional, checked like every other address the platform takes, carried by the account's facts in
their `email` field and never in free text: the audit row shows it masked.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from contracts.envelope import Actor
from contracts.identity import StaffAccountChangedV1, StaffAccountCreatedV1, StaffGrant
from identity.accounts import Account, AccountRefused, Change, create, decide
from identity.forms import EmailForm, NewAccountForm
from identity.seed import new_account
from lpse_runtime.formmodel import parse_form

NOW = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)
ADMIN = Actor(id="admin.platform", role="admin_platform")
HEAD_DEPOK = StaffGrant(role="kepala_lpse", lpse="depok")
ADDRESS = "kepala.depok@contoh.go.id"
BAD_EMAIL = "Alamat email tidak valid, contoh: kepala.lpse@kotaanda.go.id. Kosongkan bila belum ada."


def head(email: str | None = None) -> Account:
    return Account(uuid.UUID(int=7), "kepala.depok", "Kepala LPSE Depok", "Hendra W.", (HEAD_DEPOK,), email=email)


def test_a_new_account_announces_its_email_in_the_field_and_audits_only_its_roles() -> None:
    decided = create(head(ADDRESS), actor=ADMIN, now=NOW)
    (fact,) = decided.facts
    assert isinstance(fact, StaffAccountCreatedV1)
    assert fact.email == ADDRESS
    assert decided.audit is not None and decided.audit.after == "kepala_lpse@depok"
    assert ADDRESS not in repr(decided.audit)


def test_changing_the_email_publishes_it_and_the_audit_row_masks_both_addresses() -> None:
    decided = decide(head("lama@contoh.go.id"), Change.CHANGE_EMAIL, actor=ADMIN, now=NOW, email=ADDRESS)
    assert decided.state.email == ADDRESS
    (fact,) = decided.facts
    assert isinstance(fact, StaffAccountChangedV1)
    assert (fact.change, fact.email, fact.grants, fact.active) == ("email", ADDRESS, (HEAD_DEPOK,), True)
    audit = decided.audit
    assert audit is not None
    assert (audit.action, audit.before, audit.after) == ("email", "la***@contoh.go.id", "ke***@contoh.go.id")


def test_removing_the_email_is_a_change_to_none() -> None:
    decided = decide(head(ADDRESS), Change.CHANGE_EMAIL, actor=ADMIN, now=NOW, email=None)
    (fact,) = decided.facts
    assert isinstance(fact, StaffAccountChangedV1) and fact.email is None
    assert decided.audit is not None and decided.audit.after == "tanpa email"


def test_the_same_email_again_is_refused() -> None:
    with pytest.raises(AccountRefused, match=r"^Email dinas tidak berubah\.$"):
        decide(head(ADDRESS), Change.CHANGE_EMAIL, actor=ADMIN, now=NOW, email=ADDRESS)


def test_other_changes_keep_the_email_and_carry_it() -> None:
    decided = decide(head(ADDRESS), Change.DISABLE, actor=ADMIN, now=NOW)
    (fact,) = decided.facts
    assert isinstance(fact, StaffAccountChangedV1) and fact.email == ADDRESS
    assert decided.state.email == ADDRESS


def test_an_administrator_may_change_their_own_email() -> None:
    own = Account(uuid.UUID(int=8), ADMIN.id, "Admin", "Admin P.", (StaffGrant(role="admin_platform", lpse="*"),))
    assert decide(own, Change.CHANGE_EMAIL, actor=ADMIN, now=NOW, email=ADDRESS).state.email == ADDRESS


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("", ""), ("  Kepala.Depok@Contoh.go.id ", "Kepala.Depok@contoh.go.id"), (ADDRESS, ADDRESS)],
)
def test_the_email_field_is_optional_and_kept_in_normal_form(typed: str, kept: str) -> None:
    form, errors = parse_form(EmailForm, {"email": typed})
    assert errors == {} and form is not None and form.email == kept


@pytest.mark.parametrize("typed", ["kepala@depok", "kepala depok@contoh.go.id", "@contoh.go.id", "a" * 250 + "@x.id"])
def test_a_malformed_email_gets_its_message_on_both_forms(typed: str) -> None:
    assert parse_form(EmailForm, {"email": typed}) == (None, {"email": BAD_EMAIL})
    new = {
        "username": "kepala.depok",
        "name": "Kepala",
        "full_name": "Hendra W.",
        "password": "awal-sandi-12345",
        "repeat": "awal-sandi-12345",
        "grants": ["kepala_lpse@depok"],
        "lpses": ("depok",),
    }
    assert parse_form(NewAccountForm, {**new, "email": typed})[1] == {"email": BAD_EMAIL}


def test_the_seed_reads_an_optional_email_and_refuses_a_malformed_one() -> None:
    entry = {"username": "kepala.depok", "password": "p", "name": "K", "full_name": "K", "role": "kepala_lpse"}
    assert new_account({**entry, "lpse": "depok", "email": ADDRESS}).email == ADDRESS
    assert new_account({**entry, "lpse": "depok"}).email is None
    with pytest.raises(ValueError, match=r"kepala\.depok"):
        new_account({**entry, "lpse": "depok", "email": "bukan-email"})
