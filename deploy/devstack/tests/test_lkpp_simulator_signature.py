"""The LKPP simulator signs its answers the way LKPP does (HMAC-SHA256 of the exact body, README "Agregasi"),
checked against a signature computed with OpenSSL rather than with the function both sides share."""

from __future__ import annotations

import httpx

from devstack.lkpp import post_answer

ANSWER: dict[str, object] = {
    "request_ref": "ADP-BJM-2612-KAT001-01",
    "result": "aggregated",
    "lkpp_ref": "LKPP-0A1B2C3D",
}
SENT_BODY = b'{"request_ref": "ADP-BJM-2612-KAT001-01", "result": "aggregated", "lkpp_ref": "LKPP-0A1B2C3D"}'
# printf '%s' '{"request_ref": "ADP-BJM-2612-KAT001-01", "result": "aggregated", "lkpp_ref": "LKPP-0A1B2C3D"}' \
#   | openssl dgst -sha256 -hmac 'rahasia-lkpp-dev'
SIGNATURE = "cf0885b16b859065c8790abdfbad6e6ed91aaa7262e622f6fc7f511cf78fef47"


async def test_the_simulator_posts_the_body_with_its_openssl_hmac_sha256() -> None:
    received: list[httpx.Request] = []

    def callback(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(200, json={"status": "aggregated"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(callback)) as client:
        await post_answer(client, "http://verification/akun/lkpp/adp/callback", "rahasia-lkpp-dev", ANSWER)
    (request,) = received
    assert request.content == SENT_BODY
    assert request.headers["x-lkpp-signature"] == SIGNATURE
