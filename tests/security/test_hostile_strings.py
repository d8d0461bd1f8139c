"""Hostile strings stored and returned safely, through the gateway (OWASP API8:2023 injection
exposure, API10:2023 unsafe consumption by the clients of our answers, and the OWASP CSV
injection guidance).

* ``TestEveryTextFieldOfEveryCreate``: each free-text field of each create operation of the
  merged OpenAPI document, given markup, SQL, a spreadsheet formula, CR/LF with a header, bidi
  overrides, and text as long as the field allows, is stored verbatim and read back as JSON data,
  or refused with a 4xx problem; never a 5xx, never one character more than the limit;
* ``TestIncidentEchoes``: an incident full of them reads back verbatim, answers JSON with
  ``nosniff``, its ``Location`` is the plain record path and no header carries its text; the CSV
  export writes the formula as text and the export's file name stays fixed.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.contract.documents import complete_document
from tests.e2e.gateway_platform import Platform
from tests.incidents.factories import incident_payload
from tests.security.openapi_routes import Operation, operations
from tests.security.test_object_level_access import records_for
from tests.security.world import World

HOSTILE = {
    "markup": "<script>alert(document.cookie)</script><img src=x onerror=alert(1)>",
    "sql": "Robert'); DROP TABLE incidents;-- ' OR '1'='1",
    "formula": "=cmd|' /C calc'!A0",
    "plus": "+1+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "header": "Osh\r\nSet-Cookie: session=stolen\r\nX-Injected: 1",
    "bidi": "Bishkek \u202etxt.exe\u202c report \u2066\u2069",
}


def text_fields(operation: Operation) -> dict[str, int | None]:
    """Return the body's free-text fields (no enum, pattern or format) and their maximum length."""
    body = operation.body_schema() or {}
    fields: dict[str, int | None] = {}
    for name, prop in body.get("properties", {}).items():
        options = prop.get("anyOf", [prop])
        texts = [o for o in options if o.get("type") == "string"]
        if len(texts) != 1 or {"enum", "pattern", "format", "const"} & set(texts[0]):
            continue
        fields[name] = texts[0].get("maxLength")
    return fields


def holds(answer: Any, field: str, value: str) -> bool:
    """Tell whether ``field`` of the answer, or of an object nested in it, is ``value``."""
    if isinstance(answer, dict):
        return answer.get(field) == value or any(holds(v, field, value) for v in answer.values())
    return False


def creates(document: dict[str, Any]) -> list[Operation]:
    """Return the operations that create a record from a JSON body."""
    return [
        op
        for op in operations(document)
        if op.method == "POST"
        and "201" in op.operation.get("responses", {})
        and op.body_schema() is not None
        and not op.path.startswith("/api/v1/api-keys")
    ]


class TestEveryTextFieldOfEveryCreate:
    async def test_hostile_text_is_kept_verbatim_or_refused_never_a_failure(
        self, secured: Platform, world: World
    ) -> None:
        document = await complete_document(secured)
        wrong: list[str] = []
        stored = 0
        for operation in creates(document):
            values = records_for(world, operation)[0].params if operation.params else {}
            path = operation.fill(values)
            for field, longest in text_fields(operation).items():
                tries = dict(HOSTILE)
                if longest is not None:
                    tries["longest"] = "\u0416" * longest
                    tries["too long"] = "x" * (longest + 1)
                for kind, value in tries.items():
                    body = (operation.example_body() or {}) | {field: value}
                    response = await secured.client.post(path, json=body, headers=world.head)
                    where = f"POST {operation.path} {field} {kind}"
                    if response.status_code >= 500:
                        wrong.append(f"{where}: {response.status_code} {response.text[:200]}")
                    elif response.status_code < 300:
                        stored += 1
                        if kind == "too long" or not holds(response.json(), field, value):
                            wrong.append(f"{where}: stored as {response.text[:200]}")
                    elif response.headers["content-type"] != "application/problem+json":
                        wrong.append(f"{where}: {response.status_code} without a problem")
        assert stored > 30
        assert not wrong, "\n".join(wrong)


class TestIncidentEchoes:
    async def test_an_incident_full_of_hostile_text_comes_back_as_data(
        self, secured: Platform, world: World
    ) -> None:
        payload = incident_payload(
            title=HOSTILE["markup"], summary=HOSTILE["sql"], location=HOSTILE["header"],
            actor1=HOSTILE["formula"], actor2=HOSTILE["bidi"], tags=["-2+3"],
        )  # fmt: skip
        created = await secured.client.post("/api/v1/incidents", json=payload, headers=world.head)
        assert created.status_code == 201, created.text
        incident = created.json()
        assert created.headers["location"] == f"/api/v1/incidents/{incident['id']}"
        assert "set-cookie" not in created.headers
        assert "x-injected" not in created.headers
        read = await secured.client.get(f"/api/v1/incidents/{incident['id']}", headers=world.head)
        assert read.status_code == 200, read.text
        assert read.headers["content-type"].startswith("application/json")
        assert read.headers["x-content-type-options"] == "nosniff"
        for name in ("title", "summary", "location", "actor1", "actor2"):
            assert read.json()[name] == payload[name], name
        assert "set-cookie" not in read.headers
        assert "x-injected" not in read.headers
        export = await secured.client.get(
            "/api/v1/incidents/export.csv", params={"q": "DROP"}, headers=world.head
        )
        assert export.status_code == 200, export.text
        assert export.headers["content-disposition"] == 'attachment; filename="incidents.csv"'
        rows = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(export.text))}
        row = rows[incident["reference"]]
        assert row["actor1"] == "'" + HOSTILE["formula"]
        assert row["tags"] == "'-2+3"
        assert row["notes"] == HOSTILE["sql"]
