"""Notifier settings: the shared ones, the SMTP server and the sender."""

from __future__ import annotations

from lpse_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    """Settings of the notifier service."""

    smtp_url: str = "smtp://127.0.0.1:1025"
    mail_from: str = "LPSE Platform Akun <noreply@lpse.local>"
