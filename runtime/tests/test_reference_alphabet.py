"""Case references as the README states them: `<LPSE>-<yymm>-<6 Crockford base-32>`, safe to read out on the phone.

Crockford's base-32 (https://www.crockford.com/base32.html) writes the values 0 to 31 with the digits and the letters
without I, L, O and U, which are confused with 1, 1, 0 and V, or read as words.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

import pytest

from lpse_runtime.references import new_reference

NOW = datetime(2026, 11, 25, 3, tzinfo=UTC)
CROCKFORD_SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # value 0..31, from Crockford's table
REFERENCE = re.compile(r"^DPK-2611-[0-9A-HJKMNP-TV-Z]{6}$")


def entropy_with_every_symbol(value: int) -> bytes:
    """Five bytes whose six 5-bit groups (the lowest 30 bits) all hold the same value."""
    return sum(value << (5 * i) for i in range(6)).to_bytes(5, "big")


@pytest.mark.parametrize(("value", "symbol"), list(enumerate(CROCKFORD_SYMBOLS)))
def test_each_value_is_written_with_its_crockford_symbol(value: int, symbol: str) -> None:
    assert new_reference("DPK", NOW, entropy_with_every_symbol(value)) == f"DPK-2611-{symbol * 6}"


def test_known_references_for_fixed_entropy() -> None:
    # 0x0102030405: 5-bit groups from the lowest are 5, 0, 1, 6, 0, 1; 0xFEDCBA9876: 22, 3, 6, 21, 11, 14.
    assert new_reference("DPK", NOW, bytes.fromhex("0102030405")) == "DPK-2611-501601"
    assert new_reference("DPK", NOW, bytes.fromhex("fedcba9876")) == "DPK-2611-P36NBE"
    assert new_reference("DPK", NOW, bytes.fromhex("0102030405"), prefix="TIK") == "TIK-DPK-2611-501601"


def test_many_references_use_only_the_readable_symbols() -> None:
    references = [new_reference("DPK", NOW, secrets.token_bytes(5)) for _ in range(5000)]
    assert all(REFERENCE.match(ref) for ref in references), [r for r in references if not REFERENCE.match(r)][:5]
    used = {symbol for ref in references for symbol in ref[-6:]}
    assert used.isdisjoint("ILOU")
    assert used == set(CROCKFORD_SYMBOLS), "5,000 draws use each of the 32 symbols"
