"""Through the gateway, a partner reads the outbound incident feed with its API key in every
format: Atom opens in feedparser, JSON Feed validates against JSON Feed 1.1, GeoJSON follows
RFC 7946 and every CAP alert validates against the OASIS CAP 1.2 XSD; an incident outside its
agreement never appears. Real services, NATS and databases."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser  # type: ignore[import-untyped]
import xmlschema
from geojson_pydantic import Feature, FeatureCollection, Point
from jsonschema import Draft7Validator, FormatChecker
from lxml import etree  # type: ignore[import-untyped]
from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.e2e.gateway_platform import Platform, platform
from tests.incidents.factories import incident_payload
from tests.shared.polling import eventually

FEED = "/api/v1/incidents/feeds/outbound"
SCHEMAS = Path(__file__).parents[1] / "contract" / "schemas"
LONG_AGO = (datetime.now(UTC) - timedelta(days=365)).isoformat()
CAP_ALERT = "{http://www.w3.org/2005/Atom}content/{urn:oasis:names:tc:emergency:cap:1.2}alert"


async def _post(running: Platform, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    response = await running.client.post(path, json=body, headers=headers)
    assert response.status_code in (200, 201), f"{path}: {response.text}"
    return response.json()


async def _share_kgz(running: Platform, head: dict[str, str]) -> None:
    """Let KGZ water incidents go to the OSCE in every feed format, with Kyrgyzstan's consent."""
    organization = {"code": "OSCE", "kind": "regional_organization", "name": "OSCE"}
    await _post(running, "/api/v1/organizations", organization, head)
    agreement = {
        "partner_org": "OSCE",
        "title": "Incident feed for the OSCE",
        "countries": ["KGZ"],
        "categories": ["water_energy_dispute"],
        "max_sensitivity": "internal",
        "embargo_hours": 0,
        "formats": ["json", "geojson", "atom", "json_feed", "cap"],
        "valid_from": LONG_AGO,
    }
    await _post(running, "/api/v1/agreements", agreement, head)
    consent = {
        "government": "KGZ",
        "party_org": "OSCE",
        "kind": "information_sharing",
        "valid_from": LONG_AGO,
    }
    await _post(running, "/api/v1/consents", consent, head)


async def _feed(running: Platform, headers: dict[str, str], fmt: str) -> bytes:
    response = await running.client.get(FEED, params={"format": fmt}, headers=headers)
    assert response.status_code == 200, response.text
    return response.content


class TestOutboundFeedThroughTheGateway:
    async def test_each_format_with_a_partner_key(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            analyst = await running.key(
                Role.ANALYST, org="UNRCCA", clearance=Clearance.CONFIDENTIAL
            )
            head = await running.key(
                Role.HEAD_OF_CENTRE, org="UNRCCA", clearance=Clearance.STRICTLY_CONFIDENTIAL
            )
            osce = await running.key(Role.PARTNER, org="OSCE", clearance=Clearance.CONFIDENTIAL)
            shared = await _post(running, "/api/v1/incidents", incident_payload("KGZ"), analyst)
            hidden = await _post(running, "/api/v1/incidents", incident_payload("KAZ"), analyst)
            await _share_kgz(running, head)

            async def arrived() -> bool:
                response = await running.client.get(FEED, headers=osce)
                return response.status_code == 200 and bool(response.json()["items"])

            await eventually(arrived, timeout=60)  # the terms travel as events
            documents = {
                fmt: await _feed(running, osce, fmt)
                for fmt in ("json", "geojson", "atom", "jsonfeed", "cap")
            }
            for fmt, document in documents.items():
                assert shared["reference"].encode() in document, fmt
                assert hidden["reference"].encode() not in document, fmt

            parsed = feedparser.parse(documents["atom"])
            assert not parsed.bozo
            assert [e.id for e in parsed.entries] == [f"urn:uuid:{shared['id']}"]

            schema = json.loads((SCHEMAS / "jsonfeed-1.1.schema.json").read_text())
            validator = Draft7Validator(schema, format_checker=FormatChecker())
            assert not list(validator.iter_errors(json.loads(documents["jsonfeed"])))

            features = FeatureCollection[Feature[Point, dict[str, Any]]].model_validate_json(
                documents["geojson"]
            )
            point = features.features[0].geometry
            assert point is not None
            assert (point.coordinates.longitude, point.coordinates.latitude) == (
                shared["longitude"],
                shared["latitude"],
            )

            cap = xmlschema.XMLSchema(str(SCHEMAS / "CAP-v1.2.xsd"))
            alerts = etree.fromstring(documents["cap"]).findall(
                f"{{http://www.w3.org/2005/Atom}}entry/{CAP_ALERT}"
            )
            assert alerts
            for alert in alerts:
                cap.validate(etree.tostring(alert))

            shares = await running.client.get(
                "/api/v1/incidents/feeds/shares", params={"partner": "OSCE"}, headers=head
            )
            assert shares.status_code == 200, shares.text
            assert {s["format"] for s in shares.json()["items"]} >= {"atom", "cap", "json_feed"}
