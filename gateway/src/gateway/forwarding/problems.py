"""Problem details (RFC 9457) answered by the forwarding layer itself, before any framework runs."""

from __future__ import annotations

import json
from dataclasses import dataclass

from pdp_common.errors import PROBLEM_JSON, problem
from pdp_common.problem_types import register_problem_type
from starlette.types import Send


@dataclass(frozen=True, slots=True)
class GatewayProblem:
    """A refusal the gateway answers without reaching a service (its type is catalogued)."""

    status: int
    code: str
    title: str
    detail: str

    def __post_init__(self) -> None:
        register_problem_type(
            code=self.code,
            title=self.title,
            status=self.status,
            description=DESCRIPTIONS.get(self.code, self.detail),
            owner="gateway",
        )


DESCRIPTIONS = {
    "too-many-requests": "The credential sent more requests than its rate limit allows, or "
    "the client address failed to authenticate too often. Wait for the number of seconds in "
    "`Retry-After`; each credential's limit is shared by every gateway replica.",
    "service-unavailable": "The service behind this route cannot be reached or is not ready. "
    "The rest of the platform keeps answering; retry shortly.",
    "credentials-unavailable": "The gateway cannot check credentials right now (its credential "
    "store is unavailable). Retry shortly.",
    "gateway-timeout": "The service behind this route did not answer within the gateway's "
    "timeout. A change may or may not have been made: read the resource, or retry with the "
    "same `Idempotency-Key`.",
    "bad-gateway": "The service behind this route answered with something the gateway could "
    "not pass on. Retry; report the request id if it persists.",
}


UNAUTHORIZED = GatewayProblem(
    401, "unauthorized", "Authentication required", "Valid credentials are required."
)
FORBIDDEN = GatewayProblem(
    403, "forbidden", "Forbidden", "Your role does not permit this operation."
)
NOT_FOUND = GatewayProblem(404, "not-found", "Not found", "No such resource.")
METHOD_NOT_ALLOWED = GatewayProblem(
    405, "method-not-allowed", "Method not allowed", "This resource does not take that method."
)
BODY_TIMEOUT = GatewayProblem(
    408,
    "body-timeout",
    "Request body timeout",
    "The request body did not arrive in time.",
)
PAYLOAD_TOO_LARGE = GatewayProblem(
    413, "payload-too-large", "Payload too large", "The request body exceeds the allowed size."
)
TOO_MANY_REQUESTS = GatewayProblem(
    429, "too-many-requests", "Too many requests", "The rate limit of this credential is exceeded."
)
TOO_MANY_FAILURES = GatewayProblem(
    429,
    "too-many-requests",
    "Too many requests",
    "Too many failed authentications from this address; try again later.",
)
SERVICE_UNAVAILABLE = GatewayProblem(
    503,
    "service-unavailable",
    "Service unavailable",
    "The service behind this route is unavailable; try again shortly.",
)
CREDENTIALS_UNAVAILABLE = GatewayProblem(
    503,
    "credentials-unavailable",
    "Service unavailable",
    "Credentials cannot be checked right now; try again shortly.",
)
GATEWAY_TIMEOUT = GatewayProblem(
    504,
    "gateway-timeout",
    "Gateway timeout",
    "The service behind this route did not answer in time.",
)
BAD_GATEWAY = GatewayProblem(
    502, "bad-gateway", "Bad gateway", "The service behind this route answered incorrectly."
)

WWW_AUTHENTICATE = b'Bearer realm="pdp", ApiKey realm="pdp", header="X-API-Key"'


def render(item: GatewayProblem, *, instance: str, request_id: str) -> bytes:
    """Return the problem+json body for ``item``."""
    body = problem(
        status=item.status,
        code=item.code,
        title=item.title,
        detail=item.detail,
        instance=instance,
        request_id=request_id,
    )
    return json.dumps(body, separators=(",", ":")).encode()


async def send_problem(
    send: Send,
    item: GatewayProblem,
    *,
    instance: str,
    request_id: str,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    """Answer the current request with ``item`` as problem+json."""
    body = render(item, instance=instance, request_id=request_id)
    raw_headers = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"x-request-id", request_id.encode()),
        *(headers or []),
    ]
    if item.status == 401:
        raw_headers.append((b"www-authenticate", WWW_AUTHENTICATE))
    await send({"type": "http.response.start", "status": item.status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})
