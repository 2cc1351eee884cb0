"""Registration's use cases: one async function per thing an applicant, a staff member or a fact does.

Each loads what it decides on (under a row lock where it changes state), asks the domain, and stores the decision
with one `lpse_runtime.commit.commit`: the state, the facts in the outbox and the audit row together. Keeping what
was typed in a draft and recording an upload decide nothing and publish nothing; they are plain writes.
"""
