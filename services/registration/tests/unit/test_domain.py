"""Registration's state machine table and form rules."""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contracts.digests import token_digest
from contracts.envelope import Actor
from contracts.lpse import load_profiles
from contracts.registration import ProviderType
from contracts.verification import (
    AccountActivatedV1,
    AggregationRefusedV1,
    AggregationRequestedV1,
    CaseClaimedV1,
    CaseRejectedV1,
    CaseResumedV1,
    CaseReturnedV1,
    ProviderAggregatedV1,
)
from lpse_runtime.machine import TransitionRefused
from registration.domain import (
    Application,
    ApplicationStatus,
    Deadline,
    StatusFact,
    Trigger,
    decide,
    shown_label,
)
from registration.form import asked_documents, missing_documents, proxy_only_codes, validate_form
from registration.submission import reupload_problems, status_token_for, submitted_event

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
DEPOK = PROFILES["depok"]
VALID = {
    "provider_type": "badan_usaha_pt",
    "company_name": "  PT   Maju Jaya ",
    "npwp": "01.234.567.8-901.000",
    "nib": "1234567890123",
    "email": "Direktur@MajuJaya.co.id",
    "director_name": "Budi Santoso",
    "director_nik": "3276 0123 4567 8901",
}


S, T = ApplicationStatus, Trigger
# The steps a case takes, as verification commits them and the status page shows them. Facts arrive in commit order,
# so no pair exists only to absorb a fact that overtook an earlier one (e.g. a return before the claim).
ALLOWED = {
    (S.SUBMITTED, T.VERIFICATION_STARTED): S.IN_VERIFICATION,
    (S.IN_VERIFICATION, T.DOCUMENTS_RETURNED): S.RETURNED,
    (S.RETURNED, T.VERIFICATION_RESUMED): S.IN_VERIFICATION,
    (S.IN_VERIFICATION, T.APPLICATION_REJECTED): S.REJECTED,
    (S.IN_VERIFICATION, T.ACCOUNT_ACTIVATED): S.ACTIVE,
    (S.ACTIVE, T.AGGREGATION_REQUESTED): S.AGGREGATION_REQUESTED,
    (S.AGGREGATION_REFUSED, T.AGGREGATION_REQUESTED): S.AGGREGATION_REQUESTED,
    (S.AGGREGATION_REQUESTED, T.AGGREGATION_COMPLETED): S.AGGREGATED,
    (S.AGGREGATION_REQUESTED, T.AGGREGATION_REFUSED): S.AGGREGATION_REFUSED,
    (S.ACTIVE, T.AGGREGATION_COMPLETED): S.AGGREGATED,  # the provider activated aggregation themselves
}


AT = datetime(2026, 11, 25, 3, tzinfo=UTC)
VERIFIER = Actor(id="verif.depok", role="verifikator")
APPLICATION_ID = uuid.uuid4()
CASE = {
    "occurred_at": AT,
    "lpse": "depok",
    "correlation_id": APPLICATION_ID,
    "actor": VERIFIER,
    "case_id": uuid.uuid4(),
    "application_id": APPLICATION_ID,
    "reference": "DPK-2611-ABCDEF",
    "applicant_email": "direktur@majujaya.co.id",
    "status_url": "http://x/daftar/status/t",
}
PROVIDER = {"provider_id": uuid.uuid4(), "user_id": "majujaya01"}


