"""The OpenAPI documents integrators generate clients from: valid, complete and unambiguous.

Each service's document and the gateway's merged one validate with openapi-spec-validator (an
implementation of the specification that is not the one that wrote them), every error response
is the Problem the platform sends, and names stay unique once the documents are merged.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from openapi_spec_validator import validate
from pdp_common.errors import PROBLEM_JSON
from pdp_common.problem_types import PROBLEM_TYPES

from tests.contract.documents import SERVICES, gateway_document, operations, service_document

DOCUMENTS = [*SERVICES, "gateway"]
OPERATION_ID = re.compile(r"^[a-z][a-zA-Z0-9]*$")
GATEWAY_STATUSES = {"401", "403", "413", "429", "502", "503", "504"}


def _document(name: str) -> dict[str, Any]:
    return gateway_document() if name == "gateway" else service_document(name)


@pytest.mark.parametrize("name", DOCUMENTS)
class TestEveryDocument:
    def test_validates_against_the_openapi_specification(self, name: str) -> None:
        validate(_document(name))

    def test_every_reference_resolves_inside_components(self, name: str) -> None:
        text = json.dumps(_document(name))
        assert "$defs" not in text
        document = _document(name)
        for ref in re.findall(r'"\$ref": "#/components/([^"]+)"', text):
            section, _, component = ref.partition("/")
            assert component in document["components"][section], ref

    def test_says_who_answers_for_it_and_where_it_runs(self, name: str) -> None:
        document = _document(name)
        assert document["info"]["contact"]["name"]
        assert document["info"]["license"]["name"]
        assert document["servers"][0]["url"]

    def test_operation_ids_are_readable_and_unique(self, name: str) -> None:
        ids = [operation["operationId"] for _, _, operation in operations(_document(name))]
        assert len(ids) == len(set(ids))
        assert all(OPERATION_ID.match(i) for i in ids), [
            i for i in ids if not OPERATION_ID.match(i)
        ]

    def test_every_error_response_is_a_problem(self, name: str) -> None:
        for path, method, operation in operations(_document(name)):
            for status, response in operation["responses"].items():
                if int(status) < 400:
                    continue
                where = f"{method.upper()} {path} {status}"
                assert list(response["content"]) == [PROBLEM_JSON], where
                schema = response["content"][PROBLEM_JSON]["schema"]["$ref"]
                expected = "ValidationProblem" if status == "422" else "Problem"
                assert schema == f"#/components/schemas/{expected}", where

    def test_operations_with_input_document_422_and_500(self, name: str) -> None:
        for path, method, operation in operations(_document(name)):
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in operation["responses"], f"{method} {path}"
            assert "500" in operation["responses"], f"{method} {path}"

    def test_every_problem_type_named_is_described(self, name: str) -> None:
        document = _document(name)
        catalogue = document["x-problem-types"]
        for _, _, operation in operations(document):
            for response in operation["responses"].values():
                for code in response.get("x-problem-types", []):
                    assert code in catalogue, code
                    assert catalogue[code]["description"], code


class TestServiceDocuments:
    @pytest.mark.parametrize("name", SERVICES)
    def test_changes_require_if_match(self, name: str) -> None:
        for path, method, operation in operations(service_document(name)):
            for parameter in operation.get("parameters", []):
                if parameter["name"].lower() != "if-match":
                    continue
                where = f"{method} {path}"
                responses = set(operation["responses"])
                if path.endswith("/withdrawal"):
                    assert parameter["required"] is False, where
                    assert "412" in responses, where
                    assert "428" not in responses, where
                else:
                    assert parameter["required"] is True, where
                    assert {"412", "428"} <= responses, where
                assert "x-pdp-required" not in json.dumps(parameter), where

    def test_domain_errors_are_declared_where_they_happen(self) -> None:
        paths = service_document("incidents")["paths"]
        transition = paths["/api/v1/incidents/{incident_id}/transitions"]["post"]["responses"]
        assert "incident-transition-not-allowed" in transition["409"]["x-problem-types"]
        assert "incident-not-found" in transition["404"]["x-problem-types"]
        assert "version-mismatch" in transition["412"]["x-problem-types"]
        briefings = service_document("briefings")["paths"]
        reach = briefings["/api/v1/briefings/{briefing_id}/reach"]["get"]["responses"]
        assert "briefing-action-forbidden" in reach["403"]["x-problem-types"]

    def test_the_geojson_export_describes_its_features(self) -> None:
        document = service_document("incidents")
        export = document["paths"]["/api/v1/incidents/export.geojson"]["get"]
        media = export["responses"]["200"]["content"]["application/geo+json"]
        assert media["schema"] == {"$ref": "#/components/schemas/IncidentFeatureCollection"}
        point = document["components"]["schemas"]["IncidentPoint"]
        assert point["properties"]["coordinates"]["maxItems"] == 2

    def test_creates_link_to_what_they_create(self) -> None:
        paths = service_document("organizations")["paths"]
        created = paths["/api/v1/organizations/{code}/contacts"]["post"]["responses"]["201"]
        assert created["links"]["readContact"]["parameters"] == {
            "code": "$request.path.code",
            "contact_id": "$response.body#/id",
        }


class TestGatewayDocument:
    def test_holds_every_public_operation_of_every_service(self) -> None:
        merged = {operation["operationId"] for _, _, operation in operations(gateway_document())}
        for name in SERVICES:
            own = {op["operationId"] for _, _, op in operations(service_document(name))}
            assert own <= merged, name
        assert {"listIncidents", "transitionBriefing", "issueApiKey"} <= merged

    def test_every_forwarded_operation_documents_the_gateways_own_problems(self) -> None:
        for path, method, operation in operations(gateway_document()):
            if not path.startswith("/api/v1/"):
                continue
            responses = operation["responses"]
            assert set(responses) >= GATEWAY_STATUSES, f"{method} {path}"
            assert responses["401"]["x-problem-types"] == ["unauthorized"], f"{method} {path}"
            assert "Retry-After" in responses["429"]["headers"]
            assert operation["security"] == [{"ApiKeyAuth": []}, {"BearerAuth": []}]

    def test_schema_names_and_titles_are_unique(self) -> None:
        schemas = gateway_document()["components"]["schemas"]
        titles = [schema["title"] for schema in schemas.values() if "title" in schema]
        assert len(titles) == len(set(titles)), sorted(t for t in titles if titles.count(t) > 1)
        assert {"IncidentTransitionCreate", "BriefingTransitionCreate"} <= set(schemas)

    def test_every_problem_type_of_the_platform_is_described(self) -> None:
        catalogue = gateway_document()["x-problem-types"]
        owners = {"pdp_common", "gateway", *(name.replace("-", "_") for name in SERVICES)}
        platform_types = {c for c, t in PROBLEM_TYPES.items() if t.owner in owners}
        assert platform_types - set(catalogue) == set()
