"""OWASP API3:2023 (broken object property level authorization: mass assignment), through the
gateway.

For every create and update operation of the gateway's merged OpenAPI document, the fields the
server owns (every member of the answer the request schema does not take, fields marked
``readOnly``, and the usual suspects: id, reference, status, timestamps, version, owner and
organization, verification state) are sent in an otherwise valid body by the Centre's Head of
Centre:

* ``TestServerOwnedFieldsAreRefused``: each is refused with a 422 problem naming the field, and
  the records read as before; the request schemas forbid extra members (``additionalProperties:
  false``), so a new schema that forgets it fails here;
* ``test_every_request_schema_forbids_extra_members``: that rule, read from the document (the
  development issuer's token request included);
* a bulk import's rows are checked against the create schema, so a row carrying them is
  rejected (``tests/incidents/test_imports.py``);
* an upload queued for a background job (an operation whose success answer is 202 Accepted: the
  import job's CSV or JSON batch) is a file, not a representation of the record: it is stored as
  sent and read when the job runs, which checks each row against the create schema and fails the
  job on any member of the batch besides ``incidents`` (``tests/incidents/imports``), so the
  upload's 202 says nothing about the fields it carries and the operation is not tried here.
"""

from __future__ import annotations

from typing import Any

from tests.contract.documents import complete_document
from tests.e2e.gateway_platform import Platform
from tests.security.openapi_routes import Operation, operations
from tests.security.test_object_level_access import records_for, snapshot
from tests.security.world import ADMIN, World

SERVER_OWNED = (
    "id",
    "reference",
    "status",
    "created_at",
    "updated_at",
    "version",
    "etag",
    "org",
    "owner",
    "owner_org",
    "organization",
    "created_by",
    "verified",
    "verified_at",
    "verification_status",
)


def changes(document: dict[str, Any], prefix: str = "/api/v1/") -> list[Operation]:
    """Return the create and update operations under ``prefix`` that take a JSON object body."""
    return [
        op
        for op in operations(document, prefix)
        if op.method in {"POST", "PUT", "PATCH"}
        and (schema := op.body_schema()) is not None
        and schema.get("type", "object") == "object"
        and "properties" in schema
    ]


def queued(operation: Operation) -> bool:
    """Tell whether ``operation`` queues its body as a file for a background job (202)."""
    return "202" in operation.operation.get("responses", {})


def server_owned(operation: Operation) -> list[str]:
    """Return the fields the server owns that ``operation``'s body must not set."""
    body = operation.body_schema() or {}
    taken = set(body.get("properties", {}))
    answer = operation.answer_schema() or {}
    owned = set(answer.get("properties", {})) | set(SERVER_OWNED)
    owned |= {name for name, prop in answer.get("properties", {}).items() if prop.get("readOnly")}
    return sorted(owned - taken)


def names_field(problem: dict[str, Any], field: str) -> bool:
    """Tell whether a validation problem points at ``field`` (when it lists errors by field)."""
    if "errors" not in problem:
        return problem.get("status") == 422
    return any(field in map(str, error.get("loc", [])) for error in problem["errors"])


class TestServerOwnedFieldsAreRefused:
    async def test_every_change_refuses_every_field_the_server_owns(
        self, secured: Platform, world: World
    ) -> None:
        document = await complete_document(secured)
        before = await snapshot(secured, world)
        wrong: list[str] = []
        tried = 0
        for operation in changes(document):
            if queued(operation):
                continue
            headers = ADMIN if operation.path.startswith("/api/v1/api-keys") else world.head
            values = records_for(world, operation)[0].params if operation.params else {}
            for field in server_owned(operation):
                tried += 1
                body = (operation.example_body() or {}) | {field: "forged"}
                response = await secured.client.request(
                    operation.method, operation.fill(values), json=body, headers=headers
                )
                refused = response.status_code == 422 and response.headers.get(
                    "content-type", ""
                ).startswith("application/problem+json")
                problem = response.json() if refused else {}
                if not names_field(problem, field):
                    wrong.append(
                        f"{operation.method} {operation.path} took {field!r}: "
                        f"{response.status_code} {response.text[:200]}"
                    )
        assert tried > 100
        assert not wrong, "\n".join(wrong)
        assert await snapshot(secured, world) == before

    async def test_every_request_schema_forbids_extra_members(self, secured: Platform) -> None:
        document = await complete_document(secured)
        lax = [
            f"{op.method} {op.path}"
            for op in changes(document, prefix="/")
            if (op.body_schema() or {}).get("additionalProperties") is not False
        ]
        assert not lax
