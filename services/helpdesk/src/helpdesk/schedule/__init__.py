"""Ubah jadwal (Depok DPK-2c): a Pokja asks to move a tender's upload deadline or bid opening; the Helpdesk
checks the signed form, the Admin PPE changes the schedule in SPSE."""
