"""What identity hears: the helpdesk's approved account requests, and the end of an auditor's access."""

from __future__ import annotations

import asyncpg

from contracts.account_requests import AccountRequestApprovedV1
from identity.internal_accounts import EXPIRY_TIMER
from identity.internal_accounts_usecases import Issuing, on_approved, on_expiry
from lpse_runtime.consumer import Dispatch, PermanentError
from lpse_runtime.sealing import link_box
from lpse_runtime.service import ServiceRuntime

FROM_HELPDESK = "identity-from-helpdesk"


def install(runtime: ServiceRuntime) -> None:
    """Read approved requests through identity's durable; fire the auditors' end-of-access timers."""
    box = link_box(runtime.settings)
    base = runtime.settings.public_base_url

    def zone_of(lpse: str) -> str:
        profile = runtime.profiles.get(lpse)
        if profile is None:  # no retry brings a profile: the message goes to the dead letters for an operator
            raise PermanentError(f"no LPSE profile {lpse!r}")
        return profile.time_zone

    how = Issuing(seal_link=lambda path: box.seal(f"{base}{path}"), zone_of=zone_of)

    async def approved(fact: AccountRequestApprovedV1, conn: asyncpg.Connection) -> None:
        await on_approved(conn, fact, how, runtime.clock.now())

    runtime.consume(FROM_HELPDESK, Dispatch().on(AccountRequestApprovedV1, approved))
    runtime.on_timer(on_expiry, kinds=(EXPIRY_TIMER,))
