"""Merging services' OpenAPI documents into the gateway's one document.

Only operations under the routing allow-list are kept (internal endpoints never appear); component
names shared by several services are kept once when their definitions agree and prefixed with the
service name when they differ (title included, so that generated clients get distinct classes);
every operation under ``/api/v1`` declares the gateway's security schemes and the problems the
gateway itself answers (401, 403, 413, 429, 502, 503, 504); the problem types of every document
are listed once under ``x-problem-types``.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from pdp_common.openapi import problem_schemas
from pdp_common.openapi.document import HTTP_METHODS

from gateway.forwarding.routes import match_route

REF_PREFIX = "#/components/"
SECURITY_SCHEMES: dict[str, Any] = {
    "ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
    "BearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
}
SECURITY: list[dict[str, list[str]]] = [{"ApiKeyAuth": []}, {"BearerAuth": []}]
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 1},
    }
}
WWW_AUTHENTICATE = {
    "WWW-Authenticate": {
        "description": "The credentials the gateway accepts.",
        "schema": {"type": "string"},
    }
}
# What the gateway answers itself, before or instead of a service: (status, problem types,
# description, headers). The gateway's 401 replaces a service's: callers authenticate with it.
GATEWAY_RESPONSES: list[tuple[int, list[str], str, dict[str, Any]]] = [
    (401, ["unauthorized"], "Missing, invalid, expired or revoked credentials.", WWW_AUTHENTICATE),
    (403, ["forbidden"], "The caller's role may not use this operation.", {}),
    (413, ["payload-too-large"], "The request body is too large.", {}),
    (
        429,
        ["too-many-requests"],
        "Rate limit exceeded, or too many failed authentications; see Retry-After.",
        RETRY_AFTER,
    ),
    (502, ["bad-gateway"], "The service behind this route answered incorrectly.", {}),
    (
        503,
        ["service-unavailable", "credentials-unavailable"],
        "The service behind this route, or the credential store, is unavailable.",
        {},
    ),
    (504, ["gateway-timeout"], "The service behind this route did not answer in time.", {}),
]
_HIDDEN_HEADERS = frozenset({"x-pdp-identity", "x-request-id"})


def _pascal(service: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[-_]", service))


def _refs(node: Any) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF_PREFIX):
            section, _, name = ref[len(REF_PREFIX) :].partition("/")
            found.add((section, name))
        for value in node.values():
            found |= _refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _refs(value)
    return found


def _rewrite(node: Any, renames: dict[tuple[str, str], str]) -> Any:
    if isinstance(node, dict):
        out = {key: _rewrite(value, renames) for key, value in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF_PREFIX):
            section, _, name = ref[len(REF_PREFIX) :].partition("/")
            if (section, name) in renames:
                out["$ref"] = f"{REF_PREFIX}{section}/{renames[(section, name)]}"
        return out
    if isinstance(node, list):
        return [_rewrite(value, renames) for value in node]
    return node


def _renames(
    merged: dict[str, dict[str, Any]], incoming: dict[str, dict[str, Any]], service: str
) -> dict[tuple[str, str], str]:
    clashing = {
        (section, name)
        for section, items in incoming.items()
        for name, definition in items.items()
        if name in merged.get(section, {}) and _canon(merged[section][name]) != _canon(definition)
    }
    changed = True
    while changed:
        changed = False
        for section, items in incoming.items():
            for name, definition in items.items():
                key = (section, name)
                if key not in clashing and _refs(definition) & clashing:
                    clashing.add(key)
                    changed = True
    prefix = _pascal(service)
    return {key: f"{prefix}{key[1]}" for key in clashing}


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _secure_operation(operation: dict[str, Any], service: str) -> dict[str, Any]:
    operation = dict(operation)
    operation["parameters"] = [
        p
        for p in operation.get("parameters", [])
        if not (p.get("in") == "header" and str(p.get("name", "")).lower() in _HIDDEN_HEADERS)
    ]
    if not operation["parameters"]:
        del operation["parameters"]
    operation.setdefault("tags", [service])
    operation["x-pdp-service"] = service
    return _guarded(operation)


def _guarded(operation: dict[str, Any]) -> dict[str, Any]:
    """Return ``operation`` as the gateway serves it: its security and the gateway's problems."""
    operation = dict(operation)
    operation["security"] = SECURITY
    responses = dict(operation.get("responses", {}))
    for status, codes, description, headers in GATEWAY_RESPONSES:
        key = str(status)
        existing = responses.get(key, {})
        kept = [] if status == 401 else list(existing.get(problem_schemas.CODES_KEY, []))
        merged = kept + [code for code in codes if code not in kept]
        response = problem_schemas.response_object(
            status, problem_schemas.describe(merged, fallback=description), merged
        )
        if headers:
            response["headers"] = headers
        responses[key] = response
    operation["responses"] = dict(sorted(responses.items()))
    return operation


def public_paths(document: dict[str, Any], service: str) -> dict[str, Any]:
    """Return the operations of ``document`` reachable through the gateway, secured."""
    paths: dict[str, Any] = {}
    for path, item in document.get("paths", {}).items():
        route = match_route(path)
        if route is None or route.service != service:
            continue
        paths[path] = {
            key: _secure_operation(value, service) if key in HTTP_METHODS else value
            for key, value in item.items()
        }
    return paths


def merge(local: dict[str, Any], services: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Return ``local`` (the gateway's own document) extended with every service's operations."""
    merged = copy.deepcopy(local)
    components: dict[str, dict[str, Any]] = merged.setdefault("components", {})
    for path, item in merged.setdefault("paths", {}).items():
        if path.startswith("/api/v1/"):
            for method, operation in item.items():
                if method in HTTP_METHODS:
                    item[method] = _guarded(operation)
    tags = {tag["name"]: tag for tag in merged.get("tags", [])}
    catalogue: dict[str, Any] = dict(merged.get(problem_schemas.CODES_KEY, {}))
    for service, document in services.items():
        incoming = {
            section: items
            for section, items in document.get("components", {}).items()
            if section != "securitySchemes" and isinstance(items, dict)
        }
        renames = _renames(components, incoming, service)
        for section, items in incoming.items():
            target = components.setdefault(section, {})
            for name, definition in items.items():
                renamed = renames.get((section, name))
                rewritten = _rewrite(definition, renames)
                if renamed is not None and isinstance(rewritten, dict) and "title" in rewritten:
                    rewritten["title"] = renamed
                target[renamed or name] = rewritten
        merged["paths"].update(_rewrite(public_paths(document, service), renames))
        for tag in document.get("tags", []):
            tags.setdefault(tag["name"], tag)
        for code, item in document.get(problem_schemas.CODES_KEY, {}).items():
            catalogue.setdefault(code, item)
    components["securitySchemes"] = dict(SECURITY_SCHEMES)
    if tags:
        merged["tags"] = list(tags.values())
    merged[problem_schemas.CODES_KEY] = dict(sorted(catalogue.items()))
    return merged
