"""Optimistic concurrency over HTTP: ETags from a row version, ``If-Match`` on updates."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Response

from pdp_common.errors import PreconditionFailedError, PreconditionRequiredError

IfMatchHeader = Annotated[
    str | None,
    Header(alias="If-Match", description="ETag of your last read; required on changes."),
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
