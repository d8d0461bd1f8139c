"""Errors of the event catalogue."""

from __future__ import annotations

from pdp_common.errors import NotFoundError


class EventTypeNotFound(NotFoundError):
    """No event type of that name is published by the platform: check the spelling and the
    version (``pdp.<producer>.<entity>.<action>.v<N>``) against the AsyncAPI document."""

    code = "event-type-not-found"
    title = "Event type not found"
