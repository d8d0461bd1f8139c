"""Standard Webhooks signatures (https://www.standardwebhooks.com/): sign, verify, make secrets.

A message carries ``webhook-id`` (stable across retries: receivers de-duplicate on it),
``webhook-timestamp`` (Unix seconds of the attempt) and ``webhook-signature``: space-separated
``v1,<base64 HMAC-SHA256 of "id.timestamp.body">``, one per secret. While a secret is rotated the
message is signed with the new and the old ones, so that a receiver holding either accepts it.
Secrets are ``whsec_`` and the base64 of 32 random bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets as random_secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from pdp_common.errors import AppError

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret
SECRET_BYTES = 32
DEFAULT_TOLERANCE_SECONDS = 300
"""How far a message's timestamp may be from the receiver's clock (Standard Webhooks: 5 min)."""


class WebhookSignatureInvalid(AppError):
    """The webhook's `webhook-id`, `webhook-timestamp` or `webhook-signature` header is missing,
    its timestamp is too far from now, or no signature matches a secret of the endpoint.
    """

    status = 401
    code = "webhook-signature-invalid"
    title = "Webhook signature invalid"


class WebhookSecretInvalid(ValueError):
    """A webhook secret that is not ``whsec_`` followed by base64 of at least 16 bytes."""


def generate_secret() -> str:
    """Return a new random secret, ``whsec_`` and the base64 of 32 bytes."""
    return SECRET_PREFIX + base64.b64encode(random_secrets.token_bytes(SECRET_BYTES)).decode()


def rotate(current: Sequence[str], *, keep: int = 1) -> list[str]:
    """Return a new secret followed by the ``keep`` newest of ``current`` (still signed with,
    until the receiver has switched); sign with the whole list."""
    return [generate_secret(), *list(current)[:keep]]


def secret_key(secret: str) -> bytes:
    """Return the HMAC key of ``secret`` (``whsec_`` optional); raise WebhookSecretInvalid."""
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise WebhookSecretInvalid("the webhook secret is not base64") from exc
    if len(key) < 16:
        raise WebhookSecretInvalid("the webhook secret is shorter than 16 bytes")
    return key


def signature(secret: str, *, message_id: str, timestamp: int, body: bytes) -> str:
    """Return the ``v1,<base64>`` signature of one message under one secret."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def sign_headers(
    secrets: Sequence[str], *, message_id: str, body: bytes, now: datetime | None = None
) -> dict[str, str]:
    """Return the three Standard Webhooks headers of ``body``, signed with every secret."""
    if not secrets:
        raise WebhookSecretInvalid("at least one webhook secret is needed to sign")
    if "." in message_id or " " in message_id:
        raise ValueError("a webhook message id may not hold '.' or spaces")
    timestamp = int((now or datetime.now(UTC)).timestamp())
    signatures = [
        signature(s, message_id=message_id, timestamp=timestamp, body=body) for s in secrets
    ]
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signatures),
    }


def verify(
    secrets: Sequence[str],
    *,
    headers: Mapping[str, str],
    body: bytes,
    tolerance_seconds: float = DEFAULT_TOLERANCE_SECONDS,
    now: datetime | None = None,
) -> str:
    """Check a received webhook against the endpoint's ``secrets``; return its message id.

    Raises :class:`WebhookSignatureInvalid` when a header is missing, the timestamp is more than
    ``tolerance_seconds`` from ``now`` either way, or no ``v1`` signature matches any secret."""
    lowered = {k.lower(): v for k, v in headers.items()}
    message_id = lowered.get("webhook-id", "")
    stamp = lowered.get("webhook-timestamp", "")
    offered = lowered.get("webhook-signature", "")
    if not (message_id and stamp and offered):
        raise WebhookSignatureInvalid(
            "The webhook-id, webhook-timestamp and webhook-signature headers are all required."
        )
    if not stamp.isdigit():
        raise WebhookSignatureInvalid("The webhook-timestamp header is not Unix seconds.")
    timestamp = int(stamp)
    current = (now or datetime.now(UTC)).timestamp()
    if abs(current - timestamp) > tolerance_seconds:
        raise WebhookSignatureInvalid(
            f"The webhook-timestamp is more than {tolerance_seconds:g} s from now; the message "
            "is refused as a possible replay."
        )
    candidates = [item for item in offered.split(" ") if item.startswith("v1,")]
    for secret in secrets:
        expected = signature(secret, message_id=message_id, timestamp=timestamp, body=body)
        if any(hmac.compare_digest(expected, item) for item in candidates):
            return message_id
    raise WebhookSignatureInvalid("No webhook signature matches a secret of this endpoint.")
