"""Which anchor a table no longer matches, and the rows between the last one it still does and that one."""

from __future__ import annotations

from datetime import UTC, datetime

from lpse_runtime.anchor import Anchor, AnchorCheck, Rewrite, first_rewrite

AT = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
A3 = Anchor(3, "a" * 64, 3, AT)
A8 = Anchor(8, "b" * 64, 8, AT)
A12 = Anchor(12, "c" * 64, 12, AT)


def test_a_table_that_still_holds_every_anchored_head_holds() -> None:
    table = {3: ("a" * 64, 3), 8: ("b" * 64, 8), 12: ("c" * 64, 12)}
    assert first_rewrite([A12, A3, A8], table) is None


def test_the_first_anchor_not_matched_bounds_the_rewrite_from_the_last_one_matched() -> None:
    table = {3: ("a" * 64, 3), 8: ("d" * 64, 8), 12: ("e" * 64, 12)}
    assert first_rewrite([A3, A8, A12], table) == Rewrite(A8, "d" * 64, 8, 3)


def test_a_deleted_row_shows_in_the_count_even_when_the_head_was_rehashed_to_match() -> None:
    table = {3: ("a" * 64, 3), 8: ("b" * 64, 7)}
    assert first_rewrite([A3, A8], table) == Rewrite(A8, "b" * 64, 7, 3)


def test_a_head_no_longer_in_the_table_is_a_rewrite_with_nothing_found() -> None:
    assert first_rewrite([A3], {}) == Rewrite(A3, None, 0, 0)


def test_the_operators_line_says_where() -> None:
    check = AnchorCheck("helpdesk.audit_log", 3, A12, Rewrite(A8, "d" * 64, 8, 3))
    assert check.describe() == (
        f"helpdesk.audit_log: ditulis ulang setelah jangkar pada id 8: jangkar mencatat hash {'b' * 64} (8 baris), "
        f"tabel kini hash {'d' * 64} (8 baris); perubahan di antara baris id 4 dan 8"
    )
    assert AnchorCheck("helpdesk.audit_log", 0, None, None).describe() == "helpdesk.audit_log: belum ada jangkar di bus"
