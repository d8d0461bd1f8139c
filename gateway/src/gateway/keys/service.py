"""Rules of API keys: issuing, listing, revoking, and resolving a presented key to a principal."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from pdp_common.db import utcnow
from pdp_common.identity import CENTRE_ORG, Clearance, Principal, Role
from pdp_common.pagination import PageParams
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.keys import hashing
from gateway.keys.errors import ApiKeyExpiryInvalid, ApiKeyNotFound, ApiKeyScopeInvalid
from gateway.keys.models import ApiKey
from gateway.keys.repository import ApiKeyRepository
from gateway.keys.schemas import ApiKeyCreate, ApiKeyFilters

CENTRE_ONLY_ROLES = frozenset({Role.ANALYST, Role.OFFICER, Role.HEAD_OF_CENTRE, Role.ADMIN})
BOOTSTRAP_KEY_NAME = "bootstrap admin"


def check_scope(*, org: str, roles: frozenset[Role]) -> None:
    """Refuse role and organization combinations no credential may hold."""
    if Role.PARTNER in roles and org == CENTRE_ORG:
        raise ApiKeyScopeInvalid("A partner key belongs to a partner organization, not UNRCCA.")
    staff = roles & CENTRE_ONLY_ROLES
    if staff and org != CENTRE_ORG:
        names = ", ".join(sorted(r.value for r in staff))
        raise ApiKeyScopeInvalid(f"Roles {names} are held by the Centre (UNRCCA) only.")
    if staff and Role.PARTNER in roles:
        raise ApiKeyScopeInvalid("A partner key cannot also hold Centre staff roles.")


async def issue_key(
    session: AsyncSession, *, data: ApiKeyCreate, issued_by: str
) -> tuple[ApiKey, str]:
    """Create a key for ``data`` and return it with its secret (which is not stored)."""
    roles = frozenset(data.roles)
    check_scope(org=data.org, roles=roles)
    if data.expires_at is not None and data.expires_at <= utcnow():
        raise ApiKeyExpiryInvalid("The expiry must lie in the future.")
    secret = hashing.generate_key()
    key = ApiKey(
        name=data.name,
        prefix=hashing.display_prefix(secret),
        key_hash=hashing.hash_key(secret),
        org=data.org,
        roles=sorted(r.value for r in roles),
        clearance=data.clearance.value,
        rate_limit_per_second=data.rate_limit_per_second,
        created_by=issued_by,
        expires_at=data.expires_at,
    )
    ApiKeyRepository(session).add(key)
    await session.flush()
    return key, secret


async def list_keys(
    session: AsyncSession, *, filters: ApiKeyFilters, paging: PageParams
) -> tuple[list[ApiKey], str | None]:
    """Return one page of keys and the next cursor."""
    return await ApiKeyRepository(session).list_page(filters, paging=paging)


async def get_key(session: AsyncSession, *, key_id: uuid.UUID) -> ApiKey:
    """Return the key ``key_id`` or raise ApiKeyNotFound."""
    key = await ApiKeyRepository(session).get(key_id)
    if key is None:
        raise ApiKeyNotFound(f"No API key {key_id}.")
    return key


async def revoke_key(session: AsyncSession, *, key_id: uuid.UUID, revoked_by: str) -> ApiKey:
    """Revoke the key ``key_id`` (revoking a revoked key changes nothing)."""
    key = await ApiKeyRepository(session).get_for_update(key_id)
    if key is None:
        raise ApiKeyNotFound(f"No API key {key_id}.")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        key.revoked_by = revoked_by
        await session.flush()
    return key


async def ensure_bootstrap_key(session: AsyncSession, *, secret: str) -> bool:
    """Create the administrator key ``secret`` unless it exists; tell whether it was created."""
    if not hashing.is_well_formed(secret):
        raise ApiKeyScopeInvalid(
            f"The bootstrap admin key must be {hashing.MIN_KEY_LENGTH}-256 printable characters."
        )
    repository = ApiKeyRepository(session)
    if await repository.by_hash(hashing.hash_key(secret)) is not None:
        return False
    repository.add(
        ApiKey(
            name=BOOTSTRAP_KEY_NAME,
            prefix=hashing.display_prefix(secret),
            key_hash=hashing.hash_key(secret),
            org=CENTRE_ORG,
            roles=[Role.ADMIN.value],
            clearance=Clearance.STRICTLY_CONFIDENTIAL.value,
            created_by="bootstrap",
        )
    )
    await session.flush()
    return True


@dataclass(frozen=True, slots=True)
class ResolvedKey:
    """An active key as the hot path needs it: who it is, its rate limit and expiry (epoch)."""

    principal: Principal
    rate_limit_per_second: float | None
    expires_at: float | None


async def resolve_key(
    session: AsyncSession, *, secret: str, now: datetime | None = None
) -> ResolvedKey | None:
    """Return the principal, rate limit and expiry of an active key ``secret``, or None."""
    if not hashing.is_well_formed(secret):
        return None
    key = await ApiKeyRepository(session).by_hash(hashing.hash_key(secret))
    moment = now or utcnow()
    if key is None or key.revoked_at is not None:
        return None
    if key.expires_at is not None and key.expires_at <= moment:
        return None
    expires = key.expires_at.timestamp() if key.expires_at is not None else None
    return ResolvedKey(principal_of(key), key.rate_limit_per_second, expires)


def principal_of(key: ApiKey) -> Principal:
    """Return the principal a key authenticates as."""
    return Principal(
        subject=f"api-key:{key.id}",
        org=key.org,
        roles=frozenset(Role(r) for r in key.roles),
        clearance=Clearance(key.clearance),
        credential=f"api-key:{key.id}",
        name=key.name,
    )