def fact_of(trigger: Trigger) -> StatusFact:
    """Verification's fact that is this trigger."""
    facts: dict[Trigger, Callable[[], StatusFact]] = {
        T.VERIFICATION_STARTED: lambda: CaseClaimedV1(**CASE, verifier_id="verif.depok"),
        T.DOCUMENTS_RETURNED: lambda: CaseReturnedV1(
            **CASE, verifier_id="verif.depok", reason="KTP buram", items=("ktp",)
        ),
        T.VERIFICATION_RESUMED: lambda: CaseResumedV1(**CASE, verifier_id="verif.depok", due_at=AT),
        T.APPLICATION_REJECTED: lambda: CaseRejectedV1(**CASE, verifier_id="verif.depok", reason="NIB palsu"),
        T.ACCOUNT_ACTIVATED: lambda: AccountActivatedV1(
            **CASE, **PROVIDER, set_password_url="http://x/sandi/t", set_password_expires_at=AT
        ),
        T.AGGREGATION_REQUESTED: lambda: AggregationRequestedV1(
            **CASE, **PROVIDER, request_ref="ADP-0001", npwp="012345678901000", company_name="PT Maju Jaya"
        ),
        T.AGGREGATION_COMPLETED: lambda: ProviderAggregatedV1(**CASE, **PROVIDER, mode="via_lkpp"),
        T.AGGREGATION_REFUSED: lambda: AggregationRefusedV1(**CASE, **PROVIDER, reason="NPWP ganda"),
    }
    return facts[trigger]()


@pytest.mark.parametrize(("pair", "target"), ALLOWED.items())
def test_every_allowed_step_is_taken_and_audited(
    pair: tuple[ApplicationStatus, Trigger], target: ApplicationStatus
) -> None:
    before, trigger = pair
    fact = fact_of(trigger)
    decided = decide(Application(APPLICATION_ID, before), fact)
    assert decided.state.status is target and decided.state.at == AT
    assert decided.facts == (), "registration only follows verification's facts; it publishes none of its own"
    assert decided.audit is not None
    assert (decided.audit.action, decided.audit.before, decided.audit.after) == (trigger.value, before, target)
    assert decided.audit.actor == VERIFIER and decided.audit.reason == f"event {fact.event_id}"


@pytest.mark.parametrize("pair", [p for p in itertools.product(S, T) if p not in ALLOWED])
def test_every_other_pair_is_refused(pair: tuple[ApplicationStatus, Trigger]) -> None:
    with pytest.raises(TransitionRefused):
        decide(Application(APPLICATION_ID, pair[0]), fact_of(pair[1]))


# What the status page lists for each fact, as the applicant reads it.
NOTES = {
    T.VERIFICATION_STARTED: "Berkas sedang diperiksa oleh verifikator.",
    T.DOCUMENTS_RETURNED: "Berkas dikembalikan: KTP buram",
    T.VERIFICATION_RESUMED: "Berkas yang dilengkapi diterima; verifikasi dilanjutkan.",
    T.APPLICATION_REJECTED: "Permohonan ditolak: NIB palsu",
    T.ACCOUNT_ACTIVATED: "Akun aktif dengan User ID majujaya01.",
    T.AGGREGATION_REQUESTED: "Permohonan agregasi ADP-0001 dikirim ke LKPP.",
    T.AGGREGATION_COMPLETED: "Akun teragregasi; dapat digunakan di seluruh LPSE.",
    T.AGGREGATION_REFUSED: "Agregasi ditolak LKPP: NPWP ganda",
}


@pytest.mark.parametrize(("pair", "target"), ALLOWED.items())
def test_each_step_tells_the_applicant_what_happened(
    pair: tuple[ApplicationStatus, Trigger], target: ApplicationStatus
) -> None:
    step = decide(Application(APPLICATION_ID, pair[0]), fact_of(pair[1])).state
    assert step.note == NOTES[pair[1]]


def test_a_return_names_the_documents_asked_again_and_a_resumption_restarts_the_deadline() -> None:
    returned = decide(Application(APPLICATION_ID, S.IN_VERIFICATION), fact_of(T.DOCUMENTS_RETURNED)).state
    assert returned.returned_items == ("ktp",) and returned.deadline is None
    resumed = decide(Application(APPLICATION_ID, S.RETURNED), fact_of(T.VERIFICATION_RESUMED)).state
    assert resumed.deadline == Deadline(APPLICATION_ID, AT, None) and resumed.returned_items is None
    activated = decide(Application(APPLICATION_ID, S.IN_VERIFICATION), fact_of(T.ACCOUNT_ACTIVATED)).state
    assert activated.user_id == "majujaya01"


