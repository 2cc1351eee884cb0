"""Settings of the operators' view: the shared ones, and the subjects its live feed tails."""

from __future__ import annotations

from lpse_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    """The shared settings (its database role only checks staff sessions through identity) and the feed's subjects."""

    feed_subjects: tuple[str, ...] = (
        "identity.>",
        "registration.>",
        "verification.>",
        "helpdesk.>",
        "notifier.>",
        "deadletter.>",
    )
