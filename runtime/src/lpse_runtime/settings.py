"""Settings every service reads from its environment."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[3]


class ServiceSettings(BaseSettings):
    """Connection URLs, the HTTP listener and the deployment data a service needs."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = Field(description="PostgreSQL URL of this service's own role")
    nats_url: str = "nats://127.0.0.1:4222"
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    public_base_url: str = "http://127.0.0.1:8000"
    session_secret: str = Field(default="dev-only-secret-change-me", min_length=16)
    topology_path: Path = REPO_ROOT / "deploy" / "jetstream.yaml"
    lpse_dir: Path = REPO_ROOT / "deploy" / "lpse"
    relay_poll_seconds: float = 5.0
    relay_batch_size: int = 100
    timer_poll_seconds: float = 1.0
    # How long one pull request of an idle consumer waits for messages before the next one is sent.
    consumer_fetch_seconds: float = 5.0
