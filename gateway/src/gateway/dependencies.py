"""FastAPI dependencies of the gateway's own endpoints."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from pdp_common.errors import ForbiddenError, UnauthorizedError
from pdp_common.identity import Principal, Role

from gateway.state import Gateway


class CallerUnauthenticated(UnauthorizedError):
    code = "unauthorized"
    title = "Authentication required"


class CallerNotAdmin(ForbiddenError):
    code = "forbidden"
    title = "Forbidden"


async def get_gateway(request: Request) -> Gateway:
    """Return the running gateway."""
    gateway: Gateway = request.app.state.gateway
    return gateway


GatewayDep = Annotated[Gateway, Depends(get_gateway)]


async def get_caller(request: Request) -> Principal:
    """Return the caller the front door authenticated."""
    principal = request.scope.get("state", {}).get("principal")
    if not isinstance(principal, Principal):
        raise CallerUnauthenticated("Valid credentials are required.")
    return principal


async def require_admin(caller: Annotated[Principal, Depends(get_caller)]) -> Principal:
    """Return the caller when it holds the admin role."""
    if Role.ADMIN not in caller.roles:
        raise CallerNotAdmin("Your role does not permit this operation.")
    return caller


AdminDep = Annotated[Principal, Depends(require_admin)]
