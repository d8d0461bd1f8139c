"""FastAPI dependencies every service uses: the request's session, caller, settings and platform."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader
from sqlalchemy.ext.asyncio import AsyncSession

from pdp_common.errors import UnauthorizedError, database_unavailable_error
from pdp_common.identity import IDENTITY_HEADER, IdentityError, Principal
from pdp_common.platform import Platform
from pdp_common.settings import ServiceSettings
from pdp_common.unavailable import database_unavailable

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_platform(request: Request) -> Platform:
    """Return the running platform of the app serving ``request``."""
    platform: Platform = request.app.state.platform
    return platform


PlatformDep = Annotated[Platform, Depends(get_platform)]


async def get_settings(platform: PlatformDep) -> ServiceSettings:
    """Return the settings the app was built with."""
    return platform.settings


SettingsDep = Annotated[ServiceSettings, Depends(get_settings)]


async def get_session(request: Request, platform: PlatformDep) -> AsyncIterator[AsyncSession]:
    """Yield the request's session; commit when the endpoint returns, roll back when it raises.

    This is the only place that commits: business code adds and flushes, and the events it recorded
    in the outbox are committed with its change, then handed to the relay.
    """
    db = platform.db
    reading = request.method in READ_METHODS
    async with (
        contextlib.nullcontext() if reading else db.writing(),
        (db.read_sessions if reading else db.sessions)() as session,
    ):
        try:
            yield session
        except Exception as exc:
            with contextlib.suppress(Exception):  # a lost connection cannot roll back
                await session.rollback()
            if database_unavailable(exc):
                raise database_unavailable_error() from exc
            raise
        except BaseException:
            await session.rollback()
            raise
        else:
            try:
                await session.commit()
            except Exception as exc:
                if database_unavailable(exc):
                    raise database_unavailable_error() from exc
                raise


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


class InvalidIdentity(UnauthorizedError):
    code = "unauthenticated"
    title = "Authentication required"


identity_header = APIKeyHeader(
    name=IDENTITY_HEADER,
    scheme_name="GatewayIdentity",
    description="Short-lived identity token signed by the gateway; callers never send it.",
    auto_error=False,
)


async def get_principal(
    request: Request,
    platform: PlatformDep,
    token: Annotated[str | None, Security(identity_header)],
) -> Principal:
    """Return the caller, verified from the gateway-signed identity token."""
    try:
        principal = platform.identity.verify(token)
    except IdentityError as exc:
        raise InvalidIdentity(
            "Call the platform through its gateway with valid credentials."
        ) from exc
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]
