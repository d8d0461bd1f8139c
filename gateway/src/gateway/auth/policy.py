"""The coarse access policy: which role may use which method on which public route.

The gateway refuses here what a role may never do (403); services enforce the fine rules
(sensitivity, sharing agreements, consent, ownership) on the requests that pass. A caller holding
several roles gets the union of their grants. Patterns are written relative to ``/api/v1/``: the
first segment names a route family (``incidents``), ``*`` matches one segment, ``**`` the rest.

| role           | read (GET, HEAD) | write (POST, PUT, PATCH, DELETE)                           |
|----------------|------------------|------------------------------------------------------------|
| viewer         | every service    | nothing                                                    |
| partner        | every service    | POST to feed ingest only (``incidents/feeds/**``)          |
| analyst        | every service    | incidents, early-warning, briefings, engagements,          |
|                |                  | initiatives, activities                                    |
| officer        | every service    | every service route                                        |
| head_of_centre | every service    | every service route                                        |
| system         | every service    | POST, PUT, PATCH on incidents, early-warning, activities   |
| admin          | every service    | every service route; API keys; reads the audit trail       |

Every role also reads the stream of events (``events/stream``); the gateway checks each event
against the caller before sending it (:mod:`gateway.events.streaming`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pdp_common.identity import Clearance, Principal, Role

from gateway.forwarding.routes import API_PREFIX, GATEWAY_FAMILIES, ROUTE_TABLE

READ = frozenset({"GET", "HEAD"})
WRITE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ANY = READ | WRITE
SERVICE_FAMILIES = frozenset(prefix[len(API_PREFIX) + 1 :] for prefix in ROUTE_TABLE)
ADMIN_FAMILIES = GATEWAY_FAMILIES


@dataclass(frozen=True, slots=True)
class Grant:
    """Permission to use ``methods`` on paths matching ``pattern`` (relative to ``/api/v1/``)."""

    methods: frozenset[str]
    pattern: str

    def allows(self, method: str, segments: tuple[str, ...]) -> bool:
        """Tell whether this grant covers ``method`` on the path split into ``segments``."""
        return method in self.methods and _matches(self.pattern.split("/"), segments)


def _service_grants(methods: frozenset[str], *families: str) -> tuple[Grant, ...]:
    return tuple(Grant(methods, f"{family}/**") for family in sorted(families))


# Every role reads the events it may see (each event is checked against the caller).
_READ_ALL = (*_service_grants(READ, *SERVICE_FAMILIES), Grant(READ, "events/stream"))
_WRITE_ALL = _service_grants(WRITE, *SERVICE_FAMILIES)

# Event subscriptions (webhooks) are for every role but viewer; their endpoints keep each caller
# to its organization's subscriptions (gateway.subscriptions.permissions).
_SUBSCRIBE = Grant(ANY, "events/subscriptions/**")

POLICY: dict[Role, tuple[Grant, ...]] = {
    Role.VIEWER: _READ_ALL,
    Role.PARTNER: (*_READ_ALL, Grant(frozenset({"POST"}), "incidents/feeds/**"), _SUBSCRIBE),
    Role.ANALYST: (
        *_READ_ALL,
        _SUBSCRIBE,
        *_service_grants(
            WRITE,
            "incidents",
            "early-warning",
            "briefings",
            "engagements",
            "initiatives",
            "activities",
        ),
    ),
    Role.OFFICER: (*_READ_ALL, *_WRITE_ALL, _SUBSCRIBE),
    Role.HEAD_OF_CENTRE: (*_READ_ALL, *_WRITE_ALL, _SUBSCRIBE),
    Role.SYSTEM: (
        *_READ_ALL,
        _SUBSCRIBE,
        *_service_grants(
            frozenset({"POST", "PUT", "PATCH"}), "incidents", "early-warning", "activities"
        ),
    ),
    Role.ADMIN: (
        *_READ_ALL,
        *_WRITE_ALL,
        Grant(ANY, "api-keys/**"),
        Grant(READ, "audit-records/**"),
        _SUBSCRIBE,
    ),
}

SENSITIVE_FAMILIES = frozenset(
    {"incidents", "early-warning", "briefings", "agreements", "consents", "events"}
)
SHARE_SEGMENTS = frozenset({"share", "shares", "distribute", "distribution", "distributions"})


def _matches(pattern: list[str], segments: tuple[str, ...]) -> bool:
    for index, part in enumerate(pattern):
        if part == "**":
            return True
        if index >= len(segments) or (part != "*" and part != segments[index]):
            return False
    return len(pattern) == len(segments)


def split_path(path: str) -> tuple[str, ...]:
    """Return the segments of ``path`` after ``/api/v1/`` (empty when outside it)."""
    if not path.startswith(API_PREFIX + "/"):
        return ()
    return tuple(path[len(API_PREFIX) + 1 :].rstrip("/").split("/"))


def is_allowed(roles: frozenset[Role], method: str, path: str) -> bool:
    """Tell whether any of ``roles`` may use ``method`` on ``path``."""
    method = "GET" if method == "OPTIONS" else method
    return _allowed(roles, method, split_path(path))


@lru_cache(maxsize=16_384)
def _allowed(roles: frozenset[Role], method: str, segments: tuple[str, ...]) -> bool:
    if not segments:
        return False
    return any(grant.allows(method, segments) for role in roles for grant in POLICY[role])


def audit_action(principal: Principal, method: str, path: str) -> str | None:
    """Return the audit action a request is recorded under (read, export, share), or None."""
    segments = split_path(path)
    if not segments:
        return None
    if any(segment.startswith("export") for segment in segments):
        return "export"
    if segments[0] == "sharing" or SHARE_SEGMENTS.intersection(segments):
        return "share"
    sensitive_caller = (
        principal.clearance.rank >= Clearance.CONFIDENTIAL.rank or Role.PARTNER in principal.roles
    )
    if method in READ and segments[0] in SENSITIVE_FAMILIES and sensitive_caller:
        return "read"
    return None
