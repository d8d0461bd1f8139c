"""Endpoints of the built-in development issuer (loopback clients only)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pdp_common.errors import ForbiddenError, NotFoundError
from pdp_common.identity import Clearance, Role
from pdp_common.schemas import Strict
from pydantic import BaseModel, ConfigDict, Field

from gateway.dependencies import GatewayDep
from gateway.devissuer import examples as issuer_examples
from gateway.devissuer.issuer import DevIssuer
from gateway.settings import DEV_ISSUER_PATH

router = APIRouter(prefix=DEV_ISSUER_PATH, tags=["development issuer"])

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


class DevIssuerDisabled(NotFoundError):
    code = "not-found"
    title = "Not found"


class DevIssuerRemoteClient(ForbiddenError):
    code = "dev-issuer-remote-client"
    title = "Development issuer is local only"


class DevTokenCreate(Strict):
    """The person a development token is for."""

    model_config = ConfigDict(json_schema_extra={"examples": [issuer_examples.DEV_TOKEN_CREATE]})

    subject: str = Field(min_length=1, max_length=200)
    org: str = Field(min_length=2, max_length=32)
    roles: list[Role] = Field(min_length=1)
    clearance: Clearance = Clearance.PUBLIC
    name: str | None = Field(default=None, max_length=200)
    expires_in: int | None = Field(default=None, ge=1, le=86_400)


class DevTokenRead(BaseModel):
    """An OAuth2-style token response."""

    model_config = ConfigDict(json_schema_extra={"examples": [issuer_examples.DEV_TOKEN_READ]})

    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the OAuth2 token type
    expires_in: int


def _issuer(gateway: GatewayDep, request: Request) -> DevIssuer:
    if gateway.dev_issuer is None:
        raise DevIssuerDisabled("No such resource.")
    client = request.client.host if request.client else ""
    if client not in LOOPBACK:
        raise DevIssuerRemoteClient("The development issuer answers loopback clients only.")
    return gateway.dev_issuer


@router.post("/token", response_model=DevTokenRead)
async def issue_dev_token(
    data: DevTokenCreate, gateway: GatewayDep, request: Request
) -> DevTokenRead:
    """Issue a bearer token for any person (development only)."""
    issuer = _issuer(gateway, request)
    ttl = min(data.expires_in or issuer.max_ttl_seconds, issuer.max_ttl_seconds)
    token = issuer.issue(
        subject=data.subject,
        org=data.org,
        roles=data.roles,
        clearance=data.clearance,
        name=data.name,
        ttl_seconds=ttl,
    )
    return DevTokenRead(access_token=token, expires_in=ttl)


@router.get("/.well-known/jwks.json")
async def read_dev_jwks(gateway: GatewayDep, request: Request) -> dict[str, Any]:
    """Return the development issuer's public keys."""
    return _issuer(gateway, request).jwks()


@router.get("/.well-known/openid-configuration")
async def read_dev_configuration(gateway: GatewayDep, request: Request) -> dict[str, Any]:
    """Return the development issuer's discovery document."""
    issuer = _issuer(gateway, request)
    return {
        "issuer": issuer.issuer,
        "jwks_uri": f"{issuer.issuer}/.well-known/jwks.json",
        "token_endpoint": f"{issuer.issuer}/token",
        "id_token_signing_alg_values_supported": ["ES256"],
    }