def test_a_valid_form_is_normalised() -> None:
    form, errors = validate_form(VALID, DEPOK)
    assert errors == {}
    assert form is not None
    assert form.company_name == "PT Maju Jaya"
    assert form.npwp == "012345678901000"
    assert form.provider_type is ProviderType.BADAN_USAHA_PT


@pytest.mark.parametrize(
    ("field", "value", "message_part"),
    [
        ("npwp", "1234", "15 atau 16 digit"),
        ("npwp", "12345678901234567", "15 atau 16 digit"),
        ("npwp", "01234567890100A", "15 atau 16 digit"),
        ("nib", "123456789012", "13 digit"),
        ("nib", "12345678901234", "13 digit"),
        ("email", "bukan-email", "email tidak valid"),
        ("email", "a@b", "email tidak valid"),
        ("company_name", "   ", "wajib diisi"),
        ("director_name", "", "wajib diisi"),
        ("director_nik", "32760123", "16 digit"),
        ("provider_type", "koperasi", "jenis penyedia"),
    ],
)
def test_bad_input_gets_a_message_next_to_its_field(field: str, value: str, message_part: str) -> None:
    form, errors = validate_form({**VALID, field: value}, DEPOK)
    assert form is None
    assert list(errors) == [field]
    assert message_part.lower() in errors[field].lower()


def test_sixteen_digit_npwp_is_accepted() -> None:
    form, _ = validate_form({**VALID, "npwp": "1234567890123456"}, DEPOK)
    assert form is not None and form.npwp == "1234567890123456"


def test_a_type_another_lpse_does_not_offer_is_refused() -> None:
    form, errors = validate_form({**VALID, "provider_type": "perusahaan_perorangan"}, PROFILES["temanggung"])
    assert form is None and "provider_type" in errors


def test_the_submitted_event_carries_the_case_and_its_subject() -> None:
    form, _ = validate_form(VALID, DEPOK)
    assert form is not None
    app_id = uuid.uuid4()
    event = submitted_event(
        form,
        profile=DEPOK,
        application_id=app_id,
        reference="DPK-2611-ABCDEF",
        status_url="http://x/daftar/status/t",
        now=datetime(2026, 11, 25, 3, tzinfo=UTC),
    )
    assert event.subject == "registration.depok.application.submitted.v1"
    assert event.correlation_id == app_id
    assert event.actor.role == "penyedia"


def test_the_proxy_choice_travels_with_the_application() -> None:
    direct, _ = validate_form(VALID, DEPOK)
    proxied, _ = validate_form({**VALID, "by_proxy": "ya"}, DEPOK)
    assert direct is not None and proxied is not None
    assert (direct.by_proxy, proxied.by_proxy) == (False, True)
    now = datetime(2026, 11, 25, 3, tzinfo=UTC)
    event = submitted_event(
        proxied, profile=DEPOK, application_id=uuid.uuid4(), reference="DPK-2611-ABCDEF", status_url="u", now=now
    )
    assert event.by_proxy is True


MAGELANG = PROFILES["magelang"]


def test_the_form_asks_nothing_before_a_type_is_chosen() -> None:
    assert asked_documents(MAGELANG, {"provider_type": ""}) == []
    assert proxy_only_codes(MAGELANG, {"provider_type": ""}) == set()


def test_a_magelang_person_is_asked_no_deed_and_must_send_the_participation_form() -> None:
    person = {"provider_type": "perseorangan_umkm"}
    codes = [rule.code for rule, _ in asked_documents(MAGELANG, person)]
    assert codes == ["npwp", "nib", "ktp", "formulir_keikutsertaan"]
    assert missing_documents(asked_documents(MAGELANG, person), {"npwp", "nib", "ktp"}) == {
        "doc_formulir_keikutsertaan": "Unggah Formulir Keikutsertaan."
    }


