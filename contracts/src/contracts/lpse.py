"""The LPSE tenants of a deployment: the small part of each profile every service needs."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from contracts.registration import ProviderType

TimeZoneName = Literal["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]
ZONE_LABEL: dict[str, str] = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


class LocalProviderType(BaseModel):
    """One jenis penyedia as this LPSE names it, mapped onto the platform enum."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: ProviderType
    label: str = Field(min_length=1)


class LpseProfile(BaseModel):
    """An LPSE: code (the subject token), name, short code for references, time zone, provider types."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$")
    name: str = Field(min_length=1)
    short_code: str = Field(pattern=r"^[A-Z]{3}$")
    time_zone: TimeZoneName
    portal_url: str
    provider_types: tuple[LocalProviderType, ...] = Field(min_length=1)
    sources: tuple[str, ...] = ()

    @property
    def zone_label(self) -> str:
        """WIB, WITA or WIT."""
        return ZONE_LABEL[self.time_zone]


class ProfileError(ValueError):
    """A profile file that does not validate, naming the file and the field."""


def load_profile(path: Path) -> LpseProfile:
    """Read one profile file, or raise ProfileError naming the file and each bad field."""
    try:
        profile = LpseProfile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValidationError as exc:
        fields = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ProfileError(f"{path}: {fields}") from exc
    if profile.code != path.stem:
        raise ProfileError(f"{path}: code: must equal the file name {path.stem!r}, got {profile.code!r}")
    return profile


def load_profiles(directory: Path) -> dict[str, LpseProfile]:
    """Every profile in a directory, keyed by code, in file-name order."""
    profiles = [load_profile(p) for p in sorted(directory.glob("*.yaml"))]
    if not profiles:
        raise ProfileError(f"{directory}: no LPSE profile (*.yaml) found")
    return {p.code: p for p in profiles}
