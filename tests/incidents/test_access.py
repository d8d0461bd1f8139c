"""The access matrix: clearances and partner organizations on every read path."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import nats
import pytest
from fastapi import FastAPI
from incidents.access.rule import Viewer
from incidents.models import Incident, sharing
from pdp_common.events.envelope import encode
from pdp_common.events.outbox import build_envelope
from pdp_common.events.streams import StreamSpec, ensure_stream
from pdp_common.identity import Clearance, Principal, Role
from pdp_common.sharing import AgreementTerms, ConsentTerms

from tests.incidents.factories import Callers
from tests.incidents.helpers import create, eventually
from tests.shared.sharing_events import agreement, apply, consent, withdrawal

Headers = dict[str, str]


async def visible_ids(client: httpx.AsyncClient, headers: Headers) -> dict[str, set[str]]:
    """Return the ids each read path shows to the caller."""
    listed = await client.get("/api/v1/incidents", params={"limit": 500}, headers=headers)
    assert listed.status_code == 200, listed.text
    searched = await client.get(
        "/api/v1/incidents", params={"q": "clash", "limit": 500}, headers=headers
    )
    geojson = await client.get("/api/v1/incidents/export.geojson", headers=headers)
    assert geojson.status_code == 200, geojson.text
    csv_text = (await client.get("/api/v1/incidents/export.csv", headers=headers)).text
    count = (await client.get("/api/v1/incidents/count", headers=headers)).json()["count"]
    ids = {item["id"] for item in listed.json()["items"]}
    refs = {item["reference"]: item["id"] for item in listed.json()["items"]}
    csv_refs = {line.split(",", 1)[0] for line in csv_text.splitlines()[1:]}
    assert count == len(ids)
    return {
        "list": ids,
        "search": {item["id"] for item in searched.json()["items"]},
        "geojson": {f["id"] for f in geojson.json()["features"]},
        "csv": {refs.get(ref, ref) for ref in csv_refs},
    }


async def readable(
    client: httpx.AsyncClient, headers: Headers, incidents: list[dict[str, Any]]
) -> set[str]:
    """Return the ids the caller can read one by one (read and timeline agree)."""
    found = set()
    for incident in incidents:
        read = await client.get(f"/api/v1/incidents/{incident['id']}", headers=headers)
        timeline = await client.get(f"/api/v1/incidents/{incident['id']}/timeline", headers=headers)
        assert read.status_code in (200, 404), read.text
        assert timeline.status_code == read.status_code, timeline.text
        if read.status_code == 200:
            found.add(incident["id"])
    return found


@pytest.fixture
async def corpus(client: httpx.AsyncClient, callers: Callers) -> list[dict[str, Any]]:
    """Incidents across countries, categories and sensitivities."""
    made = []
    for country in ("KGZ", "KAZ", "AFG", "TJK"):
        for category in ("water_energy_dispute", "organized_crime"):
            for sensitivity in ("public", "internal", "confidential", "strictly_confidential"):
                made.append(
                    await create(client, callers.officer, country, category=category,
                                 sensitivity=sensitivity, title=f"Clash {country} {category}")
                )  # fmt: skip
    return made


def expected_by_rule(
    corpus: list[dict[str, Any]],
    principal: Principal,
    agreements: list[AgreementTerms],
    consents: list[ConsentTerms],
) -> set[str]:
    """Return the ids the Python rule (pdp_common.sharing.decide) allows."""
    viewer = Viewer(
        principal=principal, agreements=agreements, consents=consents, now=datetime.now(UTC)
    )
    allowed = set()
    for item in corpus:
        incident = Incident(
            country=item["country"], category=item["category"],
            sensitivity=item["sensitivity"],
            created_at=datetime.fromisoformat(item["created_at"]),
        )  # fmt: skip
        if viewer.may_see(incident):
            allowed.add(item["id"])
    return allowed


class TestCentreClearance:
    @pytest.mark.parametrize("clearance", list(Clearance))
    async def test_staff_see_up_to_their_clearance(
        self,
        client: httpx.AsyncClient,
        callers: Callers,
        corpus: list[dict[str, Any]],
        clearance: Clearance,
    ) -> None:
        headers = callers.headers(roles=(Role.VIEWER,), clearance=clearance)
        expected = {i["id"] for i in corpus if Clearance(i["sensitivity"]) <= clearance}
        paths = await visible_ids(client, headers)
        assert paths["list"] == expected
        assert paths["search"] == expected
        assert paths["geojson"] == expected
        assert paths["csv"] == expected
        assert await readable(client, headers, corpus) == expected


class TestPartners:
    async def test_partner_without_agreement_sees_nothing(
        self, client: httpx.AsyncClient, callers: Callers, corpus: list[dict[str, Any]]
    ) -> None:
        headers = callers.partner("OSCE")
        paths = await visible_ids(client, headers)
        assert all(ids == set() for ids in paths.values())
        assert await readable(client, headers, corpus) == set()

    async def test_sql_rule_and_decide_agree(
        self,
        client: httpx.AsyncClient,
        callers: Callers,
        app: FastAPI,
        corpus: list[dict[str, Any]],
    ) -> None:
        osce = agreement("OSCE", max_sensitivity="confidential")
        unama = agreement("UNAMA", countries=["AFG", "TJK"], categories=["organized_crime"])
        embargoed = agreement("EU", embargo_hours=48)
        kgz = consent("KGZ", "OSCE", topics=["water_energy_dispute"])
        await apply(app, sharing, osce, unama, embargoed, kgz, consent("TJK", "UNAMA"))
        terms_a = [AgreementTerms.from_event(e) for e in (osce, unama, embargoed)]
        terms_c = [ConsentTerms.from_event(kgz)]
        cases = {
            "OSCE": Clearance.STRICTLY_CONFIDENTIAL,
            "UNAMA": Clearance.INTERNAL,
            "EU": Clearance.CONFIDENTIAL,
            "WB": Clearance.PUBLIC,
        }
        for org, clearance in cases.items():
            headers = callers.partner(org, clearance)
            principal = callers.identities.principal(
                org=org, roles=(Role.PARTNER,), clearance=clearance
            )
            consents = terms_c + (
                [ConsentTerms.from_event(consent("TJK", "UNAMA"))] if org == "UNAMA" else []
            )
            expected = expected_by_rule(corpus, principal, terms_a, consents)
            paths = await visible_ids(client, headers)
            assert paths["list"] == expected, org
            assert paths["search"] == expected, org
            assert paths["geojson"] == expected, org
            assert paths["csv"] == expected, org
            assert await readable(client, headers, corpus) == expected, org
        osce_view = await visible_ids(
            client, callers.partner("OSCE", Clearance.STRICTLY_CONFIDENTIAL)
        )
        shared = {
            i["id"]
            for i in corpus
            if i["country"] in {"KGZ", "AFG"}
            and i["category"] == "water_energy_dispute"
            and i["sensitivity"] != "strictly_confidential"
        }
        assert osce_view["list"] == shared

    async def test_each_delivery_needs_its_format(
        self,
        client: httpx.AsyncClient,
        callers: Callers,
        app: FastAPI,
        corpus: list[dict[str, Any]],
    ) -> None:
        api_only = agreement("OSCE", countries=["KGZ"], formats=["json"])
        await apply(app, sharing, api_only, consent("KGZ", "OSCE"))
        headers = callers.partner("OSCE")
        paths = await visible_ids(client, headers)
        shared = paths["list"]
        assert shared
        assert paths["search"] <= shared
        assert paths["geojson"] == paths["csv"] == set()
        csv_only = api_only.model_copy(update={"formats": ["csv"], "version": 2})
        await apply(app, sharing, csv_only)
        paths = await visible_ids(client, headers)
        assert paths["list"] == paths["search"] == paths["geojson"] == set()
        assert paths["csv"] == {i["reference"] for i in corpus if i["id"] in shared}
        assert await readable(client, headers, corpus) == set()

    async def test_withdrawn_consent_takes_effect_at_once(
        self,
        client: httpx.AsyncClient,
        callers: Callers,
        app: FastAPI,
        corpus: list[dict[str, Any]],
    ) -> None:
        given = consent("KGZ", "OSCE")
        await apply(app, sharing, agreement("OSCE", countries=["KGZ"]), given)
        headers = callers.partner("OSCE")
        assert (await visible_ids(client, headers))["list"]
        await apply(app, sharing, withdrawal(given))
        assert (await visible_ids(client, headers))["list"] == set()
        await apply(app, sharing, given)
        assert (await visible_ids(client, headers))["list"] == set()

    async def test_terms_arrive_over_nats(
        self,
        client: httpx.AsyncClient,
        callers: Callers,
        nats_url: str,
        corpus: list[dict[str, Any]],
    ) -> None:
        nc = await nats.connect(nats_url)
        try:
            js = nc.jetstream()
            await ensure_stream(js, StreamSpec.for_producer("organizations"))
            for data in (agreement("OSCE", countries=["AFG"]),):
                envelope = build_envelope(data)
                await js.publish(
                    data.event_type, encode(envelope), headers={"Nats-Msg-Id": envelope.id}
                )
        finally:
            await nc.close()

        async def afg_visible() -> set[str] | None:
            listed = await client.get("/api/v1/incidents", headers=callers.partner("OSCE"))
            return {item["id"] for item in listed.json()["items"]} or None

        seen = await eventually(afg_visible)
        assert {i["country"] for i in corpus if i["id"] in seen} == {"AFG"}
