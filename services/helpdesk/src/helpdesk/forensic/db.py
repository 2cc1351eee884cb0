"""All of the forensic tests' SQL: the case, its files, LKPP's and BSSN's word, the report number and the custody
rows of the audit log."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from contracts.forensic import ExternalParty, ForensicFile
from helpdesk.forensic.domain import ENTITY, PARTIES, ForensicCase, Status


@dataclass(frozen=True)
class NewCase:
    """What a filed request stores beside the machine's view."""

    submission_key: uuid.UUID
    status_digest: str
    channel: str
    filed_by: str | None
    recorded_by: str | None
    requester_name: str
    requester_nip: str
    description: str


async def find_by_submission_key(conn: asyncpg.Connection, key: uuid.UUID) -> asyncpg.Record | None:
    """The request a form submission already created, if any."""
    return await conn.fetchrow("SELECT id, reference FROM forensic_tests WHERE submission_key = $1", key)


async def insert_case(conn: asyncpg.Connection, c: ForensicCase, new: NewCase, at: datetime) -> None:
    """Store a filed request."""
    await conn.execute(
        """INSERT INTO forensic_tests (id, lpse, reference, submission_key, status_digest, service_id, status,
               channel, filed_by, recorded_by, requester_name, requester_nip, requester_email, tender_id,
               tender_name, description, filed_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)""",
        c.id,
        c.lpse,
        c.reference,
        new.submission_key,
        new.status_digest,
        c.service_id,
        c.status.value,
        new.channel,
        new.filed_by,
        new.recorded_by,
        new.requester_name,
        new.requester_nip,
        c.requester_email,
        c.tender_id,
        c.tender_name,
        new.description,
        at,
    )


