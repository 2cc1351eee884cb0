"""The one staff button *Eskalasi ke {next}* climbs each LPSE's ladder as its standard names it (std §7.1–7.3):
to the next local desk, or forwarded to LKPP, or nowhere (Magelang); the expected ladders are written out here."""

from __future__ import annotations

import pytest

from helpdesk.domain import Trigger
from helpdesk.domain.ladder import escalation_label, escalation_trigger, next_step
from services.helpdesk.tests.unit.ticket_kit import PROFILES

# (LPSE, category, level) → (button label, what the button does)
EXPECTED = [
    # DPK-1c (std §7.1): "AKAN DIESKALASI KE LKPP", straight from the Helpdesk.
    ("depok", "masalah_spse", "helpdesk", "Eskalasi ke LKPP", Trigger.FORWARD_TO_LKPP),
    # DPK-2c (std §9.1): Helpdesk → Admin PPE, and no further.
    ("depok", "ubah_jadwal", "helpdesk", "Eskalasi ke Admin PPE", Trigger.ESCALATE),
    ("depok", "ubah_jadwal", "admin_ppe", None, Trigger.ESCALATE),
    # DPK-2d (std §9.2): Helpdesk → Admin PPE → LKPP (and BSSN).
    ("depok", "uji_forensik", "admin_ppe", "Eskalasi ke LKPP dan BSSN", Trigger.FORWARD_TO_LKPP),
    # BJM-7 steps 3–6 (std §7.2): Helpdesk → Admin Sistem → Helpdesk LKPP.
    ("banjarmasin", "masalah_spse", "helpdesk", "Eskalasi ke Admin Sistem", Trigger.ESCALATE),
    ("banjarmasin", "masalah_spse", "admin_ppe", "Eskalasi ke Helpdesk LKPP", Trigger.FORWARD_TO_LKPP),
    # TMG-9 b.2, c.2 (std §7.3): Helpdesk LPSE → Admin PPE → Helpdesk LKPP.
    ("temanggung", "akun_penyedia", "helpdesk", "Eskalasi ke Admin PPE", Trigger.ESCALATE),
    ("temanggung", "akun_penyedia", "admin_ppe", "Eskalasi ke Helpdesk LKPP", Trigger.FORWARD_TO_LKPP),
    # Magelang [000] (std §3): no ladder.
    ("magelang", "masalah_spse", "helpdesk", None, Trigger.ESCALATE),
]


@pytest.mark.parametrize(("lpse", "category", "level", "label", "trigger"), EXPECTED)
def test_the_escalation_button_goes_where_the_standard_says(
    lpse: str, category: str, level: str, label: str | None, trigger: Trigger
) -> None:
    ladder = PROFILES[lpse].helpdesk.ladder_for(category)
    assert escalation_label(ladder, level) == label  # type: ignore[arg-type]
    assert escalation_trigger(ladder, level) is trigger  # type: ignore[arg-type]


def test_lkpp_is_the_top_of_every_ladder_that_reaches_it() -> None:
    for lpse in ("depok", "banjarmasin", "temanggung"):
        assert next_step(PROFILES[lpse].helpdesk.ladder, "lkpp") is None
