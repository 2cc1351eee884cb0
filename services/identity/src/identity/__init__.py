"""Staff identity: the one owner of staff accounts, their roles per LPSE and their sessions."""
