"""Requests for internal accounts and auditor access (Depok DPK-2a/2b/2e/3a, Temanggung TMG-2, Magelang MGL-O)."""
