"""What the account page shows, pure: the account's data as the LPSE labels it, its documents, agregasi, requests,
history, and the requests the LPSE's standard lets it file. No I/O, no clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from contracts.lpse import LpseProfile
from contracts.provider_account import ProviderRequestKind
from contracts.registration import ProviderType
from verification.account_requests.domain import KIND_LABEL, STATUS_LABEL, RequestStatus, service_for
from verification.agregasi import STATUS_LABEL as AGGREGATION_LABEL
from verification.agregasi import AggregationStatus
from verification.provider_area.rules import mask_npwp

ACCOUNT_STATUS_LABEL = {"active": "Aktif"}
DEACTIVATED_LABEL = "Nonaktif"
SELF_SERVICE_LINK = ("Lakukan aktivasi agregasi", "/akun/agregasi")
IMPLICIT_NOTE = (
    "Standar pelayanan {lpse} tidak mengatur layanan agregasi: User ID dan kata sandi dari pendaftaran "
    "dapat digunakan di seluruh LPSE se-Indonesia."
)

# The request links, in the order the page lists them: (kind, the link's text).
REQUEST_LINKS: tuple[tuple[ProviderRequestKind, str], ...] = (
    ("email", "Ajukan perubahan email"),
    ("npwp", "Ajukan perubahan NPWP"),
    ("status_badan_usaha", "Ajukan perubahan status CV ke PT"),
    ("data", "Ajukan perubahan data lainnya"),
    ("nonaktif", "Ajukan penonaktifan user ID"),
    ("agregasi", "Ajukan agregasi data penyedia"),
)


@dataclass(frozen=True)
class Link:
    """A link the page shows: its text and where it goes."""

    text: str
    href: str


@dataclass(frozen=True)
class DocumentLine:
    """A registration document by its name in the standard, with its size and the start of its SHA-256."""

    name: str
    filename: str
    size: str
    sha256_prefix: str


@dataclass(frozen=True)
class RequestLine:
    """One of the account's requests."""

    reference: str
    kind: str
    status: str
    filed_at: datetime

    @property
    def href(self) -> str:
        """The request's page in the account area."""
        return f"/akun/permohonan/{self.reference}"


@dataclass(frozen=True)
class HistoryLine:
    """One change the account went through."""

    at: datetime
    what: str
    detail: str
    actor: str


@dataclass(frozen=True)
class AreaView:
    """Everything the account page shows."""

    facts: tuple[tuple[str, str], ...]
    activated_at: datetime
    zone: str
    documents: tuple[DocumentLine, ...]
    agregasi_status: str
    agregasi_link: Link | None
    agregasi_note: str
    requests: tuple[RequestLine, ...]
    history: tuple[HistoryLine, ...]
    request_links: tuple[Link, ...]


def size_text(size: int) -> str:
    """'812 B', '35 KB', '1,2 MB': as the page shows a file's size."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def provider_type_label(profile: LpseProfile, provider_type: str) -> str:
    """The provider type as this LPSE's standard names it."""
    for local in profile.provider_types:
        if local.type.value == provider_type:
            return local.label
    return provider_type


def request_links(profile: LpseProfile, provider_type: str, aggregation: AggregationStatus) -> tuple[Link, ...]:
    """The requests this account may file: only kinds the LPSE's standard offers; CV → PT for a CV only; agregasi
    where the verifier asks LKPP and the account is neither aggregated nor already asked for."""
    links = []
    for kind, text in REQUEST_LINKS:
        if service_for(profile, kind) is None:
            continue
        if kind == "status_badan_usaha" and provider_type != "badan_usaha_cv":
            continue
        if kind == "agregasi" and (
            profile.agregasi != "via_lkpp" or aggregation in (AggregationStatus.AGGREGATED, AggregationStatus.REQUESTED)
        ):
            continue
        links.append(Link(text, f"/akun/permohonan/baru?jenis={kind}"))
    return tuple(links)


def agregasi_part(
    profile: LpseProfile, aggregation: AggregationStatus, links: tuple[Link, ...]
) -> tuple[Link | None, str]:
    """The agregasi section's link or note: self-service in Temanggung, implicit in Depok, a request where the
    verifier asks LKPP (the request link, when the account may file one)."""
    if profile.agregasi == "mandiri":
        link = None if aggregation is AggregationStatus.AGGREGATED else Link(*SELF_SERVICE_LINK)
        return link, ""
    if profile.agregasi == "implisit":
        return None, IMPLICIT_NOTE.format(lpse=profile.name)
    return next((link for link in links if link.href.endswith("jenis=agregasi")), None), ""


def documents(profile: LpseProfile, provider_type: str, stored: list[dict[str, Any]]) -> tuple[DocumentLine, ...]:
    """The registration documents by the names the standard's registration service gives them for this provider
    type (one code may name different documents for different types)."""
    names: dict[str, str] = {}
    for service in profile.services:
        if service.kind == "registrasi_penyedia":
            names |= {d.code: d.name for d in service.documents if d.applies_to(ProviderType(provider_type))}
    return tuple(
        DocumentLine(
            name=names.get(str(d.get("code", "")), str(d.get("filename", ""))),
            filename=str(d.get("filename", "")),
            size=size_text(int(d.get("size", 0))),
            sha256_prefix=str(d.get("sha256", ""))[:12],
        )
        for d in stored
    )


def account_facts(profile: LpseProfile, row: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The account's data, labelled as the page shows it (the NPWP masked)."""
    status = ACCOUNT_STATUS_LABEL.get(str(row["status"]), DEACTIVATED_LABEL)
    return (
        ("User ID", str(row["user_id"])),
        ("Nama perusahaan", str(row["company_name"])),
        ("Jenis penyedia", provider_type_label(profile, str(row["provider_type"]))),
        ("NPWP", mask_npwp(str(row["npwp"]))),
        ("NIB", str(row["nib"])),
        ("Email", str(row["email"])),
        ("Alamat perusahaan", str(row["address"]) or "—"),
        ("Nomor telepon", str(row["phone"]) or "—"),
        ("Nomor pengukuhan PKP", str(row["pkp_number"]) or "—"),
        ("Nama direktur", str(row["director_name"])),
        ("Status akun", status),
        ("LPSE", profile.name),
    )


def request_line(row: dict[str, Any]) -> RequestLine:
    """A stored request as the list shows it."""
    kind: ProviderRequestKind = row["kind"]
    status = RequestStatus(row["status"])
    return RequestLine(row["reference"], KIND_LABEL[kind], STATUS_LABEL[status], row["filed_at"])


def area_view(
    profile: LpseProfile,
    account: dict[str, Any],
    stored_documents: list[dict[str, Any]],
    requests: list[dict[str, Any]],
    history: list[dict[str, Any]],
) -> AreaView:
    """The account page from what is stored (requests and history newest first, as the caller loaded them)."""
    aggregation = AggregationStatus(account["aggregation_status"])
    links = request_links(profile, str(account["provider_type"]), aggregation)
    link, note = agregasi_part(profile, aggregation, links)
    return AreaView(
        facts=account_facts(profile, account),
        activated_at=account["activated_at"],
        zone=profile.time_zone,
        documents=documents(profile, str(account["provider_type"]), stored_documents),
        agregasi_status=AGGREGATION_LABEL[aggregation],
        agregasi_link=link,
        agregasi_note=note,
        requests=tuple(request_line(r) for r in requests),
        history=tuple(HistoryLine(h["at"], h["what"], h["detail"], h["actor"]) for h in history),
        request_links=tuple(other for other in links if other != link),
    )
