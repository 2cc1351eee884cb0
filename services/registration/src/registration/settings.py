"""Registration's settings: the shared ones suffice."""

from __future__ import annotations

from lpse_runtime.settings import LinkSealing, ServiceSettings


class Settings(ServiceSettings, LinkSealing):
    """Settings of the registration service."""

    max_upload_bytes: int = 5 * 1024 * 1024
    # How long uploads are kept (README, "Uploads"): a draft never sent is out of everyone's reach once its link
    # expires, a week later its files go; a closed application's files stay a year for complaints and audits.
    draft_upload_days: int = 7
    closed_upload_days: int = 365
    upload_sweep_seconds: float = 3600.0
