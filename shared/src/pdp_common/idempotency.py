"""``Idempotency-Key`` on creating requests: a retried POST returns the first response.

The key is stored with a fingerprint of the request and, in the same transaction as the change,
the response. A retry with the same key and body replays that response; the same key with another
body is refused (422); a retry while the first is still running is refused (409).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from pdp_common.concurrency import etag
from pdp_common.db import utcnow
from pdp_common.dependencies import PrincipalDep
from pdp_common.errors import ConflictError, ValidationFailedError
from pdp_common.platform_tables import idempotency_keys

REPLAY_HEADER = "Idempotent-Replayed"


class IdempotencyKeyInFlight(ConflictError):
    code = "idempotency-key-in-flight"
    title = "A request with this Idempotency-Key is in progress"


class IdempotencyKeyReused(ValidationFailedError):
    code = "idempotency-key-reused"
    title = "Idempotency-Key reused with another request"


@dataclass(frozen=True)
class Created:
    """What a create answers: the new resource's body (data, or JSON bytes), its version (the
    ``ETag``) and, when it has one, its ``Location``."""

    body: Any
    version: int
    location: str | None = None

    def headers(self) -> dict[str, str]:
        """Return the response headers: ``ETag`` and, when known, ``Location``."""
        headers = {"ETag": etag(self.version)}
        if self.location is not None:
            headers["Location"] = self.location
        return headers


class Idempotency:
    """The idempotency slot of one request; a no-op when the client sent no key."""

    def __init__(self, key: str | None, scope: str, fingerprint: str) -> None:
        self.key = key
        self.scope = scope
        self.fingerprint = fingerprint

    async def replay(self, session: AsyncSession) -> Response | None:
        """Return the stored response of an earlier identical request, or claim the key."""
        if self.key is None:
            return None
        row = (
            await session.execute(
                select(idempotency_keys).where(
                    idempotency_keys.c.scope == self.scope, idempotency_keys.c.key == self.key
                )
            )
        ).one_or_none()
        if row is None:
            await self._claim(session)
            return None
        if row.fingerprint != self.fingerprint:
            raise IdempotencyKeyReused(
                "This Idempotency-Key was used with a different request body; use a new key."
            )
        if row.status_code is None:
            raise IdempotencyKeyInFlight("Retry once the first request has completed.")
        headers = dict(row.response_headers or {}) | {REPLAY_HEADER: "true"}
        return Response(
            content=row.response_body,
            status_code=row.status_code,
            headers=headers,
            media_type="application/json",
        )

    async def respond(
        self,
        session: AsyncSession,
        content: Any,
        *,
        status_code: int = 201,
        headers: dict[str, str] | None = None,
    ) -> JSONResponse:
        """Store (when keyed) and return the response of this request; ``content`` is the body's
        JSON already serialized (bytes) or data to serialize."""
        if isinstance(content, bytes):
            body = content
        else:
            body = json.dumps(jsonable_encoder(content), separators=(",", ":")).encode()
        if self.key is not None:
            await session.execute(
                update(idempotency_keys)
                .where(idempotency_keys.c.scope == self.scope, idempotency_keys.c.key == self.key)
                .values(status_code=status_code, response_body=body, response_headers=headers)
            )
        response = JSONResponse(content=None, status_code=status_code, headers=headers)
        response.body = body
        response.headers["content-length"] = str(len(body))
        return response

    async def create_once(
        self, session: AsyncSession, create: Callable[[], Awaitable[Created]]
    ) -> Response:
        """Answer a creating request: replay the stored response of a retry, or run ``create``
        and return (and store, when keyed) its 201 response."""
        replay = await self.replay(session)
        if replay is not None:
            return replay
        created = await create()
        return await self.respond(session, created.body, headers=created.headers())

    async def _claim(self, session: AsyncSession) -> None:
        try:
            async with session.begin_nested():
                await session.execute(
                    insert(idempotency_keys).values(
                        scope=self.scope,
                        key=self.key,
                        fingerprint=self.fingerprint,
                        created_at=utcnow(),
                    )
                )
        except IntegrityError as exc:
            raise IdempotencyKeyInFlight("Retry once the first request has completed.") from exc


IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        max_length=200,
        description="Client-chosen unique key; a retry with the same key returns the first "
        "response instead of creating again.",
    ),
]
"""The ``Idempotency-Key`` request header, as every idempotent create declares it."""


async def of_request(request: Request, subject: str, key: str | None) -> Idempotency:
    """Return the idempotency of ``request`` by ``subject`` under ``key``: scoped to the caller,
    the method and the path, with its body's fingerprint."""
    body = await request.body()
    scope = f"{subject}:{request.method}:{request.url.path}"
    return Idempotency(key, scope, hashlib.sha256(body).hexdigest())


async def idempotency(
    request: Request, principal: PrincipalDep, idempotency_key: IdempotencyKeyHeader = None
) -> Idempotency:
    """Read the request's Idempotency-Key and fingerprint its body."""
    return await of_request(request, principal.subject, idempotency_key)


IdempotencyDep = Annotated[Idempotency, Depends(idempotency)]
