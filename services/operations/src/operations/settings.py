"""Settings of the operators' view: it reads NATS, and checks staff sessions through identity."""

from __future__ import annotations

from pathlib import Path

from lpse_runtime.settings import REPO_ROOT, WebSettings


class Settings(WebSettings):
    """NATS, the HTTP listener and the LPSE profiles (for each LPSE's time zone)."""

    nats_url: str = "nats://127.0.0.1:4222"
    # Only to check staff sessions through identity (operations has no tables); without it nobody gets in.
    database_url: str = ""
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    feed_subjects: tuple[str, ...] = ("registration.>", "verification.>", "helpdesk.>", "notifier.>", "deadletter.>")
    lpse_dir: Path = REPO_ROOT / "deploy" / "lpse"
    # Where the services' health routes are reached (the front door), for the audit-chain check.
    public_base_url: str = "http://127.0.0.1:8000"
