"""An approved account change, as registration's copy of the account reads it: the full new NPWP from the fact (the
changes list shows it masked), the new address of record on an email change, the company's new name and type on CV
→ PT, a director's new name; the fields it does not hold (address, phone, PKP) leave it as it was, and the same
change announced again changes nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from contracts.envelope import Actor
from contracts.provider_account import FieldChange, ProviderAccountChangedV1
from registration.account_changes import AccountData, account_changed
from registration.domain import Application, ApplicationStatus

AT = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
APPLICATION = Application(uuid.uuid4(), ApplicationStatus.AGGREGATED)
HELD = AccountData(
    APPLICATION.id, "badan_usaha_cv", "CV Sinar Jaya", "012345678901000", "direktur@sinar.co.id", "Siti Rahmawati"
)


def fact(
    kind: str, *changes: FieldChange, email: str = "direktur@sinar.co.id", **more: Any
) -> ProviderAccountChangedV1:
    """The change as verification announces it: the account as it is now, and what changed."""
    account = {"company_name": "CV Sinar Jaya", "director_name": "Siti Rahmawati", **more}
    return ProviderAccountChangedV1(
        occurred_at=AT,
        lpse="depok",
        correlation_id=uuid.uuid4(),
        actor=Actor(id="rina.depok", role="verifikator"),
        provider_id=uuid.uuid4(),
        user_id="SINAR0001",
        email=email,
        request_id=uuid.uuid4(),
        reference="PRM-DPK-2612-A1B2C3",
        kind=kind,
        changes=changes,
        aggregated=True,
        **account,
    )


def test_a_npwp_change_takes_the_full_number_from_the_fact_not_the_masked_one() -> None:
    masked = FieldChange(field="npwp", label="NPWP", before="01.***.***.*-***.000", after="09.***.***.*-***.000")
    decided = account_changed(APPLICATION, HELD, fact("npwp", masked, npwp="098765432109000"))
    assert decided is not None
    assert decided.state.data == AccountData(
        APPLICATION.id, "badan_usaha_cv", "CV Sinar Jaya", "098765432109000", "direktur@sinar.co.id", "Siti Rahmawati"
    )
    step = decided.state.step
    assert (step.status, step.note) == (
        ApplicationStatus.AGGREGATED,
        "Data akun diubah sesuai permohonan PRM-DPK-2612-A1B2C3: NPWP.",
    )
    assert decided.audit is not None and (decided.audit.action, decided.audit.before, decided.audit.after) == (
        "account_changed",
        "aggregated",
        "aggregated",
    )
    assert "098765432109000" not in step.note, "no full NPWP in what the status page lists"


def test_an_email_change_takes_the_new_address_of_record() -> None:
    new = "keuangan@sinar.co.id"
    changed = FieldChange(field="email", label="Alamat email", before=HELD.email, after=new)
    decided = account_changed(APPLICATION, HELD, fact("email", changed, email=new, previous_email=HELD.email))
    assert decided is not None and decided.state.data.email == new and decided.state.data.npwp == HELD.npwp


def test_cv_to_pt_takes_the_new_name_and_type_and_a_data_change_the_director() -> None:
    decided = account_changed(
        APPLICATION,
        HELD,
        fact(
            "status_badan_usaha",
            FieldChange(field="provider_type", label="Jenis penyedia", before="CV", after="PT"),
            FieldChange(field="company_name", label="Nama perusahaan", before="CV Sinar Jaya", after="PT Sinar Jaya"),
            provider_type="badan_usaha_pt",
            company_name="PT Sinar Jaya",
        ),
    )
    assert decided is not None
    assert (decided.state.data.provider_type, decided.state.data.company_name) == ("badan_usaha_pt", "PT Sinar Jaya")
    director = FieldChange(field="director_name", label="Nama direktur", before="Siti Rahmawati", after="Budi Santoso")
    decided = account_changed(APPLICATION, HELD, fact("data", director, director_name="Budi Santoso"))
    assert decided is not None and decided.state.data.director_name == "Budi Santoso"


def test_what_registration_does_not_hold_and_a_change_already_applied_change_nothing() -> None:
    phone = FieldChange(field="phone", label="Nomor telepon", before="021-111", after="021-222")
    assert account_changed(APPLICATION, HELD, fact("data", phone)) is None
    same = FieldChange(field="npwp", label="NPWP", before="01.***", after="01.***")
    assert account_changed(APPLICATION, HELD, fact("npwp", same, npwp=HELD.npwp)) is None
