"""Completing an OpenAPI document as integrators need it.

FastAPI's document lists what a route declares. The platform's adds what every operation of a
given shape can answer (an operation with a path id can answer 404, one with a body 400, 408,
413, 415 and 422, one taking ``If-Match`` 412 and 428, ...), gives every error response the
``Problem`` body schema as it is sent (``application/problem+json``; 422 as
``ValidationProblem``), lists the problem types the document uses under ``x-problem-types``,
moves JSON Schema ``$defs`` that models carried inline into ``components`` so that every
reference resolves, and sets contact, licence and servers.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any

from pdp_common.openapi import problem_schemas
from pdp_common.problem_types import PROBLEM_TYPES, ProblemType

HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
CONTACT = {
    "name": "UNRCCA information management",
    "url": "https://unrcca.unmissions.org",
}
LICENSE = {
    "name": "United Nations terms of use",
    "url": "https://www.un.org/en/about-us/terms-of-use",
}
API_PREFIX = "/api/v1/"
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")

# What an operation of each shape can answer, and why: (status, problem types, description).
AUTHENTICATED = [(401, ["unauthenticated"], "The caller's identity is missing or invalid.")]
WITH_PATH_ID = [(404, ["not-found"], "No such resource is visible to the caller.")]
WITH_BODY = [
    (400, ["malformed-body"], "The request body cannot be read as its Content-Type."),
    (408, ["body-timeout"], "The request body did not arrive in time."),
    (
        413,
        ["payload-too-large", "body-too-complex"],
        "The request body is larger, or its JSON more complex, than this operation accepts.",
    ),
    (415, ["unsupported-media-type"], "The request body's Content-Type is not accepted."),
]
WITH_INPUT = [(422, ["validation-failed"], "The request is invalid; `errors` lists the fields.")]
WITH_IF_MATCH = [(412, ["version-mismatch"], "The resource changed since the caller read it.")]
WITH_REQUIRED_IF_MATCH = [
    (428, ["if-match-required"], "Send `If-Match` with the ETag from your last read.")
]
WITH_IDEMPOTENCY_KEY = [
    (409, ["idempotency-key-in-flight"], "A request with this Idempotency-Key is in progress."),
    (422, ["idempotency-key-reused"], "This Idempotency-Key came with another request body."),
]
WITH_CURSOR = [(400, ["invalid-cursor"], "The cursor is not one this list issued.")]
ALWAYS = [(500, ["internal-error"], "The platform failed; nothing was changed.")]


def operation_id(name: str) -> str:
    """Return the operation id of the endpoint function ``name`` (``list_incidents`` ->
    ``listIncidents``)."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def complete(
    document: dict[str, Any],
    *,
    problem_types: Iterable[ProblemType],
    servers: list[dict[str, str]],
) -> dict[str, Any]:
    """Return ``document`` completed for integrators (see the module's description)."""
    out = copy.deepcopy(document)
    info = out.setdefault("info", {})
    info.setdefault("contact", dict(CONTACT))
    info.setdefault("license", dict(LICENSE))
    out["servers"] = servers
    components = out.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    _hoist_defs(out, schemas)
    schemas.update(problem_schemas.schemas())
    used: set[str] = set()
    for path, item in out.get("paths", {}).items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                _require_if_match(operation)
                _drop_string_beside_ref(operation)
                used |= _complete_operation(path, operation)
    _link_created_resources(out.get("paths", {}), schemas)
    for name in FASTAPI_VALIDATION_SCHEMAS:
        schemas.pop(name, None)
    catalogue = {t.code: t for t in problem_types}
    catalogue |= {code: PROBLEM_TYPES[code] for code in used if code in PROBLEM_TYPES}
    out[problem_schemas.CODES_KEY] = {
        code: {"title": t.title, "status": t.status, "description": t.description}
        for code, t in sorted(catalogue.items())
    }
    return out


def _rules(path: str, operation: dict[str, Any]) -> list[tuple[int, list[str], str]]:
    parameters = operation.get("parameters", [])
    headers = {str(p.get("name", "")).lower(): p for p in parameters if p.get("in") == "header"}
    rules: list[tuple[int, list[str], str]] = []
    if path.startswith(API_PREFIX):
        rules += AUTHENTICATED
    if any(p.get("in") == "path" for p in parameters):
        rules += WITH_PATH_ID
    if "requestBody" in operation:
        rules += WITH_BODY
    if parameters or "requestBody" in operation:
        rules += WITH_INPUT
    if any(p.get("in") == "query" and p.get("name") == "cursor" for p in parameters):
        rules += WITH_CURSOR
    if "if-match" in headers:
        rules += WITH_IF_MATCH
        if headers["if-match"].get("required"):
            rules += WITH_REQUIRED_IF_MATCH
    if "idempotency-key" in headers:
        rules += WITH_IDEMPOTENCY_KEY
    return rules + ALWAYS


