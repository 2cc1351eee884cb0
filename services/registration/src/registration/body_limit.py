"""The service's own limit on a request body: refused by its declared size before a byte is read, or as soon as
the bytes counted pass the limit, with the real size in the message (the front door has the same limit)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lpse_runtime.errors import ErrorText, error_page
from lpse_runtime.security import DRAIN_LIMIT, security_headers
from registration.documents import megabytes

# What the runtime drains of a body it answers without reading: past it, the answer could arrive without its body.
REQUEST_LIMIT = DRAIN_LIMIT
TOO_LARGE = ErrorText(
    "Berkas terlalu besar",
    "Perkecil berkasnya (misalnya pindai ulang dengan resolusi lebih rendah), atau unggah beberapa berkas lebih "
    "dulu lalu simpan draf. Tidak ada yang tersimpan dari kiriman ini.",
)


def whole_megabytes(size: int) -> str:
    """A limit as people read it: '5 MB'."""
    return f"{size // 1048576} MB"


def too_large(size: int | None, limit: int, per_file: int) -> str:
    """'Berkas 100,0 MB melebihi batas 16 MB sekali kirim (tiap berkas paling besar 5 MB).'"""
    sent = f"Berkas {megabytes(size)}" if size is not None else "Berkas yang dikirim"
    return (
        f"{sent} melebihi batas {whole_megabytes(limit)} sekali kirim "
        f"(tiap berkas paling besar {whole_megabytes(per_file)})."
    )


def declared_size(scope: Scope) -> int | None:
    """The body size the request announces, if it does (and sensibly)."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


class BodyLimit:
    """ASGI middleware: no request body past `limit` is read; the person gets the Indonesian 413 page."""

    def __init__(self, app: ASGIApp, *, limit: int = REQUEST_LIMIT, per_file: int) -> None:
        self.app = app
        self.limit = limit
        self.per_file = per_file

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = declared_size(scope)
        if declared is not None and declared > self.limit:
            await self.refuse(scope, send, declared)
            return
        state = {"read": 0, "over": False}

        async def counted() -> Message:
            if state["over"]:
                return {"type": "http.disconnect"}
            message = await receive()
            state["read"] += len(message.get("body", b""))
            if state["read"] > self.limit:
                state["over"] = True  # the app sees the client leave; what it answers is replaced by the 413
                return {"type": "http.disconnect"}
            return message

        async def unless_over(message: Message) -> None:
            if not state["over"]:
                await send(message)

        try:
            await self.app(scope, counted, unless_over)
        except Exception:
            if not state["over"]:
                raise
        if state["over"]:
            await self.refuse(scope, send, None)

    async def refuse(self, scope: Scope, send: Send, size: int | None) -> None:
        """The 413 page; the connection closes after it, the rest of the body unread."""
        page = error_page(Request(scope), 413, too_large(size, self.limit, self.per_file), TOO_LARGE)
        page.headers["Connection"] = "close"
        for name, value in security_headers("", https=scope.get("scheme") == "https"):  # it answers outside them
            page.headers[name.decode()] = value.decode()

        async def nothing_more() -> Message:
            return {"type": "http.disconnect"}

        await page(scope, nothing_more, send)
