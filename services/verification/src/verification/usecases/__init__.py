"""What staff and handlers do to a case, one async function each: load under lock, decide, commit once.

`desk` (what the use cases work with), `case_actions` (the console's buttons and the checklist), `approval` (the
receipt rendered before the transaction, the account created in it), `intake` (a case opened, resubmitted, a
deadline due), `views` (what the console's pages read).
"""
