"""The runtime's pure parts: audit chain digests, retry delays, references, service URLs."""

from __future__ import annotations

from datetime import UTC, datetime

from contracts.envelope import Actor
from contracts.streams import ConsumerSpec
from lpse_runtime.audit import GENESIS, AuditEntry
from lpse_runtime.db import split_search_path
from lpse_runtime.migrate import service_url
from lpse_runtime.references import new_reference

ENTRY = AuditEntry(
    at=datetime(2026, 11, 25, tzinfo=UTC),
    actor=Actor(id="v", role="verifikator"),
    entity="case",
    entity_id="1",
    action="claim",
    before="queued",
    after="in_review",
)


def test_audit_digest_covers_content_and_previous_hash() -> None:
    first = ENTRY.digest(GENESIS)
    assert first != ENTRY.digest("f" * 64)
    changed = AuditEntry(**{**ENTRY.__dict__, "after": "activated"})
    assert changed.digest(GENESIS) != first


def test_retry_delay_follows_the_backoff_and_stays_at_its_last_step() -> None:
    spec = ConsumerSpec(
        durable="notifier-from-verification", stream="VERIFICATION", filter_subjects=("x",), backoff_seconds=(1, 5, 30)
    )
    assert [spec.delay_after(n) for n in (1, 2, 3, 4, 10)] == [1, 5, 30, 30, 30]


def test_reference_is_readable_and_stable_for_the_same_entropy() -> None:
    now = datetime(2026, 11, 25, tzinfo=UTC)
    ref = new_reference("DPK", now, b"\x01\x02\x03\x04\x05")
    assert ref.startswith("DPK-2611-") and len(ref) == len("DPK-2611-") + 6
    assert ref == new_reference("DPK", now, b"\x01\x02\x03\x04\x05")
    assert new_reference("DPK", now, b"\x00" * 5, prefix="TIK").startswith("TIK-DPK-")


def test_service_url_logs_in_as_the_role_on_its_schema() -> None:
    url = service_url("postgresql://postgres:pw@127.0.0.1:5433/lpse", "registration", "s3cr3t")
    assert url == "postgresql://registration:s3cr3t@127.0.0.1:5433/lpse?search_path=registration&sslmode=disable"
    dsn, path = split_search_path(url)
    assert path == "registration" and "search_path" not in dsn
