"""The OpenAPI documents carry valid examples: every request body has one, and so have the main
read schemas; every example validates against its own schema (JSON Schema 2020-12)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from briefings.main import create_app as create_briefings
from briefings.settings import BriefingsSettings
from country_teams.main import create_app as create_country_teams
from country_teams.settings import CountryTeamsSettings
from gateway.main import _local_openapi
from gateway.main import create_app as create_gateway
from gateway.settings import GatewaySettings
from incidents.main import create_app as create_incidents
from incidents.settings import IncidentsSettings
from organizations.main import create_app as create_organizations
from organizations.settings import OrganizationsSettings
from pdp_common.identity import Clearance, Role, generate_keypair
from pdp_common.testing.apps import Identities, running
from pdp_common.testing.databases import DatabaseTarget

from tests.contract.openapi_examples import (
    Document,
    ExampleClient,
    body_examples,
    example_errors,
    json_bodies,
)

READ_SCHEMAS: dict[str, set[str]] = {
    "incidents": {
        "IncidentRead",
        "Page_IncidentRead_",
        "IncidentCount",
        "TimelineEntryRead",
        "DuplicateCandidate",
        "ImportReport",
    },
    "organizations": {
        "OrganizationRead",
        "ContactRead",
        "AgreementRead",
        "ConsentRead",
        "EngagementRead",
        "FollowUpRead",
        "InitiativeRead",
        "OverlapRead",
        "SharingDecisionRead",
        "Page_OrganizationRead_",
        "Page_ContactRead_",
        "Page_AgreementRead_",
        "Page_ConsentRead_",
        "Page_EngagementRead_",
        "Page_FollowUpRead_",
        "Page_InitiativeRead_",
    },
    "country-teams": {
        "CountryTeamRead",
        "ActivityRead",
        "Page_CountryTeamRead_",
        "Page_ActivityRead_",
        "WhoWhatWhere",
        "GapList",
    },
    "briefings": {"BriefingRead", "Page_BriefingRead_", "BriefingReach", "BriefingVersionRead"},
    "gateway": {
        "ApiKeyRead",
        "ApiKeyIssued",
        "Page_ApiKeyRead_",
        "AuditRecordRead",
        "Page_AuditRecordRead_",
        "DevTokenRead",
    },
}
"""The read schemas of each document that must show an example."""


def build_documents(var_dir: Path) -> dict[str, Document]:
    """Build every service app and the gateway (no database needed) and return their documents."""
    common: dict[str, Any] = {"var_dir": var_dir, "log_level": "WARNING"}
    private_pem, _ = generate_keypair()
    gateway = create_gateway(
        GatewaySettings(**common, identity_private_key=private_pem.decode(), nats_enabled=False)
    )
    return {
        "incidents": create_incidents(IncidentsSettings(**common)).openapi(),
        "organizations": create_organizations(OrganizationsSettings(**common)).openapi(),
        "country-teams": create_country_teams(CountryTeamsSettings(**common)).openapi(),
        "briefings": create_briefings(BriefingsSettings(**common)).openapi(),
        "gateway": _local_openapi(gateway),
    }


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    """Return the OpenAPI document of every service and of the gateway's own endpoints."""
    return build_documents(tmp_path_factory.mktemp("var"))


SERVICES = sorted(READ_SCHEMAS)


class TestRequestBodies:
    @pytest.mark.parametrize("service", SERVICES)
    def test_every_json_request_body_has_an_example(
        self, documents: dict[str, Document], service: str
    ) -> None:
        document = documents[service]
        bodies = dict(json_bodies(document))
        assert bodies, f"{service} has no JSON request body"
        missing = [op for op, media in bodies.items() if not body_examples(document, media)]
        assert not missing, f"{service}: no example for {missing}"

    def test_update_examples_are_partial(self, documents: dict[str, Document]) -> None:
        for service, document in documents.items():
            for operation, media in json_bodies(document):
                if not operation.startswith("PATCH"):
                    continue
                for example in body_examples(document, media):
                    assert example, f"{service} {operation}: an empty update example"