async def insert_file(
    conn: asyncpg.Connection, test_id: uuid.UUID, seq: int, role: str, f: ForensicFile, obj: str, at: datetime
) -> None:
    """Record a received file and where its bytes are."""
    await conn.execute(
        """INSERT INTO forensic_files (test_id, seq, role, name, size, sha256, object_name, received_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
        test_id,
        seq,
        role,
        f.name,
        f.size,
        f.sha256,
        obj,
        at,
    )


async def files(conn: asyncpg.Connection, test_id: uuid.UUID) -> list[asyncpg.Record]:
    """A case's files (the form and the files under test), in the order received."""
    return list(await conn.fetch("SELECT * FROM forensic_files WHERE test_id = $1 ORDER BY seq", test_id))


async def next_seq(conn: asyncpg.Connection, test_id: uuid.UUID) -> int:
    """The next file's place in the case."""
    return int(await conn.fetchval("SELECT coalesce(max(seq), 0) + 1 FROM forensic_files WHERE test_id = $1", test_id))


def under_test(rows: list[asyncpg.Record], since: datetime | None = None) -> tuple[ForensicFile, ...]:
    """The files under test (not the form), those received since an instant when asked."""
    return tuple(
        ForensicFile(name=r["name"], sha256=r["sha256"], size=r["size"])
        for r in rows
        if r["role"] == "berkas" and (since is None or r["received_at"] >= since)
    )


async def parties(conn: asyncpg.Connection, test_id: uuid.UUID) -> list[asyncpg.Record]:
    """LKPP's and BSSN's rows of a case."""
    return list(await conn.fetch("SELECT * FROM forensic_parties WHERE test_id = $1 ORDER BY party", test_id))


def case_of(row: asyncpg.Record, file_rows: list[asyncpg.Record], party_rows: list[asyncpg.Record]) -> ForensicCase:
    """The machine's view of a stored case."""
    answered = {r["party"] for r in party_rows if r["state"] == "dijawab"}
    return ForensicCase(
        id=row["id"],
        lpse=row["lpse"],
        reference=row["reference"],
        service_id=row["service_id"],
        tender_id=row["tender_id"],
        tender_name=row["tender_name"],
        status=Status(row["status"]),
        files=under_test(file_rows),
        requester_email=row["requester_email"],
        holder=row["holder"],
        held_until=row["held_until"],
        trial_outcome=row["trial_outcome"],
        answered=tuple(p for p in PARTIES if p in answered),
        missing=tuple(row["missing"]),
    )


async def lock(conn: asyncpg.Connection, test_id: uuid.UUID) -> asyncpg.Record | None:
    """A case, locked for a decision."""
    return await conn.fetchrow("SELECT * FROM forensic_tests WHERE id = $1 FOR UPDATE", test_id)


async def by_id(conn: asyncpg.Connection, test_id: uuid.UUID) -> asyncpg.Record | None:
    """A case."""
    return await conn.fetchrow("SELECT * FROM forensic_tests WHERE id = $1", test_id)


async def by_digest(conn: asyncpg.Connection, digest: str) -> asyncpg.Record | None:
    """The case whose status page token has this digest."""
    return await conn.fetchrow("SELECT * FROM forensic_tests WHERE status_digest = $1", digest)


async def save(conn: asyncpg.Connection, c: ForensicCase, at: datetime) -> None:
    """Save a case after a decision."""
    await conn.execute(
        """UPDATE forensic_tests SET status = $2, holder = $3, held_until = $4, missing = $5, trial_outcome = $6,
               updated_at = $7 WHERE id = $1""",
        c.id,
        c.status.value,
        c.holder,
        c.held_until,
        list(c.missing),
        c.trial_outcome,
        at,
    )


# One statement per text column: the column is never spliced from a caller's string.
TEXT_UPDATES = {
    column: f"UPDATE forensic_tests SET {column} = $2 WHERE id = $1"
    for column in ("return_note", "trial_note", "external_note", "refusal", "result")
}


async def save_text(conn: asyncpg.Connection, test_id: uuid.UUID, column: str, text: str) -> None:
    """Keep a text a step carried (the return note, the trial, the note for LKPP and BSSN, a refusal, the result)."""
    await conn.execute(TEXT_UPDATES[column], test_id, text)


async def set_party(
    conn: asyncpg.Connection,
    test_id: uuid.UUID,
    party: ExternalParty,
    state: str,
    at: datetime,
    *,
    external_ref: str | None = None,
    finding: str = "",
    refusal: str = "",
) -> None:
    """Record where a party stands on the case (sent, accepted, answered, refused)."""
    await conn.execute(
        """INSERT INTO forensic_parties (test_id, party, state, external_ref, finding, refusal, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (test_id, party) DO UPDATE SET state = $3,
               external_ref = coalesce($4, forensic_parties.external_ref), finding = $5, refusal = $6, at = $7""",
        test_id,
        party,
        state,
        external_ref,
        finding,
        refusal,
        at,
    )


async def clear_parties(conn: asyncpg.Connection, test_id: uuid.UUID) -> None:
    """Forget a previous escalation's answers (a new one is being sent)."""
    await conn.execute("DELETE FROM forensic_parties WHERE test_id = $1", test_id)


async def next_report_seq(conn: asyncpg.Connection, lpse: str, year: int) -> int:
    """The next berita acara number of the LPSE this year (gapless: counted under the row's lock)."""
    return int(
        await conn.fetchval(
            """INSERT INTO forensic_report_numbers (lpse, year, last) VALUES ($1, $2, 1)
               ON CONFLICT (lpse, year) DO UPDATE SET last = forensic_report_numbers.last + 1 RETURNING last""",
            lpse,
            year,
        )
    )


async def save_report(conn: asyncpg.Connection, test_id: uuid.UUID, number: str, name: str, sha256: str) -> None:
    """Keep the issued report's number, file name and digest."""
    await conn.execute(
        "UPDATE forensic_tests SET report_number = $2, report_name = $3, report_sha256 = $4 WHERE id = $1",
        test_id,
        number,
        name,
        sha256,
    )


async def save_clock(
    conn: asyncpg.Connection,
    test_id: uuid.UUID,
    *,
    started_at: datetime | None,
    due_at: datetime | None,
    stopped_at: datetime | None,
) -> None:
    """The local clock's instants after a start or a stop."""
    await conn.execute(
        """UPDATE forensic_tests SET clock_started_at = $2, clock_due_at = $3, clock_stopped_at = $4,
               clock_breached_at = CASE WHEN $4::timestamptz IS NULL THEN NULL ELSE clock_breached_at END
           WHERE id = $1""",
        test_id,
        started_at,
        due_at,
        stopped_at,
    )


async def mark_breached(conn: asyncpg.Connection, test_id: uuid.UUID, at: datetime) -> None:
    """Record that the local 30 minutes passed."""
    await conn.execute("UPDATE forensic_tests SET clock_breached_at = $2 WHERE id = $1", test_id, at)


async def queue(conn: asyncpg.Connection, lpse: str) -> list[asyncpg.Record]:
    """The LPSE's requests: open first, nearest running deadline, oldest (a desk of tens)."""
    return list(
        await conn.fetch(
            """SELECT * FROM forensic_tests WHERE lpse = $1
               ORDER BY status IN ('selesai', 'ditolak'), clock_due_at NULLS LAST, filed_at LIMIT 200""",
            lpse,
        )
    )


async def filed_by(conn: asyncpg.Connection, username: str) -> list[asyncpg.Record]:
    """A Pokja's own requests, newest first."""
    return list(
        await conn.fetch("SELECT * FROM forensic_tests WHERE filed_by = $1 ORDER BY filed_at DESC LIMIT 200", username)
    )


async def of_tenders(conn: asyncpg.Connection, lpse: str, tenders: list[str]) -> list[asyncpg.Record]:
    """The LPSE's requests about these tenders (an auditor's scope)."""
    return list(
        await conn.fetch(
            "SELECT * FROM forensic_tests WHERE lpse = $1 AND tender_id = ANY($2) ORDER BY filed_at DESC LIMIT 200",
            lpse,
            tenders,
        )
    )


async def custody(conn: asyncpg.Connection, test_id: uuid.UUID) -> list[asyncpg.Record]:
    """The case's audit rows, oldest first: every step, upload, download and hand-over (the chain of custody)."""
    return list(
        await conn.fetch(
            """SELECT at, actor_id, actor_role, action, before, after, reason FROM audit_log
               WHERE entity = $1 AND entity_id = $2 ORDER BY id""",
            ENTITY,
            str(test_id),
        )
    )


async def add_step(
    conn: asyncpg.Connection, test_id: uuid.UUID, what: str, actor_id: str, actor_name: str, at: datetime
) -> None:
    """Keep a step as the berita acara lists it: by the staff member's full name in identity's directory, else the
    name given (the session's display name, or LKPP / BSSN)."""
    await conn.execute(
        """INSERT INTO forensic_steps (test_id, what, actor_id, actor_name, at)
           VALUES ($1, $2, $3, coalesce(identity.staff_full_name($3), $4), $5)""",
        test_id,
        what,
        actor_id,
        actor_name,
        at,
    )


async def full_name(conn: asyncpg.Connection, username: str, fallback: str) -> str:
    """A staff member's full name from identity's directory (for the signature line)."""
    return str(await conn.fetchval("SELECT coalesce(identity.staff_full_name($1), $2)", username, fallback))


async def steps(conn: asyncpg.Connection, test_id: uuid.UUID) -> list[asyncpg.Record]:
    """A case's steps, oldest first."""
    return list(await conn.fetch("SELECT * FROM forensic_steps WHERE test_id = $1 ORDER BY id", test_id))
