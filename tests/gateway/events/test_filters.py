"""The filters of a stream: subjects for the broker, and the same choice applied to the data."""

from __future__ import annotations

import pytest
from gateway.events.filters import EventFilters
from pdp_common.events.subjects import FilterError

REPORTED = "pdp.incidents.incident.reported.v1"


class TestSubjects:
    def test_no_filter_takes_every_event(self) -> None:
        assert EventFilters.of().subjects() == ["pdp.>"]

    def test_types_take_their_subjects_old_and_new(self) -> None:
        assert EventFilters.of(types=[REPORTED]).subjects() == [REPORTED, f"{REPORTED}.>"]

    def test_a_country_takes_tokenized_subjects_and_bare_types(self) -> None:
        subjects = EventFilters.of(types=[REPORTED], countries=["KGZ"]).subjects()
        assert subjects == [f"{REPORTED}.KGZ.*", REPORTED]

    def test_a_category_without_types_takes_every_bare_type(self) -> None:
        subjects = EventFilters.of(categories=["border_incident"]).subjects()
        assert subjects == ["pdp.*.*.*.*.*.border_incident", "pdp.*.*.*.*"]

    @pytest.mark.parametrize(
        "filters",
        [{"types": ["incident"]}, {"countries": ["kgz"]}, {"categories": ["Border"]}],
    )
    def test_values_no_subject_carries_are_refused(self, filters: dict[str, list[str]]) -> None:
        with pytest.raises(FilterError):
            EventFilters.of(**filters)

    def test_repeated_values_count_once(self) -> None:
        assert EventFilters.of(countries=["KGZ", "KGZ"]).countries == ("KGZ",)


class TestMatches:
    def test_no_filter_matches_everything(self) -> None:
        assert EventFilters.of().matches(REPORTED, {})

    def test_by_type(self) -> None:
        filters = EventFilters.of(types=[REPORTED])
        assert filters.matches(REPORTED, {})
        assert not filters.matches("pdp.incidents.alert.raised.v1", {})

    def test_by_country_and_category(self) -> None:
        filters = EventFilters.of(countries=["KGZ"], categories=["border_incident"])
        assert filters.matches(REPORTED, {"country": "KGZ", "category": "border_incident"})
        assert not filters.matches(REPORTED, {"country": "TJK", "category": "border_incident"})
        assert not filters.matches(REPORTED, {"country": "KGZ", "category": "organized_crime"})

    def test_none_is_the_country_of_an_event_about_several(self) -> None:
        filters = EventFilters.of(countries=["_"])
        assert filters.matches(REPORTED, {"countries": ["KGZ", "TJK"]})
        assert not filters.matches(REPORTED, {"country": "KGZ"})
