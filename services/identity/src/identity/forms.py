"""The platform administrator's account forms, with their Indonesian messages. Pure (pydantic only)."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field, StringConstraints, ValidationInfo, field_validator

from contracts.identity import EVERY_LPSE, StaffGrant
from identity.domain import PASSWORD_MIN_LENGTH
from lpse_runtime.formmodel import FormModel, refuse
from lpse_runtime.text import normalized_email

# Platform roles reach every LPSE; every other role is held in one LPSE (the page offers only these pairs).
PLATFORM_ROLES = ("operator", "admin_platform")
LPSE_ROLES = (
    "verifikator",
    "kepala_lpse",
    "helpdesk",
    "admin_ppe",
    "admin_agency",
    "auditor",
    # made on request through the helpdesk, and offered here too so that saving an account's roles keeps them
    "ppk",
    "pokja",
    "pejabat_pengadaan",
    "pa",
    "auditor_paket",
)
ROLE_LABEL: dict[str, str] = {
    "verifikator": "Verifikator",
    "kepala_lpse": "Kepala LPSE",
    "helpdesk": "Helpdesk",
    "admin_ppe": "Admin PPE",
    "admin_agency": "Admin Agency",
    "auditor": "Auditor",
    "operator": "Operator platform",
    "admin_platform": "Admin platform",
    # Internal users of SPSE whose accounts are made on an approved helpdesk request (DPK-2a/3a, TMG-2).
    "ppk": "PPK",
    "pokja": "Pokja Pemilihan",
    "pejabat_pengadaan": "Pejabat Pengadaan",
    "pa": "Pengguna Anggaran (PA)",
    "auditor_paket": "Auditor APIP/APH (terbatas paket)",
}
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{2,39}$"
BAD_EMAIL = "Alamat email tidak valid, contoh: kepala.lpse@kotaanda.go.id. Kosongkan bila belum ada."
# A password is kept exactly as typed: spaces at either end are part of it, as at sign-in.
Secret = Annotated[str, StringConstraints(strip_whitespace=False)]


def offered(lpses: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    """Every (role, LPSE) pair the page offers for these LPSEs."""
    return frozenset(
        {(role, lpse) for role in LPSE_ROLES for lpse in lpses} | {(role, EVERY_LPSE) for role in PLATFORM_ROLES}
    )


def official_email(value: str) -> str:
    """The address in normal form, or empty when none is given; the field's message when its syntax is wrong."""
    if not value:
        return ""
    email = normalized_email(value)
    if email is None:
        raise refuse(BAD_EMAIL)
    return email


class EmailForm(FormModel):
    """An account's official email (optional: empty removes it)."""

    messages: ClassVar[dict[str, str]] = {"email": BAD_EMAIL}

    email: str = Field(default="", max_length=254)  # the longest address SMTP carries

    valid_email = field_validator("email")(official_email)


class GrantsForm(FormModel):
    """The roles ticked on the page, each 'role@lpse'; the LPSEs of the deployment come in as `lpses`."""

    messages: ClassVar[dict[str, str]] = {"grants": "Pilih minimal satu peran."}

    lpses: tuple[str, ...]
    grants: list[str] = Field(min_length=1, max_length=60)

    @field_validator("grants", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("grants")
    @classmethod
    def _only_offered_pairs(cls, value: list[str], info: ValidationInfo) -> list[str]:
        allowed = offered(tuple(info.data.get("lpses", ())))
        if any(tuple(text.partition("@")[::2]) not in allowed for text in value):
            raise refuse("Pilih peran dari daftar yang tersedia.")
        return value

    @property
    def staff_grants(self) -> tuple[StaffGrant, ...]:
        """The ticked roles as grants."""
        pairs = (text.partition("@") for text in self.grants)
        return tuple(StaffGrant.model_validate({"role": role, "lpse": lpse}) for role, _, lpse in pairs)


class NewAccountForm(GrantsForm):
    """A new staff account: who, the roles, and the initial password the person replaces at first sign-in."""

    messages: ClassVar[dict[str, str]] = {
        "grants": "Pilih minimal satu peran.",
        "username": "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.",
        "name": "Nama tampilan wajib diisi (paling banyak 80 karakter).",
        "full_name": "Nama lengkap beserta gelar wajib diisi (paling banyak 120 karakter).",
        "password": f"Kata sandi awal minimal {PASSWORD_MIN_LENGTH} karakter.",
        "repeat": "Ulangi kata sandi awal dengan persis sama.",
        "email": BAD_EMAIL,
    }

    username: str = Field(pattern=USERNAME_PATTERN)
    name: str = Field(min_length=1, max_length=80)
    full_name: str = Field(min_length=1, max_length=120)
    email: str = Field(default="", max_length=254)
    password: Secret = Field(min_length=PASSWORD_MIN_LENGTH, max_length=1000, repr=False)
    repeat: Secret = Field(max_length=1000, repr=False)

    @field_validator("username", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    valid_email = field_validator("email")(official_email)

    @field_validator("password")
    @classmethod
    def _not_the_username(cls, value: str, info: ValidationInfo) -> str:
        username = info.data.get("username")
        if username and username in value.casefold():
            raise refuse("Kata sandi awal tidak boleh memuat nama pengguna.")
        return value

    @field_validator("repeat")
    @classmethod
    def _repeated(cls, value: str, info: ValidationInfo) -> str:
        if "password" in info.data and value != info.data["password"]:
            raise refuse("Ulangi kata sandi awal dengan persis sama.")
        return value


class SignInForm(FormModel):
    """The staff sign-in form: a user name, the password exactly as typed, and the page to come back to."""

    username: str = Field(default="", max_length=200)
    password: Secret = Field(default="", max_length=1000, repr=False)
    next: str = Field(default="", max_length=2000)


class PasswordChangeForm(FormModel):
    """A staff member's own password change: the current one and the new one twice, each exactly as typed."""

    current: Secret = Field(default="", max_length=1000, repr=False)
    new: Secret = Field(default="", max_length=1000, repr=False)
    repeat: Secret = Field(default="", max_length=1000, repr=False)


class FirstPasswordForm(FormModel):
    """The first password of an account made on request, set by the emailed link: twice, exactly as typed."""

    new: Secret = Field(default="", max_length=1000, repr=False)
    repeat: Secret = Field(default="", max_length=1000, repr=False)
