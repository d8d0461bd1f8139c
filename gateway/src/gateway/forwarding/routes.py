"""The routing allow-list: which public path prefixes go to which upstream service, and the
largest request body each route takes.

Only these prefixes are forwarded; every other path is answered by the gateway itself (its own
endpoints) or refused with 404. Services' internal endpoints (``/internal/...``, ``/metrics``) are
never under these prefixes, and paths that could escape a prefix (dot segments, encoded slashes or
dots, empty segments) are refused before any routing happens.

Bodies are limited to the gateway's global limit, except on the bulk import routes
(``IMPORT_ROUTES``), which take the larger import limit (by default what the incidents service
itself accepts, 16 MiB). That covers the import job upload, ``/api/v1/incidents/imports/jobs``:
the gateway reads a body whole before forwarding it, so through the gateway a job's file is at
most ``PDP_GATEWAY_IMPORT_MAX_BODY_BYTES`` (each upload in flight holds that much of the gateway's
memory), while the incidents service itself streams the upload to disk up to its own
``PDP_INCIDENTS_IMPORT_JOB_MAX_BYTES``.
"""

from __future__ import annotations

from dataclasses import dataclass

API_PREFIX = "/api/v1"

ROUTE_TABLE: dict[str, str] = {
    "/api/v1/incidents": "incidents",
    "/api/v1/early-warning": "incidents",
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
# The first segments after /api/v1 of the gateway's own endpoints.
GATEWAY_FAMILIES = frozenset({"api-keys", "audit-records", "events"})
# Routes that take the import body limit (a path equal to one of these or below it).
IMPORT_ROUTES: tuple[str, ...] = ("/api/v1/incidents/imports",)
DEFAULT_IMPORT_MAX_BODY_BYTES = 16 * 1_048_576

_FORBIDDEN_RAW = (b"%2f", b"%2e", b"%5c", b"\\", b"//")


@dataclass(frozen=True, slots=True)
class Route:
    """A matched route: the upstream service and the first path segment after ``/api/v1``."""

    service: str
    family: str


_ROUTES: dict[str, Route] = {
    prefix[len(API_PREFIX) + 1 :]: Route(service=service, family=prefix[len(API_PREFIX) + 1 :])
    for prefix, service in ROUTE_TABLE.items()
}
FAMILIES = frozenset(_ROUTES) | GATEWAY_FAMILIES


@dataclass(frozen=True, slots=True)
class BodyLimits:
    """The largest request body in bytes: ``imports`` on the import routes, else ``default``."""

    default: int
    imports: int

    def limit_for(self, path: str) -> int:
        """Return the body limit of ``path``."""
        for prefix in IMPORT_ROUTES:
            if path.startswith(prefix) and (len(path) == len(prefix) or path[len(prefix)] == "/"):
                return self.imports
        return self.default


def is_safe_path(path: str, raw_path: bytes | None = None) -> bool:
    """Tell whether ``path`` is free of dot segments, empty segments and encoded separators."""
    if not path.startswith("/"):
        return False
    raw = (raw_path if raw_path is not None else path.encode()).lower()
    if any(token in raw for token in _FORBIDDEN_RAW):
        return False
    return all(segment not in {".", ".."} for segment in path.split("/"))


def family_of(path: str) -> str:
    """Return the route family of ``path``: the first segment after ``/api/v1`` when it is a
    forwarded or gateway family, ``unrouted`` for any other ``/api/v1`` path, else ``gateway``."""
    if not path.startswith(API_PREFIX + "/"):
        return "gateway"
    end = path.find("/", len(API_PREFIX) + 1)
    segment = path[len(API_PREFIX) + 1 :] if end < 0 else path[len(API_PREFIX) + 1 : end]
    return segment if segment in FAMILIES else "unrouted"


def route_of(family: str) -> Route | None:
    """Return the route that forwards ``family``, or None when the gateway answers it."""
    return _ROUTES.get(family)


def match_route(path: str) -> Route | None:
    """Return the route that forwards ``path``, or None when no allowed prefix covers it."""
    return route_of(family_of(path))


def path_prefixes(service: str) -> list[str]:
    """Return the public path prefixes routed to ``service``."""
    return [prefix for prefix, name in ROUTE_TABLE.items() if name == service]


def is_public_path(path: str) -> bool:
    """Tell whether an upstream path would be reachable through the gateway."""
    return match_route(path) is not None and is_safe_path(path)
