"""The routing allow-list: which public path prefixes go to which upstream service.

Only these prefixes are forwarded; every other path is answered by the gateway itself (its own
endpoints) or refused with 404. Services' internal endpoints (``/internal/...``, ``/metrics``) are
never under these prefixes, and paths that could escape a prefix (dot segments, encoded slashes or
dots, empty segments) are refused before any routing happens.
"""

from __future__ import annotations

from dataclasses import dataclass

API_PREFIX = "/api/v1"

ROUTE_TABLE: dict[str, str] = {
    "/api/v1/incidents": "incidents",
    "/api/v1/organizations": "organizations",
    "/api/v1/engagements": "organizations",
    "/api/v1/consents": "organizations",
    "/api/v1/agreements": "organizations",
    "/api/v1/initiatives": "organizations",
    "/api/v1/sharing": "organizations",
    "/api/v1/country-teams": "country-teams",
    "/api/v1/activities": "country-teams",
    "/api/v1/briefings": "briefings",
}

SERVICES: tuple[str, ...] = ("incidents", "organizations", "country-teams", "briefings")

_FORBIDDEN_RAW = (b"%2f", b"%2e", b"%5c", b"\\", b"//")


@dataclass(frozen=True, slots=True)
class Route:
    """A matched route: the upstream service and the first path segment after ``/api/v1``."""

    service: str
    family: str


def is_safe_path(path: str, raw_path: bytes | None = None) -> bool:
    """Tell whether ``path`` is free of dot segments, empty segments and encoded separators."""
    if not path.startswith("/"):
        return False
    raw = (raw_path if raw_path is not None else path.encode()).lower()
    if any(token in raw for token in _FORBIDDEN_RAW):
        return False
    return all(segment not in {".", ".."} for segment in path.split("/"))


def match_route(path: str) -> Route | None:
    """Return the route that forwards ``path``, or None when no allowed prefix covers it."""
    if not path.startswith(API_PREFIX + "/"):
        return None
    end = path.find("/", len(API_PREFIX) + 1)
    prefix = path if end < 0 else path[:end]
    service = ROUTE_TABLE.get(prefix)
    if service is None:
        return None
    return Route(service=service, family=prefix[len(API_PREFIX) + 1 :])


def path_prefixes(service: str) -> list[str]:
    """Return the public path prefixes routed to ``service``."""
    return [prefix for prefix, name in ROUTE_TABLE.items() if name == service]


def is_public_path(path: str) -> bool:
    """Tell whether an upstream path would be reachable through the gateway."""
    return match_route(path) is not None and is_safe_path(path)