class TestExamplesValidate:
    @pytest.mark.parametrize("service", SERVICES)
    def test_every_example_matches_its_schema(
        self, documents: dict[str, Document], service: str
    ) -> None:
        errors = example_errors(documents[service])
        assert not errors, "\n".join(errors[:20])

    def test_a_wrong_example_is_caught(self, documents: dict[str, Document]) -> None:
        document = documents["incidents"]
        schemas = document["components"]["schemas"]
        example = schemas["IncidentCreate"]["examples"][0]
        wrong = {**example, "latitude": 95.0, "severity": "high", "district": "Batken"}
        create = {**schemas["IncidentCreate"], "examples": [wrong]}
        components = {**document["components"], "schemas": {**schemas, "IncidentCreate": create}}
        broken = {**document, "components": components}
        errors = example_errors(broken)
        assert len(errors) == 3, errors
        assert all(e.startswith("/components/schemas/IncidentCreate") for e in errors)


class TestReadSchemas:
    @pytest.mark.parametrize("service", SERVICES)
    def test_main_read_schemas_have_an_example(
        self, documents: dict[str, Document], service: str
    ) -> None:
        schemas = documents[service]["components"]["schemas"]
        missing = sorted(n for n in READ_SCHEMAS[service] if not schemas[n].get("examples"))
        assert not missing, f"{service}: no example on {missing}"


class TestComponentNames:
    def test_no_two_services_define_one_name_differently(
        self, documents: dict[str, Document]
    ) -> None:
        seen: dict[str, tuple[str, dict[str, Any]]] = {}
        clashes = []
        for service, document in documents.items():
            for name, schema in document["components"]["schemas"].items():
                first = seen.setdefault(name, (service, schema))
                if first[1] != schema:
                    clashes.append(f"{name}: {first[0]} and {service}")
        assert not clashes, clashes


INCIDENT = "/api/v1/incidents/{incident_id}"
ORGANIZATION = "/api/v1/organizations/{code}"
ENGAGEMENT = "/api/v1/engagements/{engagement_id}"
PREREQUISITE_ORGANIZATIONS = {
    "OSCE": "regional_organization",
    "UNAMA": "un_entity",
    "MFA-KGZ": "ministry",
    "MFA-TJK": "ministry",
}
"""Organizations the organizations examples name, registered before them."""


