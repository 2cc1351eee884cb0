"""What the public standard page says as the LPSE's own document, and what goes to the drafting notes for staff.

A profile's notes mix the two: "Jika yang datang bukan Direktur." is the standard's rule; "Nilai materai tidak
disebutkan dalam standar." is a remark about the standard. Sentences that speak about the standard itself (what it
leaves out, what was assumed, where it disagrees with itself), the sources, how the platform counts a deadline and
the officers' internal supervision are drafting notes: the page shows them in a numbered footnote section for staff
("Catatan penyusunan"), with a marker where they belong.

Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from contracts.lpse import Clock, DeadlineUnit, DocumentRule, LpseProfile, OfficeHours, ServiceStandard

# A sentence is a drafting note when it says something about the standard rather than what the standard says.
DRAFTING_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\btidak (?:di)?sebutkan\b",  # "Nilai materai tidak disebutkan dalam standar."
        r"\btidak (?:menyebutkan|menyatakan|mencantumkan)\b",  # "Standar tidak menyebutkan asli atau copy."
        r"\bhanya menyatakan\b",  # "Standar pelayanan hanya menyatakan jam layanan Bidding room …"
        r"^standar(?: pelayanan)?\s*(?:menulis|:)",  # 'Standar: "Hari Kerja …"', 'Standar menulis "KTP dan NIP" …'
        r"\basumsi\b|\bdiasumsikan\b",  # assumed values
        r"\blampiran standar pelayanan\b",  # where the standard contradicts its own lampiran
    )
)
_SENTENCE_END = re.compile(r'(?:(?<=[.!?])|(?<=[.!?]["”)]))\s+(?=["“(A-Z])')


def sentences(text: str) -> list[str]:
    """The sentences of a note (a full stop, then a space and a capital or a quote); '16.00' is not an end."""
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def is_drafting(sentence: str) -> bool:
    """Whether a sentence is a remark about the standard rather than a rule of it."""
    return any(p.search(sentence) for p in DRAFTING_PATTERNS)


def split_note(text: str) -> tuple[str, str]:
    """(what the LPSE's document says, the drafting remark), each '' when there is none."""
    parts = sentences(text)
    public = " ".join(s for s in parts if not is_drafting(s))
    drafting = " ".join(s for s in parts if is_drafting(s))
    return public, drafting


@dataclass(frozen=True)
class Note:
    """One numbered drafting note: the places on the page it belongs to and what it says."""

    number: int
    places: tuple[str, ...]
    text: str
    marked: bool

    @property
    def where(self) -> str:
        """'DPK-1c · Jam layanan; DPK-1d · Jam layanan'."""
        return "; ".join(self.places)


@dataclass(frozen=True)
class Marker:
    """A footnote marker in the body: the note it points at, and its own anchor (the first marker's is the one
    the note links back to)."""

    number: int
    anchor: str


@dataclass
class NoteBook:
    """Drafting notes numbered in the order the page shows them; the same remark is filed once."""

    notes: list[Note] = field(default_factory=list)

    def add(self, where: str, text: str, *, marked: bool = True) -> Marker | None:
        """File a note and return the marker for it, or None when there is nothing to file or mark."""
        text = text.strip()
        if not text:
            return None
        for i, note in enumerate(self.notes):
            if note.text == text and note.marked == marked:
                self.notes[i] = Note(note.number, (*note.places, where), text, marked)
                uses = len(self.notes[i].places)
                return Marker(note.number, f"rujukan-{note.number}-{uses}") if marked else None
        number = len(self.notes) + 1
        self.notes.append(Note(number, (where,), text, marked))
        return Marker(number, f"rujukan-{number}") if marked else None


@dataclass(frozen=True)
class Remark:
    """A piece of body text and the number of the drafting note that goes with it (if any)."""

    text: str
    ref: Marker | None


@dataclass(frozen=True)
class DocumentView:
    """A requirement as the page shows it."""

    rule: DocumentRule
    note: Remark


@dataclass(frozen=True)
class ServiceView:
    """A service as the page shows it: body text cleaned, drafting remarks filed."""

    standard: ServiceStandard
    ref: Marker | None
    description: Remark
    deadline_ref: Marker | None
    hours_note: Remark
    documents: tuple[DocumentView, ...]


@dataclass(frozen=True)
class StandardView:
    """Everything the public standard page shows, and its drafting notes."""

    profile: LpseProfile
    maklumat_ref: Marker | None
    hours_note: Remark
    services: tuple[ServiceView, ...]
    notes: tuple[Note, ...]


def _remark(book: NoteBook, where: str, text: str) -> Remark:
    public, drafting = split_note(text)
    return Remark(public, book.add(where, drafting))


def _hours_remark(book: NoteBook, where: str, hours: OfficeHours | None) -> Remark:
    if hours is None:
        return Remark("", None)
    public, drafting = split_note(hours.note)
    if not hours.stated and not drafting:
        drafting = "Standar tidak menyatakan jam layanan; jam ini dipakai untuk menghitung jangka waktu."
    return Remark(public, book.add(where, drafting))


_CLOSED = "tanpa jam istirahat, akhir pekan, hari libur dan cuti bersama"
COUNTING: dict[DeadlineUnit, str] = {
    DeadlineUnit.MINUTES: f"menit kerja di dalam jam layanan, {_CLOSED}",
    DeadlineUnit.HOURS: f"jam kerja di dalam jam layanan, {_CLOSED}",
    DeadlineUnit.WORKING_DAYS: "hari kerja: jam yang sama pada hari kerja ke-{n} sejak permohonan diterima",
    DeadlineUnit.TIMES_24H: (
        "{n} x 24 jam sejak permohonan diterima pada jam layanan; bila jatuh pada saat layanan tutup (hari tanpa "
        "layanan, di luar jam layanan, hari libur), jatuh tempo pada saat layanan buka berikutnya"
    ),
    DeadlineUnit.CALENDAR_DAYS: "hari kalender, termasuk akhir pekan dan hari libur",
}


def _counting(clocks: tuple[Clock, ...], deadline_note: str) -> str:
    """How the platform counts each deadline (its reading of the standard's words)."""
    if not clocks:
        return f'Standar tidak menetapkan batas waktu ("{deadline_note}"); tidak ada tenggat yang dihitung.'
    return " ".join(
        f'{c.label} "{c.deadline.text}" dihitung dalam {COUNTING[c.deadline.unit].format(n=c.deadline.value)}.'
        for c in clocks
    )


def _service_view(book: NoteBook, service: ServiceStandard) -> ServiceView:
    own = [f"Sumber: {', '.join(service.sources)}."]
    if service.internal_supervision:
        chain = " → ".join(service.internal_supervision)
        own.append(f"Pengawasan internal (bukan jalur eskalasi bagi pemohon): {chain}.")
    ref = book.add(service.id, " ".join(own))
    description = _remark(book, f"{service.id} · Uraian", service.description)
    deadline_ref = book.add(f"{service.id} · Jangka waktu", _counting(service.clocks, service.deadline_note))
    hours_note = _hours_remark(book, f"{service.id} · Jam layanan", service.office_hours)
    documents = tuple(DocumentView(d, _remark(book, f"{service.id} · {d.name}", d.note)) for d in service.documents)
    return ServiceView(service, ref, description, deadline_ref, hours_note, documents)


def standard_view(profile: LpseProfile) -> StandardView:
    """The page's content in page order, with every drafting remark moved to a numbered note."""
    book = NoteBook()
    if profile.maklumat is None:
        book.add("Maklumat pelayanan", "Standar pelayanan ini tidak memuat teks Maklumat Pelayanan.", marked=False)
        maklumat_ref = None
    else:
        maklumat_ref = book.add("Maklumat pelayanan", profile.maklumat.drafting_note)
    hours_note = _hours_remark(book, "Jam layanan", profile.office_hours)
    services = tuple(_service_view(book, s) for s in profile.services)
    if profile.sources:
        book.add("Dokumen sumber", f"Disusun dari {', '.join(profile.sources)}: {profile.legal_basis}.", marked=False)
    return StandardView(profile, maklumat_ref, hours_note, services, tuple(book.notes))
