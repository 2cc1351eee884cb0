"""The account request tables: which state follows which step, for each of the three ways a service runs (from its
profile), with the Indonesian labels of the states. Pure.

- Eskalasi (Depok DPK-2a/2b/2e/3a): the Helpdesk checks the file and hands it to the officer who makes the account.
- Berjenjang (a service with `four_eyes: true`, Temanggung TMG-2): Front Office → disposition by the Kabag PBJ
  selaku Kepala LPSE → the Admin Agency prepares → a second, different officer checks it before it is approved.
- INAPROC (a service whose account lives at akun.inaproc.id, Magelang MGL-O): the officer verifies the documents
  and that the INAPROC account was made; the platform makes no account.
"""

from __future__ import annotations

from enum import StrEnum

from contracts.lpse import ServiceStandard


class Status(StrEnum):
    """Where an account request stands (the words the tables and the pages use)."""

    DIAJUKAN = "diajukan"
    DIKEMBALIKAN = "dikembalikan"
    DIESKALASI = "dieskalasi"
    MENUNGGU_DISPOSISI = "menunggu_disposisi"
    DIDISPOSISI = "didisposisi"
    DISIAPKAN = "disiapkan"
    DIKEMBALIKAN_KE_PEMBUAT = "dikembalikan_ke_pembuat"
    DISETUJUI = "disetujui"
    DIVERIFIKASI = "diverifikasi"
    DITOLAK = "ditolak"
    SELESAI = "selesai"


class Trigger(StrEnum):
    """What a requester, an officer or identity does to a request."""

    KLAIM = "klaim"
    LENGKAP = "lengkap"  # the Helpdesk / Front Office finds the file complete
    KEMBALIKAN = "kembalikan"  # … or returns it with what is missing
    AJUKAN_ULANG = "ajukan_ulang"  # the requester completes a returned file
    DISPOSISI = "disposisi"
    SETUJUI = "setujui"  # the officer makes the account (no second check)
    SIAPKAN = "siapkan"  # the Admin Agency prepares the account for a second check
    KONFIRMASI = "konfirmasi"  # the second officer confirms it
    KEMBALIKAN_KE_PEMBUAT = "kembalikan_ke_pembuat"  # … or finds it wrong
    TOLAK = "tolak"
    VERIFIKASI = "verifikasi"  # INAPROC: the checklist ticked
    INAPROC_TERVERIFIKASI = "inaproc_terverifikasi"  # INAPROC: the account at akun.inaproc.id verified
    AKUN_DIBUAT = "akun_dibuat"  # identity created, changed or ended the account
    AKUN_DITOLAK = "akun_ditolak"  # identity could not (e.g. the username is taken)


class Path(StrEnum):
    """Which table a service follows."""

    ESKALASI = "eskalasi"
    BERJENJANG = "berjenjang"
    INAPROC = "inaproc"


S, T = Status, Trigger
_CLAIMABLE = (S.DIAJUKAN, S.MENUNGGU_DISPOSISI, S.DIDISPOSISI, S.DISIAPKAN, S.DIKEMBALIKAN_KE_PEMBUAT)

ESKALASI: dict[tuple[Status, Trigger], Status] = {
    **{(s, T.KLAIM): s for s in (S.DIAJUKAN, S.DIESKALASI)},
    (S.DIAJUKAN, T.LENGKAP): S.DIESKALASI,
    (S.DIAJUKAN, T.KEMBALIKAN): S.DIKEMBALIKAN,
    (S.DIKEMBALIKAN, T.AJUKAN_ULANG): S.DIAJUKAN,
    (S.DIESKALASI, T.SETUJUI): S.DISETUJUI,
    (S.DIESKALASI, T.TOLAK): S.DITOLAK,
    (S.DISETUJUI, T.AKUN_DIBUAT): S.SELESAI,
    (S.DISETUJUI, T.AKUN_DITOLAK): S.DIESKALASI,
}

