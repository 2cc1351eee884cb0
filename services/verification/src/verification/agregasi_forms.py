"""What people and LKPP send about agregasi, as form models: each refusal in the words the pages have always used."""

from __future__ import annotations

import json
from typing import Annotated, ClassVar, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from lpse_runtime.formmodel import FieldErrors, FormModel, parse_form, refuse

CALLBACK_SHAPE = "body must carry request_ref and result"
SIGN_IN_REFUSED = "User ID, kata sandi atau LPSE tempat mendaftar tidak sesuai."
ACTIVATION_EXPIRED = "Sesi aktivasi kedaluwarsa; masuk kembali."


class LkppAnswerForm(FormModel):
    """The verifier records LKPP's answer by hand: aggregated, or refused with LKPP's reason."""

    messages: ClassVar[dict[str, str]] = {
        "reason": "Alasan penolakan paling banyak 2000 karakter.",
        "lkpp_ref": "Nomor referensi LKPP paling banyak 120 karakter.",
    }

    result: Literal["aggregated", "refused"] = "aggregated"
    reason: str = Field(default="", max_length=2000)
    lkpp_ref: str = Field(default="", max_length=120)

    @model_validator(mode="after")
    def refusal_says_why(self) -> LkppAnswerForm:
        """A refusal is passed on to the provider, so it must carry LKPP's reason."""
        if self.result == "refused" and not self.reason:
            raise refuse("Sebutkan alasan penolakan LKPP.")
        return self


class LkppCallback(FormModel):
    """LKPP's signed answer to an ADP request (`devstack.lkpp` sends the same shape)."""

    request_ref: str = Field(min_length=1, max_length=60)
    result: Literal["aggregated", "refused"]
    reason: str | None = Field(default=None, max_length=2000)
    lkpp_ref: str | None = Field(default=None, max_length=120)


def parse_callback(body: bytes) -> tuple[LkppCallback | None, FieldErrors]:
    """The answer in a callback body, or what is wrong with it (a body that is not a JSON object misses both)."""
    try:
        decoded = json.loads(body)
    except ValueError:
        decoded = None
    if not isinstance(decoded, dict):
        return None, {"request_ref": "Wajib diisi.", "result": "Wajib diisi."}
    return parse_form(LkppCallback, decoded)


class AggregationSignInForm(FormModel):
    """The provider signs in to activate aggregation: user ID, password, and the LPSE where it registered."""

    model_config = ConfigDict(str_strip_whitespace=False)  # a password is compared exactly as it was set

    user_id: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    password: str = Field(default="", max_length=1000)
    lpse: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] = ""


class ActivationForm(FormModel):
    """'Lakukan Aktivasi': the signed, short-lived token the sign-in page handed out."""

    token: str = Field(default="", max_length=500)
