"""Optimistic concurrency over HTTP: ETags from a row version, ``If-Match`` on updates."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Response

from pdp_common.errors import PreconditionFailedError, PreconditionRequiredError

# A change must name the version it was made from: without If-Match it answers 428 (RFC 6585),
# which the OpenAPI document states by marking the header required (``x-pdp-required``).
IfMatchHeader = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="The ETag of your last read of the resource; required.",
        json_schema_extra={"x-pdp-required": True},
    ),
]
# An action that applies whatever the version (a withdrawal) checks If-Match only when sent.
OptionalIfMatchHeader = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="The ETag of your last read; when sent, the action applies only to that "
        "version.",
    ),
]


def set_etag(response: Response, version: int) -> None:
    """Set the ETag of the resource at ``version`` on ``response``."""
    response.headers["ETag"] = etag(version)


class VersionMismatch(PreconditionFailedError):
    code = "version-mismatch"
    title = "The resource has changed"


class IfMatchRequired(PreconditionRequiredError):
    code = "if-match-required"
    title = "If-Match required"


def etag(version: int) -> str:
    """Return the strong ETag for a row at ``version``."""
    return f'"{version}"'


def check_if_match(if_match: str | None, version: int) -> None:
    """Refuse an update whose ``If-Match`` is missing (428) or stale (412)."""
    if not if_match:
        raise IfMatchRequired("Send If-Match with the ETag from your last read of this resource.")
    candidates = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" in candidates or etag(version) in candidates:
        return
    raise VersionMismatch(
        "The resource was changed since you read it; read it again and retry.",
        current_etag=etag(version),
    )
