"""Settings of the operators' view: it only reads NATS."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """NATS and the HTTP listener."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    nats_url: str = "nats://127.0.0.1:4222"
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    feed_subjects: tuple[str, ...] = ("registration.>", "verification.>", "helpdesk.>", "notifier.>", "deadletter.>")