BERJENJANG: dict[tuple[Status, Trigger], Status] = {
    **{(s, T.KLAIM): s for s in _CLAIMABLE},
    (S.DIAJUKAN, T.LENGKAP): S.MENUNGGU_DISPOSISI,  # TMG-2 b.1 "melaporkan permohonan kepada Kabag PBJ"
    (S.DIAJUKAN, T.KEMBALIKAN): S.DIKEMBALIKAN,  # b.2
    (S.DIKEMBALIKAN, T.AJUKAN_ULANG): S.DIAJUKAN,
    (S.MENUNGGU_DISPOSISI, T.DISPOSISI): S.DIDISPOSISI,  # c
    (S.DIDISPOSISI, T.SIAPKAN): S.DISIAPKAN,  # d, e
    (S.DIKEMBALIKAN_KE_PEMBUAT, T.SIAPKAN): S.DISIAPKAN,
    (S.DISIAPKAN, T.KONFIRMASI): S.DISETUJUI,  # "dicek ulang oleh satu petugas lain sebelum disahkan"
    (S.DISIAPKAN, T.KEMBALIKAN_KE_PEMBUAT): S.DIKEMBALIKAN_KE_PEMBUAT,
    (S.DIDISPOSISI, T.TOLAK): S.DITOLAK,
    (S.DIKEMBALIKAN_KE_PEMBUAT, T.TOLAK): S.DITOLAK,
    (S.DISETUJUI, T.AKUN_DIBUAT): S.SELESAI,
    (S.DISETUJUI, T.AKUN_DITOLAK): S.DIDISPOSISI,  # the Admin Agency prepares another username
}

INAPROC: dict[tuple[Status, Trigger], Status] = {
    (S.DIAJUKAN, T.KLAIM): S.DIAJUKAN,
    (S.DIAJUKAN, T.KEMBALIKAN): S.DIKEMBALIKAN,
    (S.DIKEMBALIKAN, T.AJUKAN_ULANG): S.DIAJUKAN,
    (S.DIAJUKAN, T.VERIFIKASI): S.DIVERIFIKASI,
    (S.DIVERIFIKASI, T.INAPROC_TERVERIFIKASI): S.SELESAI,
}

TABLES: dict[Path, dict[tuple[Status, Trigger], Status]] = {
    Path.ESKALASI: ESKALASI,
    Path.BERJENJANG: BERJENJANG,
    Path.INAPROC: INAPROC,
}

STATUS_LABEL: dict[Status, str] = {
    S.DIAJUKAN: "Diajukan, menunggu pemeriksaan berkas",
    S.DIKEMBALIKAN: "Dikembalikan: berkas belum lengkap",
    S.DIESKALASI: "Berkas lengkap, diteruskan kepada petugas pembuat akun",
    S.MENUNGGU_DISPOSISI: "Berkas lengkap, menunggu disposisi Kabag PBJ",
    S.DIDISPOSISI: "Didisposisikan kepada Admin Agency",
    S.DISIAPKAN: "Akun disiapkan, menunggu pengecekan ulang petugas lain",
    S.DIKEMBALIKAN_KE_PEMBUAT: "Dikembalikan kepada pembuat akun untuk diperbaiki",
    S.DISETUJUI: "Disetujui, akun sedang dibuat",
    S.DIVERIFIKASI: "Berkas diverifikasi, menunggu verifikasi akun INAPROC",
    S.DITOLAK: "Ditolak",
    S.SELESAI: "Selesai",
}

# DPK-2a/2e "eskalasi … ke Admin Agency"; 2b (inferred in the profile) and 3a "ke Admin PPE".
OFFICER_LABEL = {
    "admin_agency": "Admin Agency",
    "admin_ppe": "Admin PPE",
    "kepala_lpse": "Kabag PBJ selaku Kepala LPSE",
}


def path_of(service: ServiceStandard) -> Path:
    """The table a service follows, from its profile: INAPROC when its account lives at akun.inaproc.id, the
    berjenjang table when its standard asks for a second officer's check (`four_eyes`), else escalation."""
    if "akun.inaproc.id" in service.description:
        return Path.INAPROC
    return Path.BERJENJANG if service.four_eyes else Path.ESKALASI


def officer_of(service: ServiceStandard) -> str:
    """Who makes the account: the Admin PPE where the procedure names it, else the Admin Agency."""
    return "admin_ppe" if any(step.actor == "Admin PPE" for step in service.procedure) else "admin_agency"
