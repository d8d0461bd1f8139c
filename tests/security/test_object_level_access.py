"""OWASP API1:2023 (broken object level authorization) and API5:2023 (broken function level
authorization), through the gateway.

Every operation whose path names a record (read from the gateway's merged OpenAPI document, so a
new route is covered the day it appears) is called by a partner, a Centre officer of low
clearance, a system key of another organization and a person of another organization whose
token claims the officer role, on each record of the world
(``tests/security/world.py``) they may not reach:

* ``TestEveryRecordRouteIsCovered``: each such route has a record of the world to attack;
* ``TestHiddenRecordsLookAbsent`` (API1, API5): on a record the caller may not read, every method
  answers exactly as for an id that names nothing (same status, same problem body but for the id):
  404, or 403 for a function the caller's role may never use; writes on a record the caller may
  read but not change are refused with 403 or 404; and afterwards every record reads as before;
* ``TestListsHideWhatIsNotTheirs`` (API1): no collection read (lists, counts, exports, reports)
  names a record the caller may not read, though the Head of Centre finds each of them there;
* ``TestContactDetailsNeedToKnow`` (API3): contacts' personal details stay with need-to-know.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from tests.contract.documents import complete_document
from tests.e2e.gateway_platform import Platform
from tests.security.openapi_routes import Operation, operations
from tests.security.world import ADMIN, CALLERS, Record, World, fake_value

# Members of a problem that name this one request rather than the answer.
PER_REQUEST = ("instance", "request_id", "trace_id")


@dataclass(frozen=True)
class Attempt:
    """One caller calling one operation on one record."""

    caller: str
    headers: dict[str, str]
    operation: Operation
    record: Record

    def __str__(self) -> str:
        return f"{self.caller} {self.operation.method} {self.operation.path} ({self.record.name})"


def record_routes(document: dict[str, Any]) -> list[Operation]:
    """Return the operations whose path names a record."""
    return [op for op in operations(document) if op.params]


def records_for(world: World, operation: Operation) -> list[Record]:
    """Return the records whose parameters fill ``operation``'s path exactly."""
    return [r for r in world.records if set(r.params) == set(operation.params)]


async def snapshot(running: Platform, world: World) -> dict[str, Any]:
    """Return how every record reads to the administrator right now."""
    seen: dict[str, Any] = {}
    for record in world.records:
        response = await running.client.get(record.read_path, headers=ADMIN)
        assert response.status_code == 200, response.text
        seen[record.read_path] = response.json()
        record.etag = response.headers.get("etag")
    contacts = await running.client.get("/api/v1/organizations/UNAMA/contacts", headers=ADMIN)
    seen["contacts"] = contacts.json()
    return seen


def normalised(response: httpx.Response, value: str) -> Any:
    """Return the answer's body with ``value`` and the per-request members taken out."""
    text = response.text.replace(value, "<id>")
    try:
        body = json.loads(text)
    except ValueError:
        return text
    if isinstance(body, dict):
        for name in PER_REQUEST:
            body.pop(name, None)
    return body


async def call(running: Platform, attempt: Attempt, values: dict[str, str]) -> httpx.Response:
    """Send the attempt with the path filled from ``values`` (and the record's ETag, which a
    change may need)."""
    headers = dict(attempt.headers)
    if attempt.operation.method != "GET" and attempt.record.etag:
        headers["If-Match"] = attempt.record.etag
    body = attempt.operation.example_body()
    return await running.client.request(
        attempt.operation.method,
        attempt.operation.fill(values),
        headers=headers,
        json=body,
    )


