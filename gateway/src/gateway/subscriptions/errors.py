"""Errors of event subscriptions, each rendered as RFC 9457 problem+json."""

from __future__ import annotations

from pdp_common.errors import AppError, ConflictError, ForbiddenError, NotFoundError


class SubscriptionsForbidden(ForbiddenError):
    """Only the Centre's analysts, officers, Head of Centre, administrators and systems, and
    partner organizations' systems (role `partner` or `system`) subscribe to events; a viewer
    does not."""

    code = "event-subscriptions-forbidden"
    title = "Your role may not subscribe to events"


class SubscriptionNotFound(NotFoundError):
    """No event subscription of your organization has this id."""

    code = "event-subscription-not-found"
    title = "Event subscription not found"


class SubscriptionFilterInvalid(AppError):
    """The filter names an event type the platform does not publish, a country that is not an
    ISO 3166-1 alpha-3 code, a category that is not a category code, or too many values."""

    status = 422
    code = "event-subscription-filter-invalid"
    title = "Event subscription filter invalid"


class SubscriptionDestinationRefused(AppError):
    """The webhook URL may not be called: it must be https, carry no credentials, name its host
    by name or standard IP address, and resolve only to public addresses (no loopback, private,
    link-local, cloud metadata, unique-local or IPv4-mapped address). `reason` holds the check
    that failed."""

    status = 422
    code = "event-subscription-destination-refused"
    title = "Webhook destination refused"


class SubscriptionLimitReached(ConflictError):
    """Your organization has as many event subscriptions as allowed; delete one first."""

    code = "event-subscription-limit-reached"
    title = "Too many event subscriptions"


class SubscriptionNotSuspended(ConflictError):
    """Only a suspended subscription can be resumed (a disabled one is enabled by an update)."""

    code = "event-subscription-not-suspended"
    title = "Event subscription is not suspended"


class SubscriptionNotActive(ConflictError):
    """A ping is sent only to an active subscription."""

    code = "event-subscription-not-active"
    title = "Event subscription is not active"
