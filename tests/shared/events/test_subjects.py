"""Subjects carry the country and category an event is about; filters select them."""

from __future__ import annotations

import pytest
from pdp_common.events.subjects import (
    MAX_FILTERS,
    FilterError,
    category_token,
    country_token,
    event_type_of,
    filter_subjects,
    publish_subject,
    type_filters,
)

REPORTED = "pdp.incidents.incident.reported.v1"


class TestPublishSubject:
    def test_an_incident_names_its_country_and_category(self) -> None:
        data = {"country": "KGZ", "category": "border_incident"}
        assert publish_subject(REPORTED, data) == f"{REPORTED}.KGZ.border_incident"

    def test_an_event_about_no_country_has_placeholders(self) -> None:
        assert publish_subject("pdp.organizations.consent.withdrawn.v1", {}) == (
            "pdp.organizations.consent.withdrawn.v1._._"
        )

    def test_one_country_in_a_list_is_named(self) -> None:
        assert country_token({"countries": ["TJK"]}) == "TJK"

    def test_several_countries_are_not_named(self) -> None:
        assert country_token({"countries": ["TJK", "KGZ"]}) == "_"

    def test_one_category_in_a_list_is_named(self) -> None:
        assert category_token({"categories": ["terrorism", "terrorism"]}) == "terrorism"

    @pytest.mark.parametrize("value", ["kgz", "KG", "K.Z", "*", ">", "", 3])
    def test_a_country_no_token_can_carry_is_not_named(self, value: object) -> None:
        assert country_token({"country": value}) == "_"

    @pytest.mark.parametrize("value", ["Drug", "a.b", "a b", ">", ""])
    def test_a_category_no_token_can_carry_is_not_named(self, value: object) -> None:
        assert category_token({"category": value}) == "_"

    def test_the_type_is_read_back_from_a_subject(self) -> None:
        assert event_type_of(f"{REPORTED}.KGZ.terrorism") == REPORTED

    def test_the_type_of_an_older_bare_subject_is_itself(self) -> None:
        assert event_type_of(REPORTED) == REPORTED


class TestFilterSubjects:
    def test_no_filter_is_every_event(self) -> None:
        assert filter_subjects() == ["pdp.>"]

    def test_one_producer(self) -> None:
        assert filter_subjects(producer="incidents") == ["pdp.incidents.>"]

    def test_types_take_old_and_new_subjects(self) -> None:
        assert filter_subjects(types=[REPORTED]) == [REPORTED, f"{REPORTED}.>"]

    def test_type_filters_match(self) -> None:
        assert type_filters(REPORTED) == [REPORTED, f"{REPORTED}.>"]

    def test_one_country(self) -> None:
        assert filter_subjects(countries=["KGZ"]) == ["pdp.*.*.*.*.KGZ.*"]

    def test_countries_and_categories_cross(self) -> None:
        assert filter_subjects(
            types=[REPORTED], countries=["TJK", "KGZ"], categories=["terrorism"]
        ) == [f"{REPORTED}.KGZ.terrorism", f"{REPORTED}.TJK.terrorism"]

    def test_a_category_of_one_producer(self) -> None:
        assert filter_subjects(producer="incidents", categories=["drug_trafficking"]) == [
            "pdp.incidents.*.*.*.*.drug_trafficking"
        ]

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"types": ["pdp.incidents.>"]},
            {"types": ["incident.reported"]},
            {"countries": ["kgz"]},
            {"countries": ["*"]},
            {"categories": ["drug trafficking"]},
            {"categories": [">"]},
        ],
    )
    def test_a_value_no_subject_carries_is_refused(self, kwargs: dict[str, list[str]]) -> None:
        with pytest.raises(FilterError):
            filter_subjects(
                types=kwargs.get("types", ()),
                countries=kwargs.get("countries", ()),
                categories=kwargs.get("categories", ()),
            )

    def test_too_many_filters_are_refused(self) -> None:
        countries = [f"A{a}{b}" for a in "ABCDEFGHIJ" for b in "ABCDEFGHIJ"]
        with pytest.raises(FilterError, match=str(MAX_FILTERS)):
            filter_subjects(
                countries=countries, categories=["terrorism", "other", "border_incident"]
            )
