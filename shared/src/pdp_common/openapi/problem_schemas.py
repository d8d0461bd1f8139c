"""Problem details (RFC 9457) in OpenAPI: one ``Problem`` schema behind every error response.

Endpoints declare the domain errors they may answer with :func:`problems`; the document builder
(:mod:`pdp_common.openapi.document`) adds the errors every operation of its shape can answer and
gives each error response the same body schema, a description naming its problem types, and an
example of each.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from pdp_common.errors import PROBLEM_JSON, AppError
from pdp_common.problem_types import PROBLEM_TYPES

SCHEMA_REF = "#/components/schemas/"
PROBLEM = "Problem"
VALIDATION_PROBLEM = "ValidationProblem"
CODES_KEY = "x-problem-types"

_MEMBERS: dict[str, Any] = {
    "type": {
        "type": "string",
        "format": "uri-reference",
        "description": "The kind of problem: `/problems/<code>`, a page that explains it.",
        "examples": ["/problems/incident-not-found"],
    },
    "title": {
        "type": "string",
        "description": "A short summary of the kind of problem; the same for every occurrence.",
    },
    "status": {
        "type": "integer",
        "minimum": 400,
        "maximum": 599,
        "description": "The HTTP status code, repeated.",
    },
    "detail": {"type": "string", "description": "What went wrong in this occurrence."},
    "instance": {
        "type": "string",
        "format": "uri-reference",
        "description": "The path of the request that failed.",
    },
    "request_id": {
        "type": "string",
        "description": "The request's id (also in `X-Request-ID`); quote it to report a fault.",
    },
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": PROBLEM,
    "description": "An error, as RFC 9457 problem details (`application/problem+json`). A "
    "problem may carry further members that describe the case, such as `allowed_transitions` "
    "or `current_etag`.",
    "required": ["type", "title", "status"],
    "properties": _MEMBERS,
    "additionalProperties": True,
    "examples": [
        {
            "type": "/problems/incident-not-found",
            "title": "Incident not found",
            "status": 404,
            "detail": "No incident 0193a4c2-7d1e-7c3a-9b2f-5e8d1a2b3c4d is visible to you.",
            "instance": "/api/v1/incidents/0193a4c2-7d1e-7c3a-9b2f-5e8d1a2b3c4d",
            "request_id": "0193a4c2-80aa-7f10-8c1d-2b3e4f5a6b7c",
        }
    ],
}

FIELD_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "FieldError",
    "description": "One field that failed validation.",
    "required": ["loc", "msg", "type"],
    "properties": {
        "loc": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Where the field is: `body`, `query`, `path` or `header`, then its "
            "name and any nested keys or list positions.",
        },
        "msg": {"type": "string", "description": "What is wrong with it."},
        "type": {"type": "string", "description": "A stable code for the kind of failure."},
    },
}

VALIDATION_PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": VALIDATION_PROBLEM,
    "description": "A request whose content is invalid: a problem whose `errors` list the "
    "fields that failed (empty when the failure is not about one field).",
    "required": ["type", "title", "status"],
    "properties": {
        **_MEMBERS,
        "errors": {"type": "array", "items": {"$ref": SCHEMA_REF + "FieldError"}},
    },
    "additionalProperties": True,
    "examples": [
        {
            "type": "/problems/validation-failed",
            "title": "Validation failed",
            "status": 422,
            "detail": "1 field failed validation",
            "instance": "/api/v1/incidents",
            "errors": [
                {
                    "loc": ["query", "country", "0"],
                    "msg": "String should match pattern '^[A-Z]{3}$'",
                    "type": "string_pattern_mismatch",
                }
            ],
            "request_id": "0193a4c2-80aa-7f10-8c1d-2b3e4f5a6b7c",
        }
    ],
}

SCHEMAS: dict[str, dict[str, Any]] = {
    PROBLEM: PROBLEM_SCHEMA,
    VALIDATION_PROBLEM: VALIDATION_PROBLEM_SCHEMA,
    "FieldError": FIELD_ERROR_SCHEMA,
}


def problems(*errors: type[AppError]) -> dict[int | str, dict[str, Any]]:
    """Return the ``responses`` of an endpoint that may answer ``errors`` (domain errors)."""
    responses: dict[int | str, dict[str, Any]] = {}
    for error in errors:
        response = responses.setdefault(error.status, {"description": "", CODES_KEY: []})
        if error.code not in response[CODES_KEY]:
            response[CODES_KEY].append(error.code)
    for response in responses.values():
        response["description"] = describe(response[CODES_KEY], fallback="")
    return responses


def describe(codes: Iterable[str], *, fallback: str) -> str:
    """Return a response description naming each problem type in ``codes``."""
    lines = [
        f"`{code}`: {PROBLEM_TYPES[code].title}." if code in PROBLEM_TYPES else f"`{code}`"
        for code in codes
    ]
    if not lines:
        return fallback
    head = f"{fallback}\n\n" if fallback else ""
    return head + "\n".join(f"- {line}" for line in lines)


def response_object(status: int, description: str, codes: list[str]) -> dict[str, Any]:
    """Return the OpenAPI response for ``status`` answered with the problem types ``codes``."""
    schema = VALIDATION_PROBLEM if status == 422 else PROBLEM
    media: dict[str, Any] = {"schema": {"$ref": SCHEMA_REF + schema}}
    examples = {code: _example(code, status) for code in codes if code in PROBLEM_TYPES}
    if examples:
        media["examples"] = examples
    response: dict[str, Any] = {"description": description, "content": {PROBLEM_JSON: media}}
    if codes:
        response[CODES_KEY] = list(codes)
    return response


def _example(code: str, status: int) -> dict[str, Any]:
    kind = PROBLEM_TYPES[code]
    value: dict[str, Any] = {
        "type": kind.uri,
        "title": kind.title,
        "status": status,
        "detail": kind.description.split("\n\n")[0],
        "request_id": "0193a4c2-80aa-7f10-8c1d-2b3e4f5a6b7c",
    }
    if status == 422:
        value["errors"] = []
    return {"summary": kind.title, "value": value}


def schemas() -> dict[str, dict[str, Any]]:
    """Return the problem schemas every document holds, by component name."""
    return copy.deepcopy(SCHEMAS)
