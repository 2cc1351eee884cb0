"""Notifier settings: the shared ones, the SMTP server and the sender."""

from __future__ import annotations

from lpse_runtime.settings import LinkSealing, ServiceSettings


class Settings(ServiceSettings, LinkSealing):
    """Settings of the notifier service."""

    smtp_url: str = "smtp://127.0.0.1:1025"
    mail_from: str = "LPSE Platform Akun <noreply@lpse.local>"
    smtp_rate_per_minute: int = 120
    smtp_max_attempts: int = 8
    smtp_backoff_seconds: tuple[float, ...] = (30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)
    smtp_lease_seconds: float = 120.0
    # A commit that records deliveries wakes the sender (LISTEN/NOTIFY); the poll only finds retries falling due.
    sender_poll_seconds: float = 5.0
    # Fault injection for the reliability tests: exit right after the server accepted a message.
    fault_exit_after_send: bool = False
