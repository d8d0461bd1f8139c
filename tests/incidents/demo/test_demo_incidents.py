"""Tests of the synthetic demo scenario."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

import incidents.demo as demo
import pytest
from incidents.demo import demo_incidents
from incidents.demo.crossborder import UNAMA_ID
from incidents.demo.places import PLACES
from incidents.geo import boundary_index, haversine_km, tolerance_for
from incidents.schemas import IncidentCreate
from incidents.vocabulary import ThreatCategory, is_valid_pair, rollup_confidence

TRANSITIONS = {
    "reported": {"under_review"},
    "under_review": {"verified", "rejected"},
    "verified": {"corrected", "retracted"},
}


@pytest.fixture(scope="module")
def incidents() -> list[dict[str, Any]]:
    return demo_incidents()


def payload(incident: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in incident.items() if k != "workflow"}


class TestDemoIncidents:
    def test_deterministic(self, incidents: list[dict[str, Any]]) -> None:
        assert demo_incidents() == incidents

    def test_a_few_hundred_within_the_scenario_window(
        self, incidents: list[dict[str, Any]]
    ) -> None:
        assert 250 <= len(incidents) <= 400
        moments = [datetime.fromisoformat(i["occurred_at"]) for i in incidents]
        assert moments == sorted(moments)
        assert min(moments) >= datetime(2026, 6, 1, tzinfo=UTC)
        assert max(moments) < datetime(2026, 11, 29, tzinfo=UTC)
        assert {m.month for m in moments} == {6, 7, 8, 9, 10, 11}

    def test_clearly_synthetic(self, incidents: list[dict[str, Any]]) -> None:
        assert demo.__doc__ is not None
        assert "fictional" in demo.__doc__
        assert all("synthetic-demo" in i["tags"] for i in incidents)
        urls = [s["url"] for i in incidents for s in i["sources"] if s["url"]]
        assert urls
        assert all(".demo.invalid/" in url for url in urls)

    def test_every_payload_is_a_valid_create_request(self, incidents: list[dict[str, Any]]) -> None:
        for incident in incidents:
            IncidentCreate.model_validate(payload(incident))

    def test_coordinates_lie_in_the_stated_country(self, incidents: list[dict[str, Any]]) -> None:
        index = boundary_index()
        for incident in incidents:
            result = index.check(
                incident["country"],
                incident["longitude"],
                incident["latitude"],
                tolerance_km=tolerance_for(incident["geo_precision"]),
            )
            assert result.ok, f"{incident['title']}: {result.message}"
            assert result.actual_countries == (incident["country"],), incident["title"]

    def test_every_gazetteer_place_is_inside_its_country(self) -> None:
        index = boundary_index()
        for place in PLACES.values():
            assert index.countries_at(place.longitude, place.latitude) == (place.country,), place

    def test_acled_pairs_and_categories(self, incidents: list[dict[str, Any]]) -> None:
        assert all(is_valid_pair(i["event_type"], i["sub_event_type"]) for i in incidents)
        categories = {i["category"] for i in incidents}
        assert categories == {c.value for c in ThreatCategory}

    def test_covers_the_region(self, incidents: list[dict[str, Any]]) -> None:
        countries = Counter(i["country"] for i in incidents)
        assert set(countries) == {"KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG"}

    def test_mix_of_languages_and_translations(self, incidents: list[dict[str, Any]]) -> None:
        russian = [i for i in incidents if i["language"] == "ru"]
        assert len(russian) >= 30
        assert all(any("\u0400" <= ch <= "\u04ff" for ch in i["title"]) for i in russian)
        translated = [i for i in incidents if i["translations"]]
        assert len(translated) >= 30
        for incident in translated:
            languages = {t["language"] for t in incident["translations"]}
            assert incident["language"] not in languages

    def test_mix_of_sensitivities_severities_and_confidence(
        self, incidents: list[dict[str, Any]]
    ) -> None:
        assert {i["sensitivity"] for i in incidents} == {
            "public",
            "internal",
            "confidential",
            "strictly_confidential",
        }
        assert {i["severity"] for i in incidents} == {1, 2, 3, 4, 5}
        levels = {rollup_confidence(i["sources"]).level for i in incidents}
        assert len(levels) >= 3

    def test_workflows_follow_the_review_states(self, incidents: list[dict[str, Any]]) -> None:
        ends: Counter[str] = Counter()
        for incident in incidents:
            state = "reported"
            for step in incident["workflow"]:
                assert step["to"] in TRANSITIONS.get(state, set()), incident["workflow"]
                if step["to"] != "under_review":
                    assert step["reason"]
                state = step["to"]
            ends[state] += 1
        assert set(ends) == {
            "reported",
            "under_review",
            "verified",
            "rejected",
            "corrected",
            "retracted",
        }
        assert ends["verified"] > len(incidents) / 3


class TestCrossBorderCopy:
    def test_unama_copy_matches_the_centre_record(self, incidents: list[dict[str, Any]]) -> None:
        unama = [i for i in incidents if (i["origin"] or {}).get("org") == "UNAMA"]
        assert len(unama) == 1
        copy = unama[0]
        assert copy["origin"]["external_id"] == UNAMA_ID
        twins = [
            i
            for i in incidents
            if i is not copy
            and i["category"] == copy["category"]
            and i["country"] == copy["country"]
            and i["occurred_at"][:10] == copy["occurred_at"][:10]
            and haversine_km(i["longitude"], i["latitude"], copy["longitude"], copy["latitude"])
            < 1.0
        ]
        assert len(twins) == 1
        centre = twins[0]
        assert centre["origin"] is None
        assert {s["name"] for s in centre["sources"]}.isdisjoint(
            {s["name"] for s in copy["sources"]}
        )
        assert copy["sources"][0]["reported_by_org"] == "UNAMA"