def test_proxy_documents_are_asked_only_once_the_applicant_says_a_proxy_comes() -> None:
    temanggung, person = PROFILES["temanggung"], {"provider_type": "perseorangan_umkm"}
    assert proxy_only_codes(temanggung, person) == {"surat_kuasa", "ktp_penerima_kuasa"}
    direct = {rule.code for rule, _ in asked_documents(temanggung, person)}
    proxied = {rule.code for rule, _ in asked_documents(temanggung, {**person, "by_proxy": "ya"})}
    assert proxied - direct == {"surat_kuasa", "ktp_penerima_kuasa"}
    missing = missing_documents(asked_documents(temanggung, {**person, "by_proxy": "ya"}), direct)
    assert set(missing) == {"doc_surat_kuasa", "doc_ktp_penerima_kuasa"}


def test_an_optional_document_is_never_missing() -> None:
    cv = {"provider_type": "badan_usaha_cv"}
    uploaded = {"npwp", "nib", "ktp", "formulir_keikutsertaan", "akta_pendirian"}
    assert missing_documents(asked_documents(MAGELANG, cv), uploaded) == {}


def test_the_status_link_follows_from_the_draft_link_alone() -> None:
    first = status_token_for("draf-rahasia-1")
    assert first == status_token_for("draf-rahasia-1"), "the used draft link finds the same status page again"
    assert first != status_token_for("draf-rahasia-2") and first != "draf-rahasia-1"
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", first), "a 256-bit token that travels in a URL unescaped"
    assert token_digest(first) != token_digest("draf-rahasia-1")


def test_a_returned_file_reads_as_received_once_its_documents_came_back() -> None:
    assert shown_label(ApplicationStatus.RETURNED, False) == "Berkas dikembalikan, mohon dilengkapi"
    assert (
        shown_label(ApplicationStatus.RETURNED, True) == "Dokumen yang diminta sudah diterima, verifikasi dilanjutkan"
    )
    assert shown_label(ApplicationStatus.IN_VERIFICATION, True) == "Sedang diverifikasi oleh verifikator"


@pytest.mark.parametrize(
    ("refused", "received", "message"),
    [
        ({}, set(), "KTP Direktur: belum diunggah ulang. NPWP: belum diunggah ulang."),
        (
            {"ktp": "Berkas harus PDF, JPEG atau PNG (dikenali dari isinya, bukan dari nama berkas)."},
            {"npwp"},
            "KTP Direktur: berkas harus PDF, JPEG atau PNG (dikenali dari isinya, bukan dari nama berkas).",
        ),
        (
            {"npwp": "Ukuran berkas paling besar 5,0 MB; berkas ini 6,0 MB."},
            set(),
            "KTP Direktur: belum diunggah ulang. NPWP: ukuran berkas paling besar 5,0 MB; berkas ini 6,0 MB.",
        ),
        ({}, {"ktp", "npwp"}, ""),
    ],
)
def test_a_refused_reupload_says_one_clean_sentence_per_document(
    refused: dict[str, str], received: set[str], message: str
) -> None:
    assert reupload_problems([("ktp", "KTP Direktur"), ("npwp", "NPWP")], refused, received) == message


def test_magelang_lets_the_applicant_choose_online_or_the_counter_and_depok_does_not() -> None:
    # [000] MGL-M: "1. Permohonan Off line; 2. Permohonan On Line"; [002] DPK-1a: the file is brought to the office.
    magelang = PROFILES["magelang"]
    chosen, _ = validate_form({**VALID, "provider_type": "badan_usaha_cv"}, magelang)
    assert chosen is not None and chosen.verification_mode == "unggahan", "online unless the applicant says otherwise"
    chosen, _ = validate_form({**VALID, "provider_type": "badan_usaha_cv", "verification_mode": "loket"}, magelang)
    assert chosen is not None and chosen.verification_mode == "loket"
    refused, errors = validate_form({**VALID, "provider_type": "badan_usaha_cv", "verification_mode": "pos"}, magelang)
    assert refused is None and errors == {"verification_mode": "Pilih salah satu cara verifikasi berkas yang tersedia."}
    depok, _ = validate_form({**VALID, "verification_mode": "unggahan"}, DEPOK)
    assert depok is not None and depok.verification_mode is None, "no choice at Depok: the case takes its lane"
    service = DEPOK.service("registrasi_penyedia")
    assert service.lane_for("unggahan") == "loket" and service.lane_for(None) == "loket"
