"""The account area's forms, pure: sign-in and the password change, each password kept exactly as typed."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from lpse_runtime.formmodel import FormModel
from verification.accounts import SetPasswordForm


class SignInForm(FormModel):
    """User ID (compared without regard to case), the password exactly as typed, and the page to come back to."""

    model_config = ConfigDict(str_strip_whitespace=False)

    user_id: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    password: str = Field(default="", max_length=1000, repr=False)
    next: Annotated[str, StringConstraints(strip_whitespace=True)] = ""  # anything unsafe or too long: /akun/


class PasswordChangeForm(SetPasswordForm):
    """The current password, and the new one twice under the rules of the set-password page."""

    current: str = Field(default="", max_length=1000, repr=False)
