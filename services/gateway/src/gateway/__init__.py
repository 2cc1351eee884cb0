"""The gateway to LKPP and BSSN: what the helpdesk escalates, forwarded once to each party, durably; their answers."""