async def judge(running: Platform, attempt: Attempt) -> str | None:
    """Return what is wrong with the answers to ``attempt``, or None."""
    record, operation = attempt.record, attempt.operation
    last = operation.params[-1]
    real_value = record.params[last]
    fake = dict(record.params) | {last: fake_value(last, real_value)}
    real_answer = await call(running, attempt, record.params)
    if real_answer.status_code >= 500:
        return f"{attempt}: {real_answer.status_code} {real_answer.text[:300]}"
    if attempt.caller in record.readable:
        if operation.method == "GET" or real_answer.status_code in {403, 404}:
            return None
        return f"{attempt}: a write on a readable record answered {real_answer.status_code}"
    fake_answer = await call(running, attempt, fake)
    if real_answer.status_code not in {403, 404}:
        return f"{attempt}: answered {real_answer.status_code} {real_answer.text[:300]}"
    real_body = normalised(real_answer, real_value)
    fake_body = normalised(fake_answer, fake[last])
    if (real_answer.status_code, real_body) != (fake_answer.status_code, fake_body):
        return (
            f"{attempt}: tells the record exists: {real_answer.status_code} {real_body} "
            f"against {fake_answer.status_code} {fake_body} for an id that names nothing"
        )
    return None


class TestEveryRecordRouteIsCovered:
    async def test_each_route_naming_a_record_has_one_to_attack(
        self, secured: Platform, world: World
    ) -> None:
        document = await complete_document(secured)
        missing = [
            f"{op.method} {op.path}" for op in record_routes(document) if not records_for(world, op)
        ]
        assert not missing, f"add a record of this kind to tests/security/world.py: {missing}"


class TestHiddenRecordsLookAbsent:
    async def test_no_caller_reads_changes_or_detects_what_is_not_theirs(
        self, secured: Platform, world: World
    ) -> None:
        document = await complete_document(secured)
        before = await snapshot(secured, world)
        wrong: list[str] = []
        tried = 0
        for operation in record_routes(document):
            for record in records_for(world, operation):
                for caller in CALLERS:
                    if caller in record.writable:
                        continue
                    tried += 1
                    verdict = await judge(
                        secured, Attempt(caller, world.callers[caller], operation, record)
                    )
                    if verdict:
                        wrong.append(verdict)
        assert tried > 50
        assert not wrong, "\n".join(wrong)
        assert await snapshot(secured, world) == before


class TestContactDetailsNeedToKnow:
    async def test_callers_outside_the_contacts_organization_get_no_personal_details(
        self, secured: Platform, world: World
    ) -> None:
        contact = world.record("contact")
        for caller in ("partner", "outsider", "stranger"):
            response = await secured.client.get(contact.read_path, headers=world.callers[caller])
            assert response.status_code == 200, response.text
            assert response.json()["details"] is None, (caller, response.text)
            assert response.json()["details_hidden"] is True
            assert "a.toktosunova" not in response.text


def hidden_ids(world: World, caller: str) -> dict[str, str]:
    """Return the ids of the records ``caller`` may not read, by record name."""
    return {
        record.name: list(record.params.values())[-1]
        for record in world.records
        if caller not in record.readable | record.writable
    }


class TestListsHideWhatIsNotTheirs:
    async def test_no_collection_read_names_a_hidden_record(
        self, secured: Platform, world: World
    ) -> None:
        document = await complete_document(secured)
        reads = [op for op in operations(document) if op.method == "GET" and not op.params]
        assert len(reads) >= 15
        listed_to_head = "".join(
            [(await secured.client.get(op.path, headers=world.head)).text for op in reads]
        )
        for name in ("strict incident", "briefing", "agreement", "consent", "engagement"):
            assert world.record(name).read_path.rsplit("/", 1)[1] in listed_to_head, name
        leaks = []
        for caller in CALLERS:
            hidden = hidden_ids(world, caller)
            for operation in reads:
                try:
                    response = await secured.client.get(
                        operation.path, headers=world.callers[caller]
                    )
                except httpx.TransportError as exc:
                    raise AssertionError(f"{caller} GET {operation.path}: {exc!r}") from exc
                assert response.status_code < 500, (operation.path, response.text)
                leaks += [
                    f"{caller} GET {operation.path} names the {name}"
                    for name, value in hidden.items()
                    if value in response.text
                ]
        assert not leaks, "\n".join(leaks)
