"""Merging services' OpenAPI documents into the gateway's one document.

Only operations under the routing allow-list are kept (internal endpoints never appear); component
names shared by several services are kept once when their definitions agree and prefixed with the
service name when they differ; every forwarded operation declares the gateway's security schemes.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from gateway.routes import match_route

REF_PREFIX = "#/components/"
SECURITY_SCHEMES: dict[str, Any] = {
    "ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
    "BearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
}
SECURITY: list[dict[str, list[str]]] = [{"ApiKeyAuth": []}, {"BearerAuth": []}]
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
GATEWAY_RESPONSES: dict[str, str] = {
    "401": "Missing, invalid, expired or revoked credentials.",
    "403": "The caller's role may not use this operation.",
    "413": "The request body is too large.",
    "429": "Rate limit exceeded; see Retry-After.",
    "503": "The service behind this route is unavailable.",
    "504": "The service behind this route did not answer in time.",
}
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
    return {key: f"{prefix}_{key[1]}" for key in clashing}


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
    operation["security"] = SECURITY
    responses = dict(operation.get("responses", {}))
    for status, description in GATEWAY_RESPONSES.items():
        responses.setdefault(status, {"description": description})
    operation["responses"] = responses
    operation.setdefault("tags", [service])
    operation["x-pdp-service"] = service
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
                    operation["security"] = SECURITY
    tags = {tag["name"]: tag for tag in merged.get("tags", [])}
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
                target[renames.get((section, name)) or name] = _rewrite(definition, renames)
        merged["paths"].update(_rewrite(public_paths(document, service), renames))
        for tag in document.get("tags", []):
            tags.setdefault(tag["name"], tag)
    components["securitySchemes"] = dict(SECURITY_SCHEMES)
    if tags:
        merged["tags"] = list(tags.values())
    return merged
