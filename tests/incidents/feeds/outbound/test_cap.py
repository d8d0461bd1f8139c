"""CAP 1.2 output: every alert valid against the OASIS XSD, with the right message types."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import xmlschema
from fastapi import FastAPI
from incidents.feeds.outbound.cap import cap_time
from lxml import etree  # type: ignore[import-untyped]

from tests.incidents.factories import Callers
from tests.incidents.feeds.outbound.helpers import mixed_feed, read_page

SCHEMA_PATH = Path(__file__).parents[3] / "contract" / "schemas" / "CAP-v1.2.xsd"
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMA_PATH))


def alerts(document: bytes) -> list[etree._Element]:
    """Return the CAP alerts of a CAP feed document."""
    feed = etree.fromstring(document)
    assert feed.tag == f"{ATOM}feed"
    return [entry.find(f"{ATOM}content/{CAP}alert") for entry in feed.iter(f"{ATOM}entry")]


class TestCapTime:
    def test_utc_is_written_with_an_offset(self) -> None:
        from datetime import UTC, datetime

        assert cap_time(datetime(2026, 12, 6, 1, 2, 3, 456, tzinfo=UTC)) == (
            "2026-12-06T01:02:03+00:00"
        )


class TestCapFeed:
    async def test_every_alert_validates_and_says_what_changed(
        self,
        client: httpx.AsyncClient,
        callers: Callers,
        app: FastAPI,
        schema: xmlschema.XMLSchema,
    ) -> None:
        corpus = await mixed_feed(client, callers, app)
        response = await read_page(client, callers.partner("OSCE"), fmt="cap")
        assert response.headers["content-type"].startswith("application/atom+xml")
        found = alerts(response.content)
        assert len(found) == 5
        by_incident: dict[str, etree._Element] = {}
        for alert in found:
            schema.validate(etree.tostring(alert))
            by_incident[alert.findtext(f"{CAP}incidents")] = alert
            assert alert.findtext(f"{CAP}sent").endswith("+00:00")
        msg_types = {ref: a.findtext(f"{CAP}msgType") for ref, a in by_incident.items()}
        assert msg_types == {
            corpus["fresh"]["reference"]: "Alert",
            corpus["corrected"]["reference"]: "Update",
            corpus["retracted"]["reference"]: "Cancel",
            corpus["survivor"]["reference"]: "Update",
            corpus["duplicate"]["reference"]: "Cancel",
        }
        fresh = by_incident[corpus["fresh"]["reference"]]
        circle = fresh.findtext(f"{CAP}info/{CAP}area/{CAP}circle")
        lat, lon = circle.split()[0].split(",")
        assert (float(lat), float(lon)) == (
            corpus["fresh"]["latitude"],
            corpus["fresh"]["longitude"],
        )
        assert fresh.findtext(f"{CAP}info/{CAP}headline") == "Crowd at <the> border & gate"
        cancel = by_incident[corpus["retracted"]["reference"]]
        assert cancel.findtext(f"{CAP}references").split(",")[1].endswith("-v1")
        assert cancel.find(f"{CAP}info") is None

    async def test_an_empty_page_is_a_valid_feed(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await read_page(client, callers.partner("OSCE"), fmt="cap")
        assert alerts(response.content) == []
