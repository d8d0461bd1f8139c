"""A client generated from the gateway's document, as a UN system would build one, works.

openapi-python-client generates a typed Python client from the document the running gateway
serves; the test imports it and uses it against the platform: create, list and read incidents,
draft a briefing and take it through a step of clearance, and receive a 422 and a 404 as the
typed problems the document promises.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.contract.documents import complete_document
from tests.e2e.gateway_platform import platform

GENERATOR = Path(sys.executable).parent / "openapi-python-client"
PACKAGE = "pdp_generated_client"


async def _generate(document: dict[str, Any], directory: Path) -> None:
    spec = directory / "openapi.json"
    spec.write_text(json.dumps(document))
    process = await asyncio.create_subprocess_exec(
        str(GENERATOR),
        "generate",
        "--path",
        str(spec),
        "--meta",
        "none",
        "--output-path",
        str(directory / PACKAGE),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        cwd=directory,
    )
    output, _ = await process.communicate()
    assert process.returncode == 0, output.decode(errors="replace")


def _load(directory: Path) -> dict[str, ModuleType]:
    """Import the generated package from ``directory`` (afresh) and return its modules."""
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    sys.path.insert(0, str(directory))
    try:
        names = {
            "client": "client",
            "models": "models",
            "create_incident": "api.incidents.create_incident",
            "read_incident": "api.incidents.read_incident",
            "list_incidents": "api.search.list_incidents",
            "create_briefing": "api.briefings.create_briefing",
            "transition_briefing": "api.briefings.transition_briefing",
        }
        return {key: importlib.import_module(f"{PACKAGE}.{path}") for key, path in names.items()}
    finally:
        sys.path.remove(str(directory))


def _example(document: dict[str, Any], schema: str) -> dict[str, Any]:
    examples: list[dict[str, Any]] = document["components"]["schemas"][schema]["examples"]
    return dict(examples[0])


class TestGeneratedClient:
    @pytest.mark.timeout(300)
    async def test_lists_reads_creates_transitions_and_types_its_problems(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            document = await complete_document(running)
            await _generate(document, tmp_path)
            api = _load(tmp_path)
            models = api["models"]
            staff = await running.key(
                Role.OFFICER, Role.HEAD_OF_CENTRE, org="UNRCCA", clearance=Clearance.CONFIDENTIAL
            )
            client = api["client"].AuthenticatedClient(
                base_url=running.url,
                token=staff["X-API-Key"],
                prefix="",
                auth_header_name="X-API-Key",
            )
            async with client:
                incident = _example(document, "IncidentCreate")
                created = await api["create_incident"].asyncio_detailed(
                    client=client, body=models.IncidentCreate.from_dict(incident)
                )
                assert created.status_code == 201, created.content
                assert isinstance(created.parsed, models.IncidentRead)
                incident_id = created.parsed.id

                page = await api["list_incidents"].asyncio(client=client)
                assert isinstance(page, models.PageIncidentRead)
                assert [item.id for item in page.items] == [incident_id]

                read = await api["read_incident"].asyncio_detailed(
                    client=client, incident_id=incident_id
                )
                assert read.status_code == 200
                assert read.parsed.title == incident["title"]
                assert read.headers["etag"] == '"1"'

                briefing = await api["create_briefing"].asyncio(
                    client=client,
                    body=models.BriefingCreate.from_dict(_example(document, "BriefingCreate")),
                )
                assert isinstance(briefing, models.BriefingRead)
                reviewed = await api["transition_briefing"].asyncio_detailed(
                    client=client,
                    briefing_id=briefing.id,
                    body=models.BriefingTransitionCreate.from_dict({"action": "review"}),
                    if_match=f'"{briefing.version}"',
                )
                assert reviewed.status_code == 200, reviewed.content
                assert reviewed.parsed.status == models.BriefingStatus.REVIEWED

                invalid = await api["create_incident"].asyncio_detailed(
                    client=client,
                    body=models.IncidentCreate.from_dict(incident | {"severity": 9}),
                )
                assert invalid.status_code == 422
                assert isinstance(invalid.parsed, models.ValidationProblem)
                assert invalid.parsed.type_ == "/problems/validation-failed"
                assert [e.loc for e in invalid.parsed.errors] == [["body", "severity"]]

                missing = await api["read_incident"].asyncio_detailed(
                    client=client, incident_id=uuid.uuid4()
                )
                assert missing.status_code == 404
                assert isinstance(missing.parsed, models.Problem)
                assert missing.parsed.type_ == "/problems/incident-not-found"
                assert missing.parsed.request_id == missing.headers["x-request-id"]
