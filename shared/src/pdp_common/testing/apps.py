"""Run a service app in-process for a test: its lifespan, and an HTTP client speaking to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from pdp_common.identity import IDENTITY_HEADER, Clearance, IdentitySigner, Principal, Role


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Start ``app`` (database, NATS, relay, consumers), yield a client, then stop it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


class Identities:
    """Sign identity tokens for test callers, as the gateway would."""

    def __init__(self, signer: IdentitySigner, public_pem: bytes) -> None:
        self.signer = signer
        self.public_pem = public_pem

    def principal(
        self,
        *,
        org: str = "UNRCCA",
        roles: tuple[Role | str, ...] = (Role.ANALYST,),
        clearance: Clearance | str = Clearance.CONFIDENTIAL,
        subject: str | None = None,
        **extra: Any,
    ) -> Principal:
        """Return a principal with the given organization, roles and clearance."""
        role_set = frozenset(Role(r) for r in roles)
        return Principal(
            subject=subject or f"{org.lower()}-{'-'.join(sorted(role_set))}",
            org=org,
            roles=role_set,
            clearance=Clearance(clearance),
            credential="test",
            **extra,
        )

    def headers(self, principal: Principal | None = None, **kwargs: Any) -> dict[str, str]:
        """Return request headers carrying a signed identity for ``principal``."""
        principal = principal or self.principal(**kwargs)
        return {IDENTITY_HEADER: self.signer.sign(principal)}