class TestServicesAcceptTheirExamples:
    """Each service, on each database, takes every request example it documents."""

    async def test_incidents(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_incidents(IncidentsSettings(**service_settings))
        headers = identities.headers(roles=(Role.OFFICER,), clearance=Clearance.CONFIDENTIAL)
        async with running(app) as client:
            api = ExampleClient(client, app.openapi(), headers)
            batken, _ = await api.send_all("POST", "/api/v1/incidents")
            (change,) = api.examples("PATCH", INCIDENT)
            batken = await api.send(
                "PATCH", INCIDENT, change, version=batken["version"], incident_id=batken["id"]
            )
            for step in api.examples("POST", INCIDENT + "/transitions"):
                batken = await api.send(
                    "POST",
                    INCIDENT + "/transitions",
                    step,
                    version=batken["version"],
                    incident_id=batken["id"],
                )
            assert batken["status"] == "corrected"
            report = api.examples("POST", "/api/v1/incidents")[0]
            centre_copy = await api.send("POST", "/api/v1/incidents", report | {"origin": None})
            (merge,) = api.examples("POST", INCIDENT + "/merge")
            merged = await api.send(
                "POST",
                INCIDENT + "/merge",
                merge | {"duplicate_ids": [centre_copy["id"]]},
                incident_id=batken["id"],
            )
            assert len(merged["provenances"]) == 2
            (batch,) = api.examples("POST", "/api/v1/incidents/imports")
            imported = await api.send("POST", "/api/v1/incidents/imports", batch)
            assert imported["accepted"] == len(batch["incidents"]), imported

    async def test_organizations(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_organizations(OrganizationsSettings(**service_settings))
        headers = identities.headers(roles=(Role.ADMIN,), clearance=Clearance.STRICTLY_CONFIDENTIAL)
        async with running(app) as client:
            api = ExampleClient(client, app.openapi(), headers)
            for code, kind in PREREQUISITE_ORGANIZATIONS.items():
                minimal = {"code": code, "kind": kind, "name": code}
                await api.send("POST", "/api/v1/organizations", minimal)
            for organization in await api.send_all("POST", "/api/v1/organizations"):
                code = organization["code"]
                await self._update(api, ORGANIZATION, organization, code=code)
                for contact in await api.send_all("POST", ORGANIZATION + "/contacts", code=code):
                    path = ORGANIZATION + "/contacts/{contact_id}"
                    await self._update(api, path, contact, code=code, contact_id=contact["id"])
            await self._create_and_update(api, "/api/v1/agreements", "agreement_id")
            for consent in await self._create_and_update(api, "/api/v1/consents", "consent_id"):
                path = "/api/v1/consents/{consent_id}/withdrawal"
                (withdrawal,) = api.examples("POST", path)
                version, consent_id = consent["version"], consent["id"]
                await api.send("POST", path, withdrawal, version=version, consent_id=consent_id)
            engagements = await self._create_and_update(api, "/api/v1/engagements", "engagement_id")
            for engagement in engagements:
                path = ENGAGEMENT + "/follow-ups"
                for follow_up in await api.send_all("POST", path, engagement_id=engagement["id"]):
                    ids = {"engagement_id": engagement["id"], "follow_up_id": follow_up["id"]}
                    await self._update(api, path + "/{follow_up_id}", follow_up, **ids)
            await self._create_and_update(api, "/api/v1/initiatives", "initiative_id")

    async def test_country_teams(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_country_teams(CountryTeamsSettings(**service_settings))
        headers = identities.headers(roles=(Role.ANALYST,), clearance=Clearance.CONFIDENTIAL)
        async with running(app) as client:
            api = ExampleClient(client, app.openapi(), headers)
            await self._create_and_update(api, "/api/v1/country-teams", "country_team_id")
            await self._create_and_update(api, "/api/v1/activities", "activity_id")

    async def test_briefings(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_briefings(BriefingsSettings(**service_settings))
        headers = identities.headers(
            roles=(Role.HEAD_OF_CENTRE,), clearance=Clearance.STRICTLY_CONFIDENTIAL
        )
        async with running(app) as client:
            api = ExampleClient(client, app.openapi(), headers)
            note, *_ = await api.send_all("POST", "/api/v1/briefings")
            path = "/api/v1/briefings/{briefing_id}"
            note = await self._update(api, path, note, briefing_id=note["id"])
            for step in api.examples("POST", path + "/transitions"):
                version, briefing_id = note["version"], note["id"]
                note = await api.send(
                    "POST", path + "/transitions", step, version=version, briefing_id=briefing_id
                )
            assert note["status"] == "released"

    async def test_gateway(self, database: DatabaseTarget, tmp_path: Path) -> None:
        admin_key = "pdp_examples-test-admin-key-0123456789abcdef"
        private_pem, _ = generate_keypair()
        settings = GatewaySettings(
            database_url=database.url,
            database_schema=database.schema,
            identity_private_key=private_pem.decode(),
            bootstrap_admin_key=admin_key,
            var_dir=tmp_path,
            log_level="WARNING",
            openapi_refresh_seconds=3600.0,
        )
        app = create_gateway(settings)
        async with running(app) as client:
            api = ExampleClient(client, _local_openapi(app), {"X-API-Key": admin_key})
            (issued,) = await api.send_all("POST", "/api/v1/api-keys")
            assert issued["key"].startswith("pdp_")
            (token,) = await api.send_all("POST", "/dev-issuer/token")
            assert token["token_type"] == "Bearer"

    @classmethod
    async def _create_and_update(
        cls, api: ExampleClient, collection: str, id_name: str
    ) -> list[dict[str, Any]]:
        """Create with each POST example of ``collection``, then apply each PATCH example of
        the item path to every created item; return the items as last changed."""
        created = await api.send_all("POST", collection)
        item = collection + "/{" + id_name + "}"
        return [await cls._update(api, item, r, **{id_name: r["id"]}) for r in created]

    @staticmethod
    async def _update(
        api: ExampleClient, path: str, resource: dict[str, Any], **params: str
    ) -> dict[str, Any]:
        """Send each PATCH example of ``path`` to ``resource``; return it as last changed."""
        for change in api.examples("PATCH", path):
            resource = await api.send("PATCH", path, change, version=resource["version"], **params)
        return resource
