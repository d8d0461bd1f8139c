"""Errors of the partner webhooks, each rendered as RFC 9457 problem+json."""

from __future__ import annotations

from pdp_common.errors import AppError, ConflictError, ForbiddenError, NotFoundError


class WebhooksForbidden(ForbiddenError):
    """Only the Centre's officers and administrators manage partner webhooks."""

    code = "feed-webhooks-forbidden"
    title = "Partner webhooks are managed by the Centre's officers"


class WebhookNotFound(NotFoundError):
    """No partner webhook has this id."""

    code = "feed-webhook-not-found"
    title = "Partner webhook not found"


class WebhookDestinationRefused(AppError):
    """The webhook URL may not be called: it must be https and resolve to a public address (no
    loopback, private, link-local or metadata address)."""

    status = 422
    code = "feed-webhook-destination-refused"
    title = "Webhook destination refused"


class WebhookLimitReached(ConflictError):
    """The partner has as many webhooks as allowed; delete one first."""

    code = "feed-webhook-limit-reached"
    title = "Too many webhooks for this partner"


class WebhookNotSuspended(ConflictError):
    """Only a suspended webhook can be resumed."""

    code = "feed-webhook-not-suspended"
    title = "Webhook is not suspended"
