"""Known answers for the shared digests, computed independently with OpenSSL (`openssl dgst -sha256 [-hmac KEY]`)."""

from __future__ import annotations

from contracts.digests import lkpp_signature, lkpp_signature_valid, token_digest

CALLBACK_BODY = b'{"reference":"REG-1","status":"aggregated"}'


def test_lkpp_signature_matches_openssl_hmac_sha256() -> None:
    # printf '{"reference":"REG-1","status":"aggregated"}' | openssl dgst -sha256 -hmac 'rahasia-lkpp-dev'
    assert lkpp_signature("rahasia-lkpp-dev", CALLBACK_BODY) == (
        "7b1b0dfccbf3abb76b6a62dabe06065917dc6e87c28e69521b19785a0410d206"
    )


def test_lkpp_signature_is_checked_against_key_body_and_presence() -> None:
    good = "7b1b0dfccbf3abb76b6a62dabe06065917dc6e87c28e69521b19785a0410d206"
    assert lkpp_signature_valid("rahasia-lkpp-dev", CALLBACK_BODY, good)
    assert not lkpp_signature_valid("rahasia-lain", CALLBACK_BODY, good)
    assert not lkpp_signature_valid("rahasia-lkpp-dev", CALLBACK_BODY + b" ", good)
    assert not lkpp_signature_valid("rahasia-lkpp-dev", CALLBACK_BODY, good.upper()[:-1])
    assert not lkpp_signature_valid("rahasia-lkpp-dev", CALLBACK_BODY, "")


def test_token_digest_matches_openssl_sha256_of_the_utf8_text() -> None:
    # printf 'tautan-sekali-pakai' | openssl dgst -sha256
    assert token_digest("tautan-sekali-pakai") == "98f64466eb94ec73e195347d8533af917ae66569b14b143705cc9ece4f007ed6"
    # printf 'token Ünïcode' | openssl dgst -sha256  (UTF-8 bytes)
    assert token_digest("token Ünïcode") == "1852b0b68016e31f5bd755a1b0f9f5ccb3ff4665de046e5a02d36d164a34edc4"
