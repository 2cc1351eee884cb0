"""Settings every service reads from its environment."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[3]


class InsecureSettings(Exception):
    """A setting that must not keep its shipped value outside development."""


class WebSettings(BaseSettings):
    """What every web process signs with, and whether it runs as a development trial or for real."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    # Production unless told otherwise: a forgotten variable must not leave a real deployment on the dev secret.
    lpse_env: Literal["development", "production"] = "production"
    session_secret: str = Field(default="dev-only-secret-change-me", min_length=16)

    @property
    def development(self) -> bool:
        """A local trial (`make run`, the tests): plain-HTTP cookies and the shipped secrets are allowed."""
        return self.lpse_env == "development"

    def refuse_default_secrets(self) -> None:
        """Outside development, every `*_secret` setting must be set: its shipped default is public."""
        if self.development:
            return
        # Every one is named at once, so a deployment learns the whole list from one refusal.
        shipped = [
            name.upper()
            for name, field in type(self).model_fields.items()
            if name.endswith("_secret") and getattr(self, name) == field.default
        ]
        if shipped:
            names = ", ".join(shipped)
            raise InsecureSettings(
                f"{names} masih bernilai bawaan; di luar pengembangan (LPSE_ENV={self.lpse_env}) "
                f"setel {names} ke nilai rahasia yang acak"
            )


class LinkSealing(BaseSettings):
    """The key of the links sealed for the notifier: held by the services that issue links and by the notifier."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    link_secret: str = Field(default="dev-only-link-secret-change-me", min_length=16)


class ServiceSettings(WebSettings):
    """Connection URLs, the HTTP listener and the deployment data a service needs."""

    database_url: str = Field(description="PostgreSQL URL of this service's own role")
    nats_url: str = "nats://127.0.0.1:4222"
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    public_base_url: str = "http://127.0.0.1:8000"
    topology_path: Path = REPO_ROOT / "deploy" / "jetstream.yaml"
    lpse_dir: Path = REPO_ROOT / "deploy" / "lpse"
    relay_poll_seconds: float = 5.0
    relay_batch_size: int = 100
    timer_poll_seconds: float = 1.0
    # How often the audit chain's head is anchored on the bus when it moved: a rewrite of the table after that
    # is detected; decisions of the last few minutes are covered by the next anchor.
    audit_anchor_seconds: float = 300.0
    # How long one pull request of an idle consumer waits for messages before the next one is sent.
    consumer_fetch_seconds: float = 5.0
    # Development only: run the service's clock this many seconds off the wall clock (`LPSE_CLOCK_OFFSET_SECONDS`),
    # so a whole stack can be tried at a chosen instant; refused outside development, like the shipped secrets.
    clock_offset_seconds: float = Field(
        default=0.0, validation_alias=AliasChoices("lpse_clock_offset_seconds", "clock_offset_seconds")
    )

    @field_validator("clock_offset_seconds", mode="before")
    @classmethod
    def _unset_offset(cls, value: object) -> object:
        """`LPSE_CLOCK_OFFSET_SECONDS=` (set but empty) means no offset, as when it is not set."""
        return 0.0 if isinstance(value, str) and not value.strip() else value

    def refuse_default_secrets(self) -> None:
        """The shipped secrets, and a moved clock, are for development only."""
        super().refuse_default_secrets()
        self.refuse_moved_clock()

    def refuse_moved_clock(self) -> None:
        """Outside development the service's clock is the wall clock."""
        if self.clock_offset_seconds and not self.development:
            raise InsecureSettings(
                f"LPSE_CLOCK_OFFSET_SECONDS={self.clock_offset_seconds:g} menggeser jam layanan; hanya diizinkan "
                f"saat pengembangan (LPSE_ENV=development), bukan LPSE_ENV={self.lpse_env}"
            )
