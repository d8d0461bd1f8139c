"""Errors of the event stream."""

from __future__ import annotations

from pdp_common.errors import (
    AppError,
    ServiceUnavailableError,
    TooManyRequestsError,
    ValidationFailedError,
)


class EventFilterInvalid(ValidationFailedError):
    """A filter of the event stream names no event type, country or category an event can carry
    (types look like `pdp.incidents.incident.reported.v1`, countries are ISO 3166-1 alpha-3 codes
    in capitals, categories lower-case snake case, `_` for none), or the filters together expand
    to too many subjects. Nothing was streamed.
    """

    code = "event-filter-invalid"
    title = "Event filter invalid"


class EventPositionInvalid(ValidationFailedError):
    """`Last-Event-ID` (or `last_event_id`) is not an event id of this stream (a whole number), or
    `since` is not an RFC 3339 time with a time zone.
    """

    code = "event-position-invalid"
    title = "Event position invalid"


class EventPositionExpired(AppError):
    """The position to resume from is no longer in the stream: the events after it are older than
    the stream keeps (a week by default), or the stream was started anew. Events may have been
    missed: bring your copy up to date through the API, then connect again without
    `Last-Event-ID` (or with `since`). `first_event_id` is the oldest event the stream still holds.
    """

    status = 410
    code = "event-position-expired"
    title = "Event position expired"


class EventsUnavailable(ServiceUnavailableError):
    """The gateway cannot reach the event broker right now; connect again shortly (after
    `Retry-After` seconds), with `Last-Event-ID` to resume where you were.
    """

    code = "events-unavailable"
    title = "Events unavailable"


class EventStreamsExhausted(TooManyRequestsError):
    """Your credential already holds as many open event streams as it may (or the gateway holds as
    many as it serves); close one, or connect again after `Retry-After` seconds.
    """

    code = "event-streams-exhausted"
    title = "Too many event streams"
