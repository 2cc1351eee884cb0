"""A body past the limit is refused before it is read, with its real size; one under it reaches the form."""

from __future__ import annotations

from typing import Any

from starlette.types import Message

from registration.app import create_app
from registration.settings import Settings

MB = 1024 * 1024
BROWSER = [(b"accept", b"text/html"), (b"host", b"lpse.test")]
PART = b'--x\r\nContent-Disposition: form-data; name="doc_ktp"; filename="ktp.pdf"\r\n\r\n%PDF-1.4\n'


class Upload:
    """A client sending `size` bytes in 64 KiB chunks, counting what the server took of them."""

    def __init__(self, size: int, *, declared: bool = True) -> None:
        self.size, self.taken, self.declared = size, 0, declared
        self.sent: list[Message] = []

    def scope(self, path: str) -> dict[str, Any]:
        headers = [*BROWSER, (b"content-type", b"multipart/form-data; boundary=x")]
        if self.declared:
            headers.append((b"content-length", str(self.size).encode()))
        return {
            "type": "http",
            "method": "POST",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": headers,
            "scheme": "http",
            "server": ("lpse.test", 80),
            "client": ("127.0.0.1", 1),
            "http_version": "1.1",
            "root_path": "",
        }

    async def receive(self) -> Message:
        chunk = min(64 * 1024, self.size - self.taken)
        body = (PART if self.taken == 0 else b"") + b"\x00" * chunk
        self.taken += chunk
        return {"type": "http.request", "body": body[:chunk], "more_body": self.taken < self.size}

    async def send(self, message: Message) -> None:
        self.sent.append(message)

    def answer(self) -> tuple[int, str]:
        body = b"".join(m.get("body", b"") for m in self.sent if m["type"] == "http.response.body")
        return self.sent[0]["status"], body.decode()


def app() -> Any:
    return create_app(Settings(database_url="postgresql://unused@127.0.0.1/unused"))


async def test_a_100_mb_upload_is_refused_by_its_declared_size_before_a_byte_is_read() -> None:
    upload = Upload(100 * MB)
    await app()(upload.scope("/daftar/draf/sometoken"), upload.receive, upload.send)
    status, page = upload.answer()
    assert status == 413 and upload.taken == 0
    assert "Berkas 100,0 MB melebihi batas 16 MB sekali kirim (tiap berkas paling besar 5 MB)." in page
    assert 'href="/daftar/"' in page and "Berkas terlalu besar" in page


async def test_an_undeclared_body_is_cut_off_as_soon_as_it_passes_the_limit() -> None:
    upload = Upload(100 * MB, declared=False)
    await app()(upload.scope("/daftar/status/sometoken/lengkapi"), upload.receive, upload.send)
    status, page = upload.answer()
    assert status == 413 and upload.taken <= 16 * MB + 64 * 1024
    assert "Berkas yang dikirim melebihi batas 16 MB sekali kirim (tiap berkas paling besar 5 MB)." in page
