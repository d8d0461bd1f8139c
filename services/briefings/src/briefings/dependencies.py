"""FastAPI dependencies of the briefings service."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query, Request

from briefings import render
from briefings.schemas import BriefingFilters

BriefingFiltersDep = Annotated[BriefingFilters, Query()]
Format = Literal["json", "markdown", "html"]


async def rendering(
    request: Request,
    format: Annotated[
        Format | None,
        Query(description="Overrides the Accept header: json, markdown or html."),
    ] = None,
) -> Format:
    """Choose the representation from ?format= or the Accept header (JSON by default)."""
    if format is not None:
        return format
    accept = request.headers.get("accept", "")
    if render.MARKDOWN in accept:
        return "markdown"
    if render.HTML in accept:
        return "html"
    return "json"


RenderingDep = Annotated[Format, Depends(rendering)]
