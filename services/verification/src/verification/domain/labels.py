"""The case's words as staff read them in the console: statuses and the buttons that move a case."""

from __future__ import annotations

from contracts.lpse import VerificationMode
from verification.domain.case import CaseStatus, Trigger

STATUS_LABEL: dict[CaseStatus, str] = {
    CaseStatus.AWAITING_VISIT: "Menunggu kedatangan pemohon di loket",
    CaseStatus.CHECKED_IN: "Pemohon sudah datang, berkas belum diserahkan",
    CaseStatus.QUEUED: "Menunggu verifikator",
    CaseStatus.IN_REVIEW: "Sedang diverifikasi",
    CaseStatus.RETURNED: "Berkas dikembalikan kepada pemohon",
    CaseStatus.AWAITING_CONFIRMATION: "Terverifikasi, menunggu konfirmasi petugas kedua",
    CaseStatus.REJECTED: "Ditolak",
    CaseStatus.ACTIVATED: "Disetujui, akun aktif",
}

COUNTER_QUEUED_LABEL = "Berkas diterima di loket, menunggu verifikator"


def status_label(status: CaseStatus, mode: VerificationMode | None) -> str:
    """The step a case waits on, as staff read it in the queue: a counter case in the queue has its file here."""
    return COUNTER_QUEUED_LABEL if status is CaseStatus.QUEUED and mode == "loket" else STATUS_LABEL[status]


# What staff call each action: the console's button labels, so a refusal names the button that was pressed.
TRIGGER_LABEL: dict[Trigger, str] = {
    Trigger.CHECK_IN: "Catat kedatangan",
    Trigger.HAND_OVER: "Terima berkas",
    Trigger.CLAIM: "Klaim kasus",
    Trigger.RELEASE: "Lepaskan",
    Trigger.REASSIGN: "Alihkan",
    Trigger.RETURN: "Kembalikan berkas",
    Trigger.RESUME: "Lanjutkan verifikasi",
    Trigger.REJECT: "Tolak permohonan",
    Trigger.RESUBMIT: "Kirim dokumen yang diminta",
    Trigger.APPROVE: "Setujui dan aktifkan akun",
    Trigger.VERIFY: "Verifikasi dan teruskan ke petugas kedua",
    Trigger.CONFIRM: "Konfirmasi dan aktifkan akun",
}
