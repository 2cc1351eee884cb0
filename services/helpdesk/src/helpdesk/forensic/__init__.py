"""Uji forensik (Depok DPK-2d): a Pokja's bid files tested by the Admin PPE, escalated to LKPP and BSSN."""
