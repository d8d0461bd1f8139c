"""A subscription's filter selects events as their NATS subject names them: type, the one country
and the one category (``_`` for none or several); invalid filters are refused naming the fault."""

from __future__ import annotations

import pytest
from gateway.subscriptions.errors import SubscriptionFilterInvalid
from gateway.subscriptions.filters import EventFilter, checked_filter

VERIFIED = "pdp.incidents.incident.verified.v1"
KGZ_BORDER = {"country": "KGZ", "category": "border_incident"}
BRIEFING_TWO_COUNTRIES = {"countries": ["KGZ", "TJK"]}
ACTIVITY_ONE_COUNTRY = {"country": "TJK", "categories": ["water_energy_dispute"]}


class TestMatches:
    def test_an_empty_filter_selects_everything(self) -> None:
        assert EventFilter().matches(VERIFIED, KGZ_BORDER)
        assert EventFilter().matches("pdp.briefings.briefing.released.v1", {})

    def test_types_countries_and_categories_combine(self) -> None:
        chosen = EventFilter(types=(VERIFIED,), countries=("KGZ", "UZB"))
        assert chosen.matches(VERIFIED, KGZ_BORDER)
        assert not chosen.matches("pdp.incidents.incident.reported.v1", KGZ_BORDER)
        assert not chosen.matches(VERIFIED, {"country": "TJK", "category": "border_incident"})

    def test_a_single_category_in_a_list_counts(self) -> None:
        water = EventFilter(categories=("water_energy_dispute",))
        assert water.matches("pdp.country_teams.activity.created.v1", ACTIVITY_ONE_COUNTRY)

    def test_an_event_about_several_countries_matches_only_the_none_token(self) -> None:
        released = "pdp.briefings.briefing.released.v1"
        assert not EventFilter(countries=("KGZ",)).matches(released, BRIEFING_TWO_COUNTRIES)
        assert EventFilter(countries=("_",)).matches(released, BRIEFING_TWO_COUNTRIES)


class TestChecked:
    def test_values_are_sorted_and_deduplicated(self) -> None:
        chosen = checked_filter(types=[VERIFIED, VERIFIED], countries=["TJK", "KGZ"], categories=[])
        assert chosen == EventFilter(types=(VERIFIED,), countries=("KGZ", "TJK"))

    @pytest.mark.parametrize(
        ("types", "countries", "categories", "named"),
        [
            (["pdp.incidents.incident.exploded.v1"], [], [], "exploded"),
            ([], ["Kgz"], [], "Kgz"),
            ([], [], ["Border-Incident"], "Border-Incident"),
            ([], [f"A{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(51)], [], "50"),
        ],
    )
    def test_an_invalid_filter_is_refused(
        self, types: list[str], countries: list[str], categories: list[str], named: str
    ) -> None:
        with pytest.raises(SubscriptionFilterInvalid) as refused:
            checked_filter(types=types, countries=countries, categories=categories)
        assert named in refused.value.detail
