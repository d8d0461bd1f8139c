"""HTTP helpers shared by the endpoints: pages with a ``Link`` header, ETags."""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import Depends, Header, Request, Response
from pdp_common.concurrency import etag
from pdp_common.pagination import Page, PageParams, link_header, page_params

T = TypeVar("T")

PagingDep = Annotated[PageParams, Depends(page_params)]
IfMatch = Annotated[str | None, Header(description="ETag of your last read; required on changes.")]


def page_of(request: Request, response: Response, items: list[T], cursor: str | None) -> Page[T]:
    """Return a page and set its ``Link: rel="next"`` header."""
    link = link_header(request, cursor)
    if link:
        response.headers["Link"] = link
    return Page[T](items=items, next_cursor=cursor)


def tag(response: Response, version: int) -> None:
    """Set the ETag of the resource in ``response``."""
    response.headers["ETag"] = etag(version)
