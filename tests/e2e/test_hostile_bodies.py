"""Hostile bodies against every write operation of the platform, through the real gateway.

The operations come from the gateway's OpenAPI document (every service's and the gateway's own),
so a new route is covered as soon as it is documented. Each hostile body must be answered with a
4xx problem (the problem type the corpus names, where it names one) and must change nothing: the
rows of every service's and the gateway's database are counted before and after. A body that
stops arriving is answered 408 (or the connection closed) by the gateway and by each service.
Real services, NATS and databases, on both backends.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from briefings.settings import BriefingsSettings
from country_teams.settings import CountryTeamsSettings
from incidents.settings import IncidentsSettings
from organizations.settings import OrganizationsSettings
from pdp_common.identity import Clearance, Role
from pdp_common.settings import ServiceSettings
from pdp_common.testing.databases import DatabaseTarget
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.contract.documents import complete_document, operations
from tests.e2e.gateway_platform import Platform, platform
from tests.e2e.hostile_corpus import CORPUS, OVERSIZE, HostileBody
from tests.shared.polling import eventually

FACTORY_SETTINGS = (
    IncidentsSettings,
    OrganizationsSettings,
    CountryTeamsSettings,
    BriefingsSettings,
)
WRITE_METHODS = ("post", "put", "patch")
PROBLEM_JSON = "application/problem+json"
# Tables that record the request itself (the gateway's audit) or drain on their own (the outbox).
MOVING_TABLES = ("audit", "outbox")
# Routes that read an unreadable body their own way (the import reports its own problem).
OWN_ANSWERS = {"/api/v1/incidents/imports": frozenset({"incident-import-invalid"})}
# Routes only a partner with an agreement in force may call at all (they stream their body and
# read it after that check): their hostile bodies are sent by such a partner, so that the body,
# not the caller, is what they refuse.
PARTNER_ONLY = frozenset({"/api/v1/incidents/feeds/items"})
PARTNER = "OSCE"
BODY_TIMEOUT_SECONDS = 1.0
LIMITS: dict[str, Any] = {
    "rate_limit_per_second": 100_000.0,
    "rate_limit_burst": 100_000,
    "body_read_timeout_seconds": BODY_TIMEOUT_SECONDS,
    # An import job's upload is streamed up to 1 GiB by default; held here to the import limit so
    # that the oversize body passes it through the streaming path too.
    "import_job_max_body_bytes": 16 * 1_048_576,
}


@pytest.fixture
def short_body_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give every service a short body timeout (their settings read it from the environment)."""
    for settings in FACTORY_SETTINGS:
        prefix = str(settings.model_config.get("env_prefix", ""))
        monkeypatch.setenv(f"{prefix}BODY_READ_TIMEOUT_SECONDS", str(BODY_TIMEOUT_SECONDS))


def write_operations(document: dict[str, Any]) -> list[tuple[str, str]]:
    """Return every (method, path) of ``document`` that takes a request body."""
    return sorted(
        (method.upper(), path)
        for path, method, operation in operations(document)
        if method in WRITE_METHODS and "requestBody" in operation
    )


def concrete(path: str) -> str:
    """Return ``path`` with every parameter filled with an id nobody has."""
    parts = [str(uuid.uuid4()) if p.startswith("{") else p for p in path.split("/")]
    return "/".join(parts)


def first_create(document: dict[str, Any], service: str) -> str:
    """Return the path of a POST operation of ``service`` without path parameters."""
    return next(
        path
        for path, method, operation in operations(document)
        if method == "post"
        and operation.get("x-pdp-service") == service
        and "requestBody" in operation
        and "{" not in path
    )


async def row_counts(settings: ServiceSettings) -> dict[str, int]:
    """Return the number of rows of every table of the database ``settings`` names."""
    engine = create_async_engine(settings.database_url)
    schema = settings.database_schema
    try:
        async with engine.connect() as connection:
            names = await connection.run_sync(
                lambda sync: inspect(sync).get_table_names(schema=schema)
            )
            counts: dict[str, int] = {}
            for name in names:
                if any(moving in name for moving in MOVING_TABLES):
                    continue
                table = f'"{schema}"."{name}"' if schema else f'"{name}"'
                result = await connection.execute(text(f"SELECT count(*) FROM {table}"))
                counts[name] = int(result.scalar_one())
            return counts
    finally:
        await engine.dispose()


async def all_row_counts(client: Platform) -> dict[str, dict[str, int]]:
    """Return the row counts of every service's database and of the gateway's."""
    databases = dict(client.settings) | {"gateway": client.gateway.state.settings}
    return {name: await row_counts(settings) for name, settings in databases.items()}


