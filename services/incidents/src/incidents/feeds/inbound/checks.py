"""Validate an item's payload as an incident the partner may record, and word refusals as
RFC 9457 problems pointing into the batch.

The checks are those of a single create and the bulk import: the create schema, the partner's
clearance for the stated sensitivity, a time not in the future, and coordinates within the stated
country (the import's vectorized first pass, then the exact check with its reasons).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pdp_common.errors import AppError
from pdp_common.identity import Principal
from pydantic import ValidationError

from incidents import validation
from incidents.feeds.inbound.items import ParsedItem
from incidents.feeds.inbound.schemas import FeedItemProblem
from incidents.imports.territory import inside_own_country
from incidents.schemas import IncidentCreate


class ItemRefused(Exception):
    """An item cannot be taken; carries the problem to report."""

    def __init__(self, problem: FeedItemProblem) -> None:
        super().__init__(problem.detail)
        self.problem = problem


def refused(item: ParsedItem, *, code: str, title: str, status: int, detail: str) -> ItemRefused:
    """Return the refusal of ``item`` with a problem of this type."""
    problem = FeedItemProblem(
        type=f"/problems/{code}", title=title, status=status, detail=detail, pointer=item.pointer
    )
    return ItemRefused(problem)


def from_app_error(item: ParsedItem, exc: AppError) -> ItemRefused:
    """Return the refusal of ``item`` for a domain error."""
    return refused(item, code=exc.code, title=exc.title, status=exc.status, detail=exc.detail)


def from_parse_errors(item: ParsedItem) -> ItemRefused:
    """Return the refusal of an item its reader could not take."""
    detail = "; ".join(f"{pointer}: {message}" for pointer, message in item.errors[:10])
    problem = refused(
        item, code="validation-failed", title="Item is invalid", status=422, detail=detail
    ).problem
    problem.pointer = item.errors[0][0]
    return ItemRefused(problem)


def _from_validation(item: ParsedItem, exc: ValidationError) -> ItemRefused:
    errors = exc.errors()
    parts = [f"{'/'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}" for e in errors[:10]]
    problem = refused(
        item,
        code="validation-failed",
        title="Item is invalid",
        status=422,
        detail="; ".join(parts),
    ).problem
    first = "/".join(str(p) for p in errors[0]["loc"]) if errors else ""
    problem.pointer = f"{item.pointer}/{first}" if first else item.pointer
    return ItemRefused(problem)


def checked_create(
    item: ParsedItem, payload: dict[str, Any], principal: Principal, now: datetime
) -> IncidentCreate:
    """Return the validated incident of ``payload`` or raise :class:`ItemRefused`."""
    try:
        create = IncidentCreate.model_validate(payload)
    except ValidationError as exc:
        raise _from_validation(item, exc) from exc
    try:
        validation.check_sensitivity(principal, create.sensitivity)
        validation.check_time(create.occurred_at, now)
        if not inside_own_country([(create.country, create.longitude, create.latitude)])[0]:
            validation.check_location(
                create.country, create.longitude, create.latitude, create.geo_precision
            )
    except AppError as exc:
        raise from_app_error(item, exc) from exc
    return create
