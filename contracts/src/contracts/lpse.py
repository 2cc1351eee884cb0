"""An LPSE's Standar Pelayanan as data: identity, office hours, holidays, services, complaint rules.

One YAML file per LPSE in `deploy/lpse/`; adding an LPSE is adding a file. A file that does not validate stops
the service at start with a message naming the file and the field.
"""

from __future__ import annotations

from datetime import date, time
from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from contracts.helpdesk import ReporterRole, TicketCategory, TicketLevel
from contracts.registration import ProviderType

TimeZoneName = Literal["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]
ZONE_LABEL: dict[str, str] = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

Weekday = Literal["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"]
WEEKDAYS: tuple[Weekday, ...] = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TimeRange(_Frozen):
    """From–to within one day, local time."""

    start: time
    end: time

    @model_validator(mode="after")
    def _ordered(self) -> TimeRange:
        if self.start >= self.end:
            raise ValueError(f"start {self.start} must be before end {self.end}")
        return self


class DayHours(_Frozen):
    """One weekday's opening hours and the breaks inside them."""

    open: TimeRange
    breaks: tuple[TimeRange, ...] = ()

    @model_validator(mode="after")
    def _breaks_inside(self) -> DayHours:
        for b in self.breaks:
            if b.start < self.open.start or b.end > self.open.end:
                raise ValueError(
                    f"break {b.start}–{b.end} lies outside opening hours {self.open.start}–{self.open.end}"
                )
        return self


class OfficeHours(_Frozen):
    """Service hours per weekday; a weekday not listed is closed."""

    days: dict[Weekday, DayHours] = Field(min_length=1)
    stated: bool = Field(default=True, description="false: the standard states no hours; these are assumed")
    note: str = ""


class DeadlineUnit(StrEnum):
    """How a deadline counts time."""

    MINUTES = "menit"  # working minutes within office hours
    HOURS = "jam"  # working hours within office hours
    WORKING_DAYS = "hari_kerja"  # whole working days, same local time of day
    TIMES_24H = "x24_jam"  # 1 x 24 jam: clock hours from receipt, due at a moment the service is open
    CALENDAR_DAYS = "hari_kalender"  # calendar days


UNIT_LABEL: dict[DeadlineUnit, str] = {
    DeadlineUnit.MINUTES: "menit (jam kerja)",
    DeadlineUnit.HOURS: "jam (jam kerja)",
    DeadlineUnit.WORKING_DAYS: "hari kerja",
    DeadlineUnit.TIMES_24H: "x 24 jam",
    DeadlineUnit.CALENDAR_DAYS: "hari kalender",
}


class Deadline(_Frozen):
    """A service deadline as the standard writes it, and how the platform counts it."""

    value: int = Field(gt=0)
    unit: DeadlineUnit
    text: str = Field(min_length=1, description="as written in the standard, e.g. '± 15 menit'")
    condition: str | None = Field(default=None, description="when the deadline applies, as written")

    @property
    def label(self) -> str:
        """'30 menit (jam kerja)'."""
        return f"{self.value} {UNIT_LABEL[self.unit]}"


class Clock(_Frozen):
    """One named deadline running on a case (a case can have several: response and resolution)."""

    name: str = Field(pattern=r"^[a-z_]+$")
    label: str
    deadline: Deadline


DocumentCondition = Literal["selalu", "jika_ada", "badan_usaha", "jika_dikuasakan", "penyedia_baru"]
CONDITION_LABEL: dict[str, str] = {
    "selalu": "",
    "jika_ada": "jika ada",
    "badan_usaha": "hanya untuk badan usaha",
    "jika_dikuasakan": "hanya bila yang datang bukan direktur (dikuasakan)",
    "penyedia_baru": "hanya untuk penyedia baru",
}


class DocumentRule(_Frozen):
    """One required document: for which provider types, under which condition, original and copies."""

    code: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(min_length=1)
    provider_types: tuple[ProviderType, ...] | None = Field(default=None, description="None: every type")
    condition: DocumentCondition = "selalu"
    original: bool = Field(default=True, description="the original is shown at the counter")
    copies: int | None = Field(default=None, ge=0, description="number of photocopies; None: 'copy' without a count")
    stamp_duty: int | None = Field(default=None, ge=0, description="materai value in rupiah when stamped")
    note: str = ""
    template_url: str | None = Field(default=None, description="where the LPSE publishes the form to fill in")
    where_to_get: str = Field(default="", description="how the applicant gets the form, as the standard says")

    def applies_to(self, provider_type: ProviderType) -> bool:
        """Whether this document is asked of that provider type."""
        return self.provider_types is None or provider_type in self.provider_types


class Requirement(StrEnum):
    """Whether one applicant must bring a document, may bring it, or is not asked for it."""

    MANDATORY = "wajib"
    OPTIONAL = "jika_ada"
    NOT_ASKED = "tidak_diminta"


# "Badan Usaha (CV/PT)" as Depok [002] names it; Magelang's "apabila bentuknya Badan Usaha" [000] means the same.
BADAN_USAHA: frozenset[ProviderType] = frozenset({ProviderType.BADAN_USAHA_CV, ProviderType.BADAN_USAHA_PT})


def requirement(rule: DocumentRule, provider_type: ProviderType, *, by_proxy: bool) -> Requirement:
    """What a registration asks of one applicant for one document: the one place this is decided."""
    if not rule.applies_to(provider_type):
        return Requirement.NOT_ASKED
    if rule.condition == "jika_ada":
        return Requirement.OPTIONAL
    if rule.condition == "badan_usaha" and provider_type not in BADAN_USAHA:
        return Requirement.NOT_ASKED
    if rule.condition == "jika_dikuasakan" and not by_proxy:
        return Requirement.NOT_ASKED
    # "penyedia_baru": whoever registers is a new provider, so it is asked of every registrant.
    return Requirement.MANDATORY


class Step(_Frozen):
    """One procedure step and who executes it."""

    actor: str = Field(min_length=1)
    action: str = Field(min_length=1)


ChannelKind = Literal[
    "telepon",
    "whatsapp",
    "email",
    "kotak_saran",
    "surat",
    "datang_langsung",
    "instagram",
    "facebook",
    "web",
    "sp4n_lapor",
    "aplikasi",
    "lainnya",
]


class Channel(_Frozen):
    """A way to reach the LPSE (complaints, registration)."""

    kind: ChannelKind
    value: str = Field(min_length=1)


ComplaintRole = Literal["helpdesk", "verifikator", "kepala_lpse", "admin_agency", "lkpp"]


class ComplaintLevel(_Frozen):
    """One level of a complaint's chain: its name in the standard, and the role that works it ("lkpp": outside)."""

    label: str = Field(min_length=1, max_length=120)
    role: ComplaintRole


class ComplaintRules(_Frozen):
    """Pengaduan: channels, the clocks that run on a complaint, and how it escalates."""

    channels: tuple[Channel, ...] = Field(min_length=1)
    clocks: tuple[Clock, ...] = ()
    submission_window_days: int | None = Field(default=None, gt=0)
    required_content: tuple[str, ...] = ()
    escalation: tuple[str, ...] = ()
    resolution: str | None = None
    content_codes: tuple[Literal["a", "b", "c", "d"], ...] = Field(
        default=(), description="the letter of each required_content item, in the same order"
    )
    first_answer_clock: str | None = Field(default=None, description="the clock the first answer (tanggapan) stops")
    response_clock: str | None = Field(default=None, description="the clock the response (respon) stops")
    levels: tuple[ComplaintLevel, ...] = Field(default=(), description="() → one level: the LPSE's helpdesk")
    publish_register: bool = Field(default=False, description="publish the anonymised complaint register")

    @model_validator(mode="after")
    def _clocks_and_codes_named(self) -> ComplaintRules:
        names = {c.name for c in self.clocks}
        for field in ("first_answer_clock", "response_clock"):
            named = getattr(self, field)
            if named is not None and named not in names:
                raise ValueError(f"{field} {named!r} is not one of the complaint clocks {sorted(names)}")
        if self.content_codes and len(self.content_codes) != len(self.required_content):
            raise ValueError("content_codes needs one letter per required_content item")
        if len(set(self.content_codes)) != len(self.content_codes):
            raise ValueError("content_codes must be distinct")
        if self.levels and self.levels[0].role == "lkpp":
            raise ValueError("the first complaint level is the LPSE's own desk, not lkpp")
        return self

    @property
    def chain(self) -> tuple[ComplaintLevel, ...]:
        """The levels a complaint climbs; the LPSE's helpdesk alone when the standard names none."""
        return self.levels or (ComplaintLevel(label="Helpdesk LPSE", role="helpdesk"),)


class LadderStep(_Frozen):
    """One rung of the helpdesk ladder, labelled as the standard names the desk."""

    level: TicketLevel
    label: str = Field(min_length=1)
    source: str = Field(min_length=1, description="where the standard names this step")


LEVEL_ORDER: dict[str, int] = {"helpdesk": 0, "admin_ppe": 1, "lkpp": 2}


def _ladder_problem(ladder: tuple[LadderStep, ...]) -> str | None:
    """Why a ladder is not one the desk can climb (first the LPSE's Helpdesk, then strictly higher), or None."""
    if not ladder:
        return None
    if ladder[0].level != "helpdesk":
        return f"the ladder starts at the helpdesk, not at {ladder[0].level}"
    ranks = [LEVEL_ORDER[step.level] for step in ladder]
    if any(b <= a for a, b in pairwise(ranks)):
        return f"the ladder's levels must rise: {' → '.join(step.level for step in ladder)}"
    return None


class TicketCategoryRule(_Frozen):
    """One kind of ticket the LPSE's intake offers, and the service whose clocks run on it."""

    code: TicketCategory
    label: str = Field(min_length=1)
    service: str | None = Field(default=None, description="service id whose clocks apply; None: no clock")
    ladder: tuple[LadderStep, ...] = Field(default=(), description="empty: the LPSE's ladder")

    @model_validator(mode="after")
    def _ladder_climbs(self) -> TicketCategoryRule:
        problem = _ladder_problem(self.ladder)
        if problem:
            raise ValueError(f"{self.code.value}: {problem}")
        return self


class HelpdeskRules(_Frozen):
    """The helpdesk desk: the problem-handling service, who may report, its categories and its ladder to LKPP."""

    service: str | None = Field(description="the penanganan_masalah service; None: the standard has none")
    deadline_note: str = Field(default="", description="shown when the service is None or sets no clock")
    reporter_roles: tuple[ReporterRole, ...] = Field(min_length=1)
    channels: tuple[ChannelKind, ...] = Field(min_length=1, description="what staff may record for a walk-in ticket")
    categories: tuple[TicketCategoryRule, ...] = Field(min_length=1)
    ladder: tuple[LadderStep, ...] = Field(min_length=1)
    lkpp_note: str = Field(
        default="", description="shown while a ticket is at LKPP; required when the ladder reaches it"
    )
    reopen_window: Deadline
    rating_window_days: int = Field(default=30, gt=0)

    @model_validator(mode="after")
    def _ladders_and_notes(self) -> HelpdeskRules:
        problem = _ladder_problem(self.ladder)
        if problem:
            raise ValueError(problem)
        if self.service is None and not self.deadline_note.strip():
            raise ValueError("a helpdesk without a service needs deadline_note: the standard's wording")
        reaches_lkpp = any(step.level == "lkpp" for c in self.categories for step in (c.ladder or self.ladder))
        if reaches_lkpp and not self.lkpp_note.strip():
            raise ValueError("a ladder that reaches lkpp needs lkpp_note: what the reporter reads while LKPP has it")
        codes = [c.code for c in self.categories]
        if len(codes) != len(set(codes)):
            raise ValueError("each ticket category is listed once")
        return self

    def category(self, code: TicketCategory | str) -> TicketCategoryRule | None:
        """The rule of one category, or None when this LPSE does not offer it."""
        return next((c for c in self.categories if c.code == code), None)

    def ladder_for(self, code: TicketCategory | str) -> tuple[LadderStep, ...]:
        """The ladder a ticket of this category climbs: its own service's, else the LPSE's."""
        rule = self.category(code)
        return rule.ladder if rule is not None and rule.ladder else self.ladder


ServiceKind = Literal[
    "registrasi_penyedia",
    "perubahan_data",
    "perubahan_email",
    "perubahan_status_badan_usaha",
    "perubahan_npwp",
    "nonaktif_user_id",
    "agregasi",
    "penanganan_masalah",
    "akun_internal",
    "ubah_jadwal",
    "uji_forensik",
    "lainnya",
]


VerificationMode = Literal["loket", "unggahan"]
VERIFICATION_MODE_LABEL: dict[str, str] = {
    "loket": "Berkas asli dan fotokopi diperiksa di loket LPSE; tenggat dihitung sejak berkas diserahkan",
    "unggahan": "Dokumen unggahan diverifikasi secara daring; tenggat dihitung sejak permohonan dikirim",
}


class ServiceStandard(_Frozen):
    """One service of the standard: requirements, procedure, deadline(s), products, who does what."""

    id: str = Field(pattern=r"^[A-Z]{3}-[0-9A-Za-z]+$")
    kind: ServiceKind
    name: str = Field(min_length=1)
    description: str = ""
    registration_channels: tuple[str, ...] = ()
    documents: tuple[DocumentRule, ...] = ()
    procedure: tuple[Step, ...] = Field(min_length=1)
    clocks: tuple[Clock, ...] = ()
    deadline_note: str = Field(default="", description="the standard's wording when it sets no time limit")
    office_hours: OfficeHours | None = Field(default=None, description="None: the LPSE's office hours")
    products: tuple[str, ...] = ()
    provider_signs_product: bool = Field(
        default=False, description="the provider signs the berita acara / receipt beside the officer(s)"
    )
    executors: tuple[str, ...] = ()
    escalation: tuple[str, ...] = Field(default=(), description="who a case goes to when the desk cannot solve it")
    internal_supervision: tuple[str, ...] = Field(
        default=(), description="pengawasan internal: who supervises the officers (for staff, not a promise)"
    )
    four_eyes: bool = Field(default=False, description="a second officer confirms; never the one who verified")
    covers: tuple[Literal["email", "npwp", "status_badan_usaha", "data"], ...] = Field(
        default=(),
        description="a data-change service (perubahan_data): the provider requests it covers, as its standard names "
        "them; empty: every data change (Depok DPK-1b 'dan lain-lain')",
    )
    verification_mode: VerificationMode | None = Field(
        default=None,
        description="loket: the applicant brings the file to the counter (the clock starts at hand-over); "
        "unggahan: the uploads are verified online (the clock starts at submission)",
    )
    verification_modes_offered: tuple[VerificationMode, ...] = Field(
        default=(),
        description="when the standard lets the applicant choose the lane (Magelang: On Line or Off line), the "
        "lanes offered; empty: verification_mode only",
    )
    fee: str = "Gratis"
    complaints: ComplaintRules | None = Field(default=None, description="None: the LPSE's complaint rules")
    sources: tuple[str, ...] = Field(min_length=1)

    @property
    def modes_offered(self) -> tuple[VerificationMode, ...]:
        """The verification lanes an applicant may take, the default first."""
        if self.verification_mode is None:
            return ()
        others = tuple(m for m in self.verification_modes_offered if m != self.verification_mode)
        return (self.verification_mode, *others)

    def lane_for(self, chosen: VerificationMode | None) -> VerificationMode:
        """The lane a case runs in: the applicant's choice where the standard offers it, else the default."""
        if chosen is not None and chosen in self.modes_offered:
            return chosen
        return self.verification_mode or "unggahan"

    @field_validator("documents")
    @classmethod
    def _unique_codes(cls, docs: tuple[DocumentRule, ...]) -> tuple[DocumentRule, ...]:
        seen: set[tuple[str, tuple[ProviderType, ...] | None]] = set()
        for d in docs:
            key = (d.code, d.provider_types)
            if key in seen:
                raise ValueError(f"document {d.code!r} listed twice for the same provider types")
            seen.add(key)
        return docs

    @model_validator(mode="after")
    def _deadline_stated_or_explained(self) -> ServiceStandard:
        if not self.clocks and not self.deadline_note:
            raise ValueError("a service without a clock needs deadline_note: the standard's wording")
        if self.kind == "registrasi_penyedia" and not self.clocks:
            raise ValueError("the provider registration service needs at least one clock")
        if self.kind == "registrasi_penyedia" and self.verification_mode is None:
            raise ValueError("the provider registration service needs verification_mode: loket or unggahan")
        return self

    def documents_for(self, provider_type: ProviderType) -> tuple[DocumentRule, ...]:
        """The documents asked of one provider type."""
        return tuple(d for d in self.documents if d.applies_to(provider_type))


class LocalProviderType(_Frozen):
    """One jenis penyedia as this LPSE names it, mapped onto the platform enum."""

    type: ProviderType
    label: str = Field(min_length=1)


class Maklumat(_Frozen):
    """Maklumat Pelayanan: the written pledge the standard has the LPSE publish, and who signs it."""

    title: str = "Maklumat Pelayanan"
    paragraphs: tuple[str, ...] = Field(min_length=1, description="the pledge, one paragraph each")
    signer: str = Field(min_length=1, description="the office that signs it, as the standard names it")
    signer_name: str | None = Field(default=None, description="only when the standard names the person")
    drafting_note: str = Field(default="", description="for staff: how the text follows from the standard")


class LpseProfile(_Frozen):
    """An LPSE and its Standar Pelayanan."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$")
    name: str = Field(min_length=1)
    short_code: str = Field(pattern=r"^[A-Z]{3}$")
    time_zone: TimeZoneName
    portal_url: str
    address: str = ""
    legal_basis: str = Field(min_length=1, description="the instrument that sets this standard")
    provider_types: tuple[LocalProviderType, ...] = Field(min_length=1)
    office_hours: OfficeHours
    collective_leave: tuple[date, ...] = Field(default=(), description="cuti bersama and local days off")
    agregasi: Literal["implisit", "mandiri", "via_lkpp"] = Field(
        default="implisit",
        description="ADP: implicit in the national account, provider self-service, or the verifier asks LKPP",
    )
    complaints: ComplaintRules
    maklumat: Maklumat | None = Field(default=None, description="None: the standard states no maklumat")
    services: tuple[ServiceStandard, ...] = Field(min_length=1)
    helpdesk: HelpdeskRules
    sources: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> LpseProfile:
        ids = [s.id for s in self.services]
        if len(ids) != len(set(ids)):
            raise ValueError("service ids must be unique")
        if not any(s.kind == "registrasi_penyedia" for s in self.services):
            raise ValueError("a profile needs its provider registration service (kind registrasi_penyedia)")
        wrong = [s.id for s in self.services if not s.id.startswith(self.short_code + "-")]
        if wrong:
            raise ValueError(f"service ids must start with {self.short_code}-: {', '.join(wrong)}")
        counter = [s.id for s in self.services if "loket" in (s.verification_mode, *s.verification_modes_offered)]
        if counter and not self.address.strip():
            raise ValueError(f"{', '.join(counter)}: a counter visit (verification_mode loket) needs the address")
        offered = {t.type for t in self.provider_types}
        for service in self.services:
            for doc in service.documents:
                stray = set(doc.provider_types or ()) - offered
                if stray:
                    raise ValueError(f"{service.id}/{doc.code}: provider types not offered here: {sorted(stray)}")
        self._helpdesk_services_exist(set(ids))
        return self

    def _helpdesk_services_exist(self, ids: set[str]) -> None:
        named = {"helpdesk.service": self.helpdesk.service} | {
            f"helpdesk.categories.{c.code.value}": c.service for c in self.helpdesk.categories
        }
        unknown = [f"{where}: {sid}" for where, sid in named.items() if sid is not None and sid not in ids]
        if unknown:
            raise ValueError(f"helpdesk names services this LPSE does not have: {', '.join(unknown)}")

    @property
    def zone_label(self) -> str:
        """WIB, WITA or WIT."""
        return ZONE_LABEL[self.time_zone]

    def service(self, kind: ServiceKind) -> ServiceStandard:
        """The first service of a kind, or KeyError."""
        for s in self.services:
            if s.kind == kind:
                return s
        raise KeyError(f"{self.code} has no {kind} service")

    def hours_for(self, service: ServiceStandard) -> OfficeHours:
        """The service's own hours when it states them, else the LPSE's."""
        return service.office_hours or self.office_hours

    def complaints_for(self, service: ServiceStandard) -> ComplaintRules:
        """The service's own complaint rules when it states them, else the LPSE's."""
        return service.complaints or self.complaints


DAY_NAMES: dict[str, dict[Weekday, str]] = {
    "id": dict(zip(WEEKDAYS, ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"), strict=True)),
    "en": dict(
        zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
    ),
}


def describe_hours(hours: OfficeHours, zone_label: str, language: str = "id") -> list[str]:
    """'Senin–Kamis 09.00–14.00 WIB (istirahat 12.00–13.00)': consecutive days with the same hours on one line."""
    names = DAY_NAMES["en" if language == "en" else "id"]
    fmt = "%H:%M" if language == "en" else "%H.%M"
    groups: list[tuple[list[Weekday], DayHours]] = []
    for day in WEEKDAYS:
        if day not in hours.days:
            continue
        previous = groups[-1] if groups else None
        if previous and previous[1] == hours.days[day] and WEEKDAYS.index(previous[0][-1]) == WEEKDAYS.index(day) - 1:
            previous[0].append(day)
        else:
            groups.append(([day], hours.days[day]))
    lines = []
    for days, d in groups:
        span = names[days[0]] if len(days) == 1 else f"{names[days[0]]}–{names[days[-1]]}"
        line = f"{span} {d.open.start:{fmt}}–{d.open.end:{fmt}} {zone_label}"
        if d.breaks:
            pause = ", ".join(f"{b.start:{fmt}}–{b.end:{fmt}}" for b in d.breaks)
            line += f" ({'break' if language == 'en' else 'istirahat'} {pause})"
        lines.append(line)
    return lines


class ProfileError(ValueError):
    """A profile file that does not validate, naming the file and the field."""


def load_profile(path: Path) -> LpseProfile:
    """Read one profile file, or raise ProfileError naming the file and each bad field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ProfileError(f"{path}: not valid YAML: {exc}") from exc
    try:
        profile = LpseProfile.model_validate(raw)
    except ValidationError as exc:
        fields = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(root)'}: {e['msg']}" for e in exc.errors())
        raise ProfileError(f"{path}: {fields}") from exc
    if profile.code != path.stem:
        raise ProfileError(f"{path}: code: must equal the file name {path.stem!r}, got {profile.code!r}")
    return profile


def load_profiles(directory: Path) -> dict[str, LpseProfile]:
    """Every profile in a directory, keyed by code, in file-name order."""
    profiles = [load_profile(p) for p in sorted(directory.glob("*.yaml"))]
    if not profiles:
        raise ProfileError(f"{directory}: no LPSE profile (*.yaml) found")
    return {p.code: p for p in profiles}