async def every_role_key(client: Platform) -> dict[str, str]:
    """Return headers with a key holding every role, so that role checks let bodies through."""
    roles = (Role.ADMIN, Role.ANALYST, Role.OFFICER, Role.HEAD_OF_CENTRE, Role.SYSTEM)
    return await client.key(*roles, org="UNRCCA", clearance=Clearance.STRICTLY_CONFIDENTIAL)


def refused(response: httpx.Response, case: HostileBody, path: str) -> str | None:
    """Return why ``response`` is not a right refusal of ``case``, or None when it is."""
    if not 400 <= response.status_code < 500:
        return f"status {response.status_code}"
    if not response.headers.get("content-type", "").startswith(PROBLEM_JSON):
        return f"content type {response.headers.get('content-type')}"
    code = str(response.json().get("type", "")).rsplit("/", 1)[-1]
    answers = case.answers
    if answers is not None and code not in answers | OWN_ANSWERS.get(path, frozenset()):
        return f"problem {code}, expected one of {sorted(answers)}"
    return None


async def partner_key(client: Platform, headers: dict[str, str]) -> dict[str, str]:
    """Register the partner, give it an agreement in force, and return its key once the
    incidents service holds the agreement (a partner-only route then reads the body)."""
    body: dict[str, Any] = {"code": PARTNER, "kind": "regional_organization", "name": "OSCE"}
    response = await client.client.post("/api/v1/organizations", json=body, headers=headers)
    assert response.status_code == 201, response.text
    body = {
        "partner_org": PARTNER, "title": "OSCE water incidents", "countries": ["KGZ"],
        "categories": ["water_energy_dispute"], "max_sensitivity": "internal",
        "embargo_hours": 0, "formats": ["json"], "valid_from": "2020-01-01T00:00:00Z",
    }  # fmt: skip
    response = await client.client.post("/api/v1/agreements", json=body, headers=headers)
    assert response.status_code == 201, response.text
    partner = await client.key(Role.PARTNER, org=PARTNER, clearance=Clearance.CONFIDENTIAL)
    path = next(iter(PARTNER_ONLY))

    async def answer() -> int:
        response = await client.client.post(path, content=b"[", headers=partner)
        return response.status_code

    await eventually(answer, until=lambda status: status != 403, timeout=60)
    return partner


async def send_corpus(
    client: Platform,
    headers: dict[str, str],
    cases: tuple[HostileBody, ...],
    partner: dict[str, str],
) -> list[str]:
    """Send every case to every write operation; return the failures."""
    document = await complete_document(client)
    failures: list[str] = []
    for method, path in write_operations(document):
        caller = partner if path in PARTNER_ONLY else headers
        for case in cases:
            response = await client.client.request(
                method,
                concrete(path),
                content=case.body,
                headers=caller | {"Content-Type": case.content_type},
            )
            failure = refused(response, case, path)
            if failure is not None:
                failures.append(f"{method} {path} {case.name}: {failure}: {response.text[:200]}")
    return failures


async def stalled_request(url: str, path: str, headers: dict[str, str]) -> bytes:
    """Send the headers and a few bytes of a longer body, then stall; return what comes back
    (empty when the server just closes the connection)."""
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        lines = [f"POST {path} HTTP/1.1", f"Host: {host}", "Content-Type: application/json"]
        lines += ["Content-Length: 1000", *(f"{k}: {v}" for k, v in headers.items())]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + b'{"title": ')
        await writer.drain()
        return await asyncio.wait_for(reader.read(65_536), timeout=30)
    finally:
        writer.close()


class TestHostileBodies:
    @pytest.mark.timeout(600)
    async def test_every_write_operation_refuses_every_hostile_body_and_changes_nothing(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path, **LIMITS) as client:
            headers = await every_role_key(client)
            partner = await partner_key(client, headers)
            before = await all_row_counts(client)
            failures = await send_corpus(client, headers, (*CORPUS, OVERSIZE), partner)
            after = await all_row_counts(client)
        assert not failures, "\n".join(failures)
        assert all(before.values()), before  # every database's tables were counted
        assert after == before


class TestStalledBodies:
    @pytest.mark.timeout(120)
    @pytest.mark.usefixtures("short_body_timeouts")
    async def test_gateway_and_services_answer_a_stalled_body_408(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path, **LIMITS) as client:
            headers = await every_role_key(client)
            answers = {"gateway": await stalled_request(client.url, "/api/v1/incidents", headers)}
            answers["gateway-own"] = await stalled_request(client.url, "/api/v1/api-keys", headers)
            document = await complete_document(client)
            for name, url in client.service_urls.items():
                answers[name] = await stalled_request(url, first_create(document, name), {})
        for name, answer in answers.items():
            assert answer.startswith(b"HTTP/1.1 408 "), f"{name}: {answer[:300]!r}"
            assert b"body-timeout" in answer, f"{name}: {answer[:300]!r}"