def _complete_operation(path: str, operation: dict[str, Any]) -> set[str]:
    """Complete the error responses of one operation; return the problem types it names."""
    responses: dict[str, Any] = operation.setdefault("responses", {})
    declared = {
        status: list(response.get(problem_schemas.CODES_KEY, []))
        for status, response in responses.items()
        if _is_error(status)
    }
    defaults: dict[str, str] = {}
    for status, codes, description in _rules(path, operation):
        key = str(status)
        merged = declared.setdefault(key, [])
        merged += [code for code in codes if code not in merged]
        defaults.setdefault(key, description)
    used: set[str] = set()
    for key, codes in sorted(declared.items()):
        existing = responses.get(key, {})
        description = _own_description(existing) or defaults.get(key, "")
        responses[key] = problem_schemas.response_object(
            int(key), problem_schemas.describe(codes, fallback=description), codes
        ) | {name: value for name, value in existing.items() if name == "headers"}
        used.update(codes)
    return used


def _drop_string_beside_ref(operation: dict[str, Any]) -> None:
    """Keep only the model of a streamed response: FastAPI adds ``type: string`` beside it."""
    for response in operation.get("responses", {}).values():
        for media in response.get("content", {}).values():
            schema = media.get("schema", {})
            if "$ref" in schema and schema.get("type") == "string":
                del schema["type"]


def _require_if_match(operation: dict[str, Any]) -> None:
    """Mark required the headers an operation needs to succeed though it answers their absence
    with a status of its own (If-Match: 428) rather than 422."""
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if schema.pop("x-pdp-required", False):
            parameter["required"] = True
            parameter["schema"] = {"type": "string", "examples": ['"3"']}


def _link_created_resources(paths: dict[str, Any], schemas: dict[str, Any]) -> None:
    """Link every create operation to the operations on the resource it creates.

    ``POST /x`` answering 201 links to every operation under ``/x/{param}``: ``param`` is the
    created resource's field of that name, or its ``id``; the path parameters ``POST /x`` had
    itself are passed on from the request.
    """
    for path, item in paths.items():
        create = item.get("post")
        created = (create or {}).get("responses", {}).get("201")
        if not created:
            continue
        fields = _response_fields(created, schemas)
        own = set(re.findall(r"{([^}]+)}", path))
        links: dict[str, Any] = {}
        for target, target_item in paths.items():
            match = re.match(re.escape(path) + r"/{([^}]+)}(/|$)", target)
            if match is None:
                continue
            param = match.group(1)
            field = param if param in fields else "id"
            if field not in fields:
                continue
            values = {name: f"$request.path.{name}" for name in own}
            values[param] = f"$response.body#/{field}"
            for method, operation in target_item.items():
                if method in HTTP_METHODS and "operationId" in operation:
                    links[operation["operationId"]] = {
                        "operationId": operation["operationId"],
                        "parameters": values,
                    }
        if links:
            created["links"] = links


def _response_fields(response: dict[str, Any], schemas: dict[str, Any]) -> set[str]:
    for media in response.get("content", {}).values():
        ref = str(media.get("schema", {}).get("$ref", ""))
        if ref.startswith(problem_schemas.SCHEMA_REF):
            schema = schemas.get(ref.removeprefix(problem_schemas.SCHEMA_REF), {})
            return set(schema.get("properties", {}))
    return set()


def _own_description(response: dict[str, Any]) -> str:
    """Return a route's own description of an error response, if it wrote one."""
    description = str(response.get("description", ""))
    generated = description.startswith("- `") or description == "Validation Error"
    return "" if generated else description


def _is_error(status: str) -> bool:
    return status.isdigit() and int(status) >= 400


def _hoist_defs(document: dict[str, Any], schemas: dict[str, Any]) -> None:
    """Move every inline ``$defs`` into ``components/schemas`` and point references there."""
    renames: dict[str, str] = {}

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            for name, definition in node.pop("$defs", {}).items():
                target = name
                if target in schemas and schemas[target] != definition:
                    target = _free_name(schemas, name)
                schemas.setdefault(target, definition)
                renames[name] = target
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(document.get("paths", {}))
    collect(schemas)
    if renames:
        _rewrite_local_refs(document, renames)


def _free_name(schemas: dict[str, Any], name: str) -> str:
    index = 2
    while f"{name}{index}" in schemas:
        index += 1
    return f"{name}{index}"


_LOCAL_REF = re.compile(r"^#/\$defs/(?P<name>[^/]+)$")


def _rewrite_local_refs(node: Any, renames: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"$ref", "mapping"}:
                node[key] = _rewritten(value, renames)
            else:
                _rewrite_local_refs(value, renames)
    elif isinstance(node, list):
        for value in node:
            _rewrite_local_refs(value, renames)


def _rewritten(value: Any, renames: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {key: _rewritten(item, renames) for key, item in value.items()}
    if isinstance(value, str):
        match = _LOCAL_REF.match(value)
        if match and match["name"] in renames:
            return problem_schemas.SCHEMA_REF + renames[match["name"]]
    return value
