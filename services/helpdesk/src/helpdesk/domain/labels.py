"""What people read: Indonesian labels of statuses, steps and levels (the level labels come from the profile)."""

from __future__ import annotations

from contracts.helpdesk import ReporterRole, TicketCategory, TicketLevel
from contracts.lpse import HelpdeskRules, LadderStep
from helpdesk.domain.ticket import TicketStatus, Trigger

STATUS_LABEL: dict[TicketStatus, str] = {
    TicketStatus.QUEUED: "Menunggu ditangani",
    TicketStatus.IN_PROGRESS: "Sedang ditangani",
    TicketStatus.INFO_REQUESTED: "Menunggu informasi dari pelapor",
    TicketStatus.AT_LKPP: "Di Helpdesk LKPP",
    TicketStatus.LKPP_ANSWERED: "Jawaban LKPP diterima, menunggu helpdesk",
    TicketStatus.RESOLVED: "Selesai",
    TicketStatus.CLOSED: "Ditutup",
    TicketStatus.RATED: "Ditutup dan dinilai",
}

TRIGGER_LABEL: dict[Trigger, str] = {
    Trigger.OPEN: "Buat laporan",
    Trigger.CLAIM: "Klaim",
    Trigger.RELEASE: "Lepas",
    Trigger.REPLY: "Balas pelapor",
    Trigger.NOTE: "Tambah catatan internal",
    Trigger.REQUEST_INFO: "Minta informasi tambahan",
    Trigger.REPORTER_REPLY: "Kirim balasan",
    Trigger.ESCALATE: "Eskalasi",
    Trigger.FORWARD_TO_LKPP: "Eskalasi ke LKPP",
    Trigger.LKPP_ANSWER: "Catat jawaban LKPP",
    Trigger.RESOLVE: "Tandai selesai",
    Trigger.REOPEN: "Buka kembali laporan",
    Trigger.CLOSE: "Tutup tiket",
    Trigger.RATE: "Beri penilaian",
}

TRAIL_WORDS: dict[Trigger, str] = {
    Trigger.OPEN: "membuat laporan",
    Trigger.CLAIM: "mengklaim tiket",
    Trigger.RELEASE: "melepas tiket",
    Trigger.REPLY: "membalas pelapor",
    Trigger.NOTE: "menambah catatan internal",
    Trigger.REQUEST_INFO: "meminta informasi tambahan",
    Trigger.REPORTER_REPLY: "pelapor mengirim balasan",
    Trigger.ESCALATE: "mengeskalasi tiket",
    Trigger.FORWARD_TO_LKPP: "meneruskan tiket ke LKPP",
    Trigger.LKPP_ANSWER: "mencatat jawaban LKPP",
    Trigger.RESOLVE: "menandai tiket selesai",
    Trigger.REOPEN: "membuka kembali laporan",
    Trigger.CLOSE: "menutup tiket",
    Trigger.RATE: "memberi penilaian",
}

LEVEL_DEFAULT_LABEL: dict[str, str] = {"helpdesk": "Helpdesk LPSE", "admin_ppe": "Admin PPE", "lkpp": "Helpdesk LKPP"}

REPORTER_ROLE_LABEL: dict[ReporterRole, str] = {
    "penyedia": "Penyedia",
    "ppk": "PPK",
    "pokja": "Pokja Pemilihan",
    "pp": "Pejabat Pengadaan",
}

CHANNEL_LABEL: dict[str, str] = {
    "web": "Formulir daring",
    "datang_langsung": "Datang langsung",
    "email": "Email",
    "aplikasi": "Aplikasi (LPSE Support)",
    "whatsapp": "WhatsApp",
    "telepon": "Telepon",
    "surat": "Surat",
}

LKPP_RESULT_LABEL: dict[str, str] = {"selesai": "Diselesaikan LKPP", "dikembalikan": "Dikembalikan LKPP ke LPSE"}

CLOSE_REASON_LABEL: dict[str, str] = {
    "selesai": "Masalah selesai",
    "duplikat": "Duplikat laporan lain",
    "di_luar_layanan": "Di luar layanan helpdesk",
    "tidak_ada_tanggapan": "Pelapor tidak menanggapi",
    "batas_buka_kembali": "Batas membuka kembali telah lewat",
}


def status_label(status: TicketStatus) -> str:
    """'Sedang ditangani'."""
    return STATUS_LABEL[status]


def trigger_label(trigger: Trigger) -> str:
    """'Minta informasi tambahan'."""
    return TRIGGER_LABEL[trigger]


def level_label(rules: HelpdeskRules, category: TicketCategory | str, level: TicketLevel) -> str:
    """The level as the LPSE's standard names it ('Admin Sistem' in Banjarmasin)."""
    step = _step(rules.ladder_for(category), level) or _step(rules.ladder, level)
    return step.label if step is not None else LEVEL_DEFAULT_LABEL[level]


def _step(ladder: tuple[LadderStep, ...], level: str) -> LadderStep | None:
    return next((s for s in ladder if s.level == level), None)


def category_label(rules: HelpdeskRules, category: TicketCategory | str) -> str:
    """The category as the LPSE's intake names it."""
    rule = rules.category(category)
    return rule.label if rule is not None else str(category)
