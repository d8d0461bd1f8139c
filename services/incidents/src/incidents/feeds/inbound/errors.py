"""Errors of the inbound feed, each rendered as RFC 9457 problem+json."""

from __future__ import annotations

from pdp_common.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    PayloadTooLargeError,
    UnsupportedMediaTypeError,
    ValidationFailedError,
)


class FeedItemsMediaType(UnsupportedMediaTypeError):
    """The body's Content-Type is none of the inbound feed's formats."""

    code = "feed-items-media-type"
    title = "Feed format not supported"


class FeedItemsInvalid(ValidationFailedError):
    """The batch cannot be read as a whole (malformed, or hostile XML); nothing was stored."""

    code = "feed-items-invalid"
    title = "Feed batch cannot be read"


class FeedItemsTooLarge(PayloadTooLargeError):
    """The batch holds more bytes or items than the inbound feed accepts; nothing was stored."""

    code = "feed-items-too-large"
    title = "Feed batch too large"


class FeedPartnerForbidden(ForbiddenError):
    """The caller is not a partner, or its organization has no agreement in force."""

    code = "feed-partner-forbidden"
    title = "Only partners with an agreement in force may push items"


class FeedItemVersionConflict(ConflictError):
    """An item came with a version already received with other content, or changed the kind of
    its version marker; reported for that item in the batch's report."""

    code = "feed-item-version"
    title = "Item version conflict"


class FeedItemNotFound(NotFoundError):
    """A retraction named an item the partner never sent; reported for that item."""

    code = "feed-item-not-found"
    title = "Unknown item"


class FeedItemRetracted(ConflictError):
    """An item already retracted came again with content; reported for that item."""

    code = "feed-item-retracted"
    title = "Item was retracted"


class FeedItemsConcurrent(ConflictError):
    """Another batch took the same new items at the same moment; nothing of this one was stored,
    and sending it again is safe."""

    code = "feed-items-concurrent"
    title = "Batch raced another one"
