"""An idle pull fetch ends in `nats.errors.TimeoutError` again, the signal FastStream's pull loop waits for.

nats-py 2.15+ (`_fetch_n`, nats.py PR #934) raises a bare `asyncio.TimeoutError` when the no-wait probe of a
batch fetch uses up the whole deadline, which is what an idle consumer does every `PullSub.timeout` seconds.
FastStream only suppresses `nats.errors.TimeoutError`, so its consume task died, was restarted by its supervisor
and logged an ERROR with a traceback at every service start. The upstream fix (nats.py PR #1008) is not
released; drop this module once the locked nats-py raises the documented type.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

import nats.errors
from nats.aio.msg import Msg
from nats.js.client import JetStreamContext

_MARK = "_lpse_timeout_contract"

Fetch = Callable[..., Awaitable[list[Msg]]]


def with_nats_timeout(fetch: Fetch) -> Fetch:
    """Wrap a fetch so that a bare asyncio timeout surfaces as the client's own TimeoutError."""

    @functools.wraps(fetch)
    async def fetch_or_nats_timeout(*args: Any, **kwargs: Any) -> list[Msg]:
        try:
            return await fetch(*args, **kwargs)
        except nats.errors.TimeoutError:
            raise
        except TimeoutError as exc:  # asyncio.TimeoutError is the builtin on 3.11
            raise nats.errors.TimeoutError from exc

    setattr(fetch_or_nats_timeout, _MARK, True)
    return fetch_or_nats_timeout


def restore_fetch_timeout_contract() -> None:
    """Install the wrapper on every pull subscription once per process (idempotent)."""
    current = JetStreamContext.PullSubscription.fetch
    if not getattr(current, _MARK, False):
        JetStreamContext.PullSubscription.fetch = with_nats_timeout(current)  # type: ignore[method-assign,assignment]
