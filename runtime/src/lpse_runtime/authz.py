"""Who may do what: one declared table, action → roles → scope (own LPSE or any), used by every staff route."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from fastapi import HTTPException, Request

from lpse_runtime.staff import EVERY_LPSE, StaffPrincipal, require_staff


class Scope(StrEnum):
    """Whether a role held in one LPSE reaches only that LPSE's records, or every LPSE's."""

    OWN_LPSE = "own_lpse"
    ANY = "any"


@dataclass(frozen=True)
class Rule:
    """The roles allowed an action, and how far their LPSE reaches."""

    roles: frozenset[str]
    scope: Scope = Scope.OWN_LPSE


READERS = frozenset({"verifikator", "kepala_lpse", "helpdesk", "auditor"})
VERIFIERS = frozenset({"verifikator", "kepala_lpse"})
COUNTER = frozenset({"verifikator", "kepala_lpse", "helpdesk"})
OPERATORS = frozenset({"operator", "admin_platform"})
PLATFORM_ADMIN = frozenset({"admin_platform"})
HD_READERS = frozenset({"helpdesk", "admin_ppe", "kepala_lpse", "auditor"})
HD_DESK = frozenset({"helpdesk", "admin_ppe"})
COMPLAINT_DESK = frozenset({"helpdesk", "verifikator", "kepala_lpse", "admin_agency"})
# The Admin PPE's desk: requests filed by internal users (a Pokja member), checked by the Helpdesk, decided by the
# Admin PPE / Admin Agency; an external auditor (APIP/APH, DPK-3a) reads only the tenders and period of its access.
REQUESTERS = frozenset({"pokja"})
REQUEST_READERS = frozenset({"helpdesk", "admin_ppe", "kepala_lpse"})
ACCOUNT_DESK = frozenset({"helpdesk", "admin_agency", "admin_ppe", "kepala_lpse"})

# The spec of staff access; the README prints it as a table and the authorization-matrix test checks it literally.
ACTIONS: dict[str, Rule] = {
    # verification: the staff console
    "kasus.antrean": Rule(READERS),
    "kasus.lihat": Rule(READERS),
    "kasus.tanda_terima": Rule(READERS),
    "kasus.datang": Rule(COUNTER),
    "kasus.terima_berkas": Rule(COUNTER),
    "kasus.klaim": Rule(VERIFIERS),
    "kasus.lepas": Rule(VERIFIERS),
    "kasus.periksa": Rule(VERIFIERS),
    "kasus.kembalikan": Rule(VERIFIERS),
    "kasus.lanjutkan": Rule(VERIFIERS),
    "kasus.tolak": Rule(VERIFIERS),
    "kasus.setujui": Rule(VERIFIERS),
    "kasus.konfirmasi": Rule(VERIFIERS),
    "kasus.alihkan": Rule(frozenset({"kepala_lpse"})),
    # verification: agregasi (ADP) to LKPP
    "agregasi.minta": Rule(VERIFIERS),
    "agregasi.catat_jawaban": Rule(VERIFIERS),
    # verification: the provider's requests about its account (data changes, deactivation, agregasi, reactivation),
    # worked like a case: recorded at the counter, claimed, checked, returned or decided by a verifier
    "permohonan.antrean": Rule(READERS),
    "permohonan.lihat": Rule(READERS),
    "permohonan.datang": Rule(COUNTER),
    "permohonan.terima_berkas": Rule(COUNTER),
    "permohonan.catat": Rule(COUNTER),
    "permohonan.klaim": Rule(VERIFIERS),
    "permohonan.periksa": Rule(VERIFIERS),
    "permohonan.putuskan": Rule(VERIFIERS),
    # verification: a provider account as staff see it, and its deactivation by the LPSE (a decision of its head)
    "penyedia.lihat": Rule(READERS),
    "penyedia.nonaktifkan": Rule(frozenset({"kepala_lpse"})),
    # helpdesk: the ticket desk (the ladder's level guard narrows the desk roles further)
    "tiket.antrean": Rule(HD_READERS),
    "tiket.lihat": Rule(HD_READERS),
    "tiket.catat": Rule(frozenset({"helpdesk", "kepala_lpse"})),
    "tiket.klaim": Rule(HD_DESK),
    "tiket.lepas": Rule(HD_DESK),
    "tiket.balas": Rule(HD_DESK),
    "tiket.minta_info": Rule(HD_DESK),
    "tiket.eskalasi": Rule(HD_DESK),
    "tiket.selesaikan": Rule(HD_DESK),
    "tiket.catat_jawaban_lkpp": Rule(HD_DESK),
    "tiket.catatan": Rule(HD_DESK | {"kepala_lpse"}),
    "tiket.tutup": Rule(HD_DESK | {"kepala_lpse"}),
    # registration: the uploaded documents of a case
    "dokumen.lihat": Rule(READERS),
    # notifier: deliveries, resend, the suppression list
    "email.lihat": Rule(READERS),
    "email.kirim_ulang": Rule(COUNTER),
    "email.buka_blokir": Rule(frozenset({"helpdesk", "kepala_lpse", "admin_platform"})),
    # operations: the live feed, streams, dead letters
    "ops.lihat": Rule(OPERATORS, Scope.ANY),
    "ops.putar_ulang": Rule(OPERATORS, Scope.ANY),
    # identity: staff accounts, managed for the whole platform by its administrator
    "pengguna.lihat": Rule(PLATFORM_ADMIN, Scope.ANY),
    "pengguna.buat": Rule(PLATFORM_ADMIN, Scope.ANY),
    "pengguna.ubah_peran": Rule(PLATFORM_ADMIN, Scope.ANY),
    "pengguna.nonaktifkan": Rule(PLATFORM_ADMIN, Scope.ANY),
    "pengguna.aktifkan": Rule(PLATFORM_ADMIN, Scope.ANY),
    # helpdesk: the satisfaction survey's results (SKM), read by the head of the LPSE
    "skm.lihat": Rule(frozenset({"kepala_lpse"})),
    # helpdesk: complaints (pengaduan); the complaint's level narrows who of the desk may take it (its role)
    "pengaduan.antrean": Rule(COMPLAINT_DESK | {"auditor"}),
    "pengaduan.lihat": Rule(COMPLAINT_DESK | {"auditor"}),
    "pengaduan.klaim": Rule(COMPLAINT_DESK),
    "pengaduan.lepas": Rule(COMPLAINT_DESK),
    "pengaduan.tanggapi": Rule(COMPLAINT_DESK),
    "pengaduan.eskalasi": Rule(COMPLAINT_DESK),
    "pengaduan.catat_lkpp": Rule(COMPLAINT_DESK),
    "pengaduan.respon": Rule(COMPLAINT_DESK),
    "pengaduan.selesaikan": Rule(COMPLAINT_DESK),
    "pengaduan.catatan": Rule(COMPLAINT_DESK),
    # helpdesk: ubah jadwal (DPK-2c): a Pokja files, the Helpdesk checks, the Admin PPE decides
    "jadwal.ajukan": Rule(REQUESTERS),
    "jadwal.catat": Rule(frozenset({"helpdesk"})),
    "jadwal.antrean": Rule(REQUEST_READERS),
    "jadwal.lihat": Rule(REQUEST_READERS),
    "jadwal.klaim": Rule(HD_DESK),
    "jadwal.periksa": Rule(frozenset({"helpdesk"})),
    "jadwal.putuskan": Rule(frozenset({"admin_ppe"})),
    # helpdesk: uji forensik (DPK-2d); the files are also open to the requesting Pokja and a scoped auditor
    "forensik.ajukan": Rule(REQUESTERS),
    "forensik.catat": Rule(frozenset({"helpdesk"})),
    "forensik.antrean": Rule(REQUEST_READERS),
    "forensik.lihat": Rule(REQUEST_READERS),
    "forensik.klaim": Rule(HD_DESK),
    "forensik.periksa": Rule(frozenset({"helpdesk"})),
    "forensik.uji": Rule(frozenset({"admin_ppe"})),
    "forensik.berkas": Rule(frozenset({"admin_ppe"})),
    # helpdesk: internal accounts (DPK-2a/2b/2e/3a, TMG-2, MGL-O); the request's level narrows who may act
    "akun.catat": Rule(frozenset({"helpdesk"})),
    "akun.antrean": Rule(ACCOUNT_DESK),
    "akun.lihat": Rule(ACCOUNT_DESK),
    "akun.klaim": Rule(ACCOUNT_DESK),
    "akun.periksa": Rule(frozenset({"helpdesk"})),
    "akun.disposisi": Rule(frozenset({"kepala_lpse"})),
    "akun.siapkan": Rule(frozenset({"admin_agency", "admin_ppe", "helpdesk"})),
    "akun.cek_ulang": Rule(frozenset({"admin_agency"})),
    # helpdesk: what an external auditor (DPK-3a) may read, within the tenders and period of its access
    "audit_paket.lihat": Rule(frozenset({"auditor_paket"})),
}


# Where a signed-in person starts: the first desk one of its roles may open, in this order (the verification queue
# at /staf/ first, as before; a Pokja's own requests; an external auditor's scope; the platform's pages last).
DESKS: tuple[tuple[str, str], ...] = (
    ("kasus.antrean", "/staf/"),
    ("tiket.antrean", "/helpdesk/staf/"),
    ("akun.antrean", "/helpdesk/staf/akun/"),
    ("pengaduan.antrean", "/helpdesk/staf/pengaduan/"),
    ("jadwal.ajukan", "/helpdesk/staf/jadwal/saya"),
    ("audit_paket.lihat", "/helpdesk/staf/audit/"),
    ("ops.lihat", "/ops/"),
    ("pengguna.lihat", "/staf/pengguna/"),
)


def first_desk(staff: StaffPrincipal) -> str | None:
    """The first desk of `DESKS` the staff member may open, or None (no role opens any)."""
    return next((path for action, path in DESKS if permits(staff, action)), None)


def permits(staff: StaffPrincipal, action: str, lpse: str | None = None) -> bool:
    """Whether a role the staff member holds allows the action (on a record of `lpse`, when given)."""
    rule = ACTIONS[action]
    return any(
        grant.role in rule.roles and (lpse is None or rule.scope is Scope.ANY or grant.lpse in (lpse, EVERY_LPSE))
        for grant in staff.grants
    )


def acting_as(staff: StaffPrincipal, action: str) -> StaffPrincipal:
    """The staff member acting through the first role they hold that allows the action: events and audit rows
    name that role, not whichever role happens to be listed first."""
    rule = ACTIONS[action]
    grant = next((g for g in staff.grants if g.role in rule.roles), None)
    return staff if grant is None else staff.model_copy(update={"acting": grant})


def acting_lpse(staff: StaffPrincipal, action: str) -> str:
    """The LPSE whose records a list page shows: that of the first role allowing the action."""
    rule = ACTIONS[action]
    return next(g.lpse for g in staff.grants if g.role in rule.roles)


def require(action: str) -> Callable[[Request], Awaitable[StaffPrincipal]]:
    """A route dependency: signed in (else the sign-in page), holding a role allowed the action (else 403)."""
    if action not in ACTIONS:
        raise KeyError(f"undeclared action {action}")

    async def dependency(request: Request) -> StaffPrincipal:
        staff = await require_staff(request)
        if not permits(staff, action):
            raise HTTPException(403, "Akun Anda tidak berwenang untuk tindakan ini.")
        return acting_as(staff, action)

    return dependency


def ensure_lpse(staff: StaffPrincipal, action: str, lpse: str | None, what: str = "Data") -> None:
    """A record of another LPSE answers 404, as a missing one does: staff of other LPSEs learn nothing."""
    if lpse is None or not permits(staff, action, lpse):
        raise HTTPException(404, f"{what} tidak ditemukan")
