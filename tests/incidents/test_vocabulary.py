"""Tests of the ACLED taxonomy, threat categories, source grades and confidence roll-up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from incidents.vocabulary import (
    SUB_EVENT_TYPES,
    ConfidenceLevel,
    Credibility,
    DisorderType,
    EventType,
    Reliability,
    SourceType,
    ThreatCategory,
    default_category,
    disorder_type,
    independence_key,
    is_valid_pair,
    rollup_confidence,
    source_weight,
)


def source(name: str, reliability: str, credibility: int, org: str | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "type": "media",
        "reliability": reliability,
        "credibility": credibility,
        "reported_by_org": org,
    }


class TestEventTypes:
    def test_six_types_and_twenty_five_sub_types(self) -> None:
        assert len(EventType) == 6
        assert sum(len(subs) for subs in SUB_EVENT_TYPES.values()) == 25
        assert set(SUB_EVENT_TYPES) == set(EventType)

    def test_exact_acled_spelling(self) -> None:
        assert EventType.EXPLOSIONS_REMOTE_VIOLENCE.value == "Explosions/Remote violence"
        assert (
            "Remote explosive/landmine/IED"
            in SUB_EVENT_TYPES[EventType("Explosions/Remote violence")]
        )
        assert (
            "Shelling/artillery/missile attack"
            in SUB_EVENT_TYPES[EventType.EXPLOSIONS_REMOTE_VIOLENCE]
        )

    @pytest.mark.parametrize(
        ("event_type", "sub_event_type"),
        [
            ("Battles", "Armed clash"),
            ("Protests", "Peaceful protest"),
            ("Riots", "Mob violence"),
            ("Strategic developments", "Looting/property destruction"),
            ("Violence against civilians", "Abduction/forced disappearance"),
        ],
    )
    def test_valid_pairs(self, event_type: str, sub_event_type: str) -> None:
        assert is_valid_pair(event_type, sub_event_type)

    @pytest.mark.parametrize(
        ("event_type", "sub_event_type"),
        [
            ("Battles", "Peaceful protest"),
            ("battles", "Armed clash"),
            ("Battles", "armed clash"),
            ("Skirmish", "Armed clash"),
            ("", ""),
        ],
    )
    def test_invalid_pairs(self, event_type: str, sub_event_type: str) -> None:
        assert not is_valid_pair(event_type, sub_event_type)


class TestDisorderType:
    @pytest.mark.parametrize(
        ("event_type", "sub_event_type", "expected"),
        [
            ("Battles", "Armed clash", DisorderType.POLITICAL_VIOLENCE),
            ("Explosions/Remote violence", "Grenade", DisorderType.POLITICAL_VIOLENCE),
            ("Violence against civilians", "Attack", DisorderType.POLITICAL_VIOLENCE),
            ("Riots", "Mob violence", DisorderType.POLITICAL_VIOLENCE),
            ("Riots", "Violent demonstration", DisorderType.DEMONSTRATIONS),
            ("Protests", "Peaceful protest", DisorderType.DEMONSTRATIONS),
            ("Protests", "Protest with intervention", DisorderType.DEMONSTRATIONS),
            (
                "Protests",
                "Excessive force against protesters",
                DisorderType.POLITICAL_VIOLENCE_DEMONSTRATIONS,
            ),
            ("Strategic developments", "Arrests", DisorderType.STRATEGIC_DEVELOPMENTS),
        ],
    )
    def test_derivation(self, event_type: str, sub_event_type: str, expected: DisorderType) -> None:
        assert disorder_type(event_type, sub_event_type) is expected

    def test_violence_against_protesters_is_both(self) -> None:
        result = disorder_type("Violence against civilians", "Attack", targets_protesters=True)
        assert result == "Political violence; Demonstrations"

    def test_targets_protesters_does_not_change_battles(self) -> None:
        result = disorder_type("Battles", "Armed clash", targets_protesters=True)
        assert result is DisorderType.POLITICAL_VIOLENCE

    def test_refuses_invalid_pair(self) -> None:
        with pytest.raises(ValueError, match="not an ACLED sub-event type"):
            disorder_type("Protests", "Armed clash")


class TestDefaultCategory:
    def test_every_sub_type_has_a_category(self) -> None:
        for event_type, subs in SUB_EVENT_TYPES.items():
            for sub in subs:
                assert isinstance(default_category(event_type, sub), ThreatCategory)

    @pytest.mark.parametrize(
        ("event_type", "sub_event_type", "expected"),
        [
            ("Explosions/Remote violence", "Suicide bomb", ThreatCategory.TERRORISM),
            ("Battles", "Armed clash", ThreatCategory.BORDER_INCIDENT),
            ("Protests", "Peaceful protest", ThreatCategory.POLITICAL_UNREST),
            ("Riots", "Mob violence", ThreatCategory.INTERCOMMUNAL_TENSION),
            ("Strategic developments", "Other", ThreatCategory.OTHER),
        ],
    )
    def test_mapping(self, event_type: str, sub_event_type: str, expected: ThreatCategory) -> None:
        assert default_category(event_type, sub_event_type) is expected

    def test_refuses_invalid_pair(self) -> None:
        with pytest.raises(ValueError, match="not an ACLED"):
            default_category("Riots", "Grenade")

    def test_ten_categories(self) -> None:
        assert [c.value for c in ThreatCategory] == [
            "terrorism",
            "violent_extremism",
            "drug_trafficking",
            "organized_crime",
            "environmental_degradation",
            "water_energy_dispute",
            "border_incident",
            "intercommunal_tension",
            "political_unrest",
            "other",
        ]


class TestGrades:
    def test_reliability_meanings(self) -> None:
        assert [r.value for r in Reliability] == ["A", "B", "C", "D", "E", "F"]
        assert Reliability.A.meaning.startswith("Completely reliable")
        assert Reliability.F.meaning.startswith("Reliability cannot be judged")

    def test_credibility_meanings(self) -> None:
        assert [int(c) for c in Credibility] == [1, 2, 3, 4, 5, 6]
        assert Credibility(1).meaning.startswith("Confirmed")
        assert Credibility(6).meaning.startswith("Truth cannot be judged")

    def test_source_types(self) -> None:
        assert SourceType("un_agency") is SourceType.UN_AGENCY
        assert len(SourceType) == 8


class TestSourceWeight:
    def test_best_and_worst(self) -> None:
        assert source_weight(source("A", "A", 1)) == 1.0
        assert source_weight(source("E", "E", 5)) < 0.01

    def test_lower_case_grade_and_string_credibility(self) -> None:
        assert source_weight({"reliability": "b", "credibility": "2"}) == pytest.approx(0.64)

    @pytest.mark.parametrize(("reliability", "credibility"), [("G", 1), ("A", 7), ("A", 0)])
    def test_refuses_unknown_grades(self, reliability: str, credibility: int) -> None:
        with pytest.raises(ValueError, match="is not a valid"):
            source_weight(source("x", reliability, credibility))


class TestIndependenceKey:
    def test_reporting_organization_wins_over_name(self) -> None:
        assert independence_key(source("Tolo News", "B", 2, org=" UNAMA ")) == "unama"

    def test_name_when_no_organization(self) -> None:
        assert independence_key(source("AKIpress  News", "B", 2)) == "akipress news"


class TestRollupConfidence:
    def test_no_sources_is_unconfirmed(self) -> None:
        result = rollup_confidence([])
        assert result.level is ConfidenceLevel.UNCONFIRMED
        assert (result.score, result.independent_sources, result.sources) == (0.0, 0, 0)

    def test_two_independent_good_sources_are_high(self) -> None:
        result = rollup_confidence([source("AKIpress", "B", 2), source("Asia-Plus", "B", 2)])
        assert result.level is ConfidenceLevel.HIGH
        assert result.independent_sources == 2
        assert result.score == pytest.approx(0.8704)

    def test_one_excellent_source_is_at_most_moderate(self) -> None:
        result = rollup_confidence([source("UNAMA", "A", 1)])
        assert result.score == 1.0
        assert result.level is ConfidenceLevel.MODERATE

    def test_same_organization_counts_once(self) -> None:
        relayed = [source("Tolo News", "B", 2, org="UNAMA"), source("Pajhwok", "B", 2, org="unama")]
        result = rollup_confidence(relayed)
        assert result.independent_sources == 1
        assert result.sources == 2
        assert result.level is ConfidenceLevel.MODERATE
        assert result.score == pytest.approx(0.64)

    def test_repeated_outlet_takes_its_best_grade(self) -> None:
        result = rollup_confidence([source("Azattyk", "C", 4), source("azattyk", "B", 2)])
        assert result.independent_sources == 1
        assert result.score == pytest.approx(0.64)

    def test_weak_sources_are_low_or_unconfirmed(self) -> None:
        assert rollup_confidence([source("Channel", "C", 3)]).level is ConfidenceLevel.LOW
        assert rollup_confidence([source("Rumour", "E", 5)]).level is ConfidenceLevel.UNCONFIRMED
        assert rollup_confidence([source("Unknown", "F", 6)]).level is ConfidenceLevel.UNCONFIRMED

    def test_more_independent_sources_raise_the_score(self) -> None:
        one = rollup_confidence([source("a", "C", 3)])
        two = rollup_confidence([source("a", "C", 3), source("b", "C", 3)])
        three = rollup_confidence([source("a", "C", 3), source("b", "C", 3), source("c", "C", 3)])
        assert one.score < two.score < three.score
        assert three.level is ConfidenceLevel.MODERATE

    def test_accepts_objects(self) -> None:
        @dataclass
        class Graded:
            name: str
            reliability: Reliability
            credibility: Credibility
            reported_by_org: str | None = None

        result = rollup_confidence(
            [
                Graded("OSCE", Reliability.A, Credibility(2)),
                Graded("Kabar", Reliability.B, Credibility(2)),
            ]
        )
        assert result.level is ConfidenceLevel.HIGH
