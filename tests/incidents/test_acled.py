"""Tests of ACLED-style row export and import."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from incidents.acled import (
    ACLED_COLUMNS,
    from_acled_row,
    inter_code,
    interaction_code,
    interaction_label,
    parse_event_date,
    read_acled_csv,
    read_inter,
    read_interaction,
    severity_for,
    to_acled_row,
    write_acled_csv,
)
from incidents.schemas import IncidentCreate


def acled_row(**overrides: str) -> dict[str, str]:
    row = {
        "event_id_cnty": "KGZ2714",
        "event_date": "16 September 2022",
        "year": "2022",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Kyrgyzstan (2021-)",
        "assoc_actor_1": "Border Guard Service of Kyrgyzstan",
        "inter1": "1",
        "actor2": "Military Forces of Tajikistan (1994-)",
        "assoc_actor_2": "Border Troops of Tajikistan; Civilians (Tajikistan)",
        "inter2": "1",
        "interaction": "11",
        "civilian_targeting": "",
        "iso": "417",
        "region": "Caucasus and Central Asia",
        "country": "Kyrgyzstan",
        "admin1": "Batken",
        "admin2": "Batken",
        "admin3": "",
        "location": "Ak-Sai",
        "latitude": "39.9733",
        "longitude": "70.6456",
        "geo_precision": "1",
        "source": "AKIpress; 24.kg",
        "source_scale": "National",
        "notes": "On 16 September 2022, Kyrgyz and Tajik border forces exchanged fire near Ak-Sai.",
        "fatalities": "3",
        "tags": "",
        "timestamp": "1663400000",
    }
    row.update(overrides)
    return row


def incident(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "0192f0a4-7c1e-7000-8000-000000000001",
        "reference": "INC-2026-000042",
        "status": "verified",
        "title": "Exchange of fire at the Vorukh enclave",
        "summary": "Border guards exchanged fire near Vorukh after a dispute over a water intake.",
        "language": "en",
        "occurred_at": "2026-06-14T09:30:00+00:00",
        "time_precision": "hour",
        "country": "TJK",
        "admin1": "Sughd",
        "admin2": "Isfara",
        "location": "Vorukh",
        "latitude": 39.853,
        "longitude": 70.578,
        "geo_precision": 1,
        "category": "border_incident",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Tajikistan (1994-)",
        "assoc_actor_1": ["Border Troops of Tajikistan"],
        "actor2": "Military Forces of Kyrgyzstan (2021-)",
        "assoc_actor_2": ["Border Guard Service of Kyrgyzstan", "Civilians (Kyrgyzstan)"],
        "casualties": {"best": 2, "low": 1, "high": 4},
        "severity": 4,
        "sensitivity": "internal",
        "tags": ["water", "enclave"],
        "sources": [
            {"name": "Asia-Plus", "type": "media", "reliability": "B", "credibility": 2},
            {
                "name": "OSCE field report",
                "type": "field_report",
                "reliability": "A",
                "credibility": 2,
            },
        ],
        "updated_at": "2026-06-15T10:00:00+00:00",
    }
    record.update(overrides)
    return record


class TestToAcledRow:
    def test_has_every_column_in_order(self) -> None:
        row = to_acled_row(incident())
        assert tuple(row) == ACLED_COLUMNS
        assert all(isinstance(value, str) for value in row.values())

    def test_values(self) -> None:
        row = to_acled_row(incident())
        assert row["event_id_cnty"] == "INC-2026-000042"
        assert (row["event_date"], row["year"], row["time_precision"]) == (
            "2026-06-14",
            "2026",
            "1",
        )
        assert row["disorder_type"] == "Political violence"
        assert (row["iso"], row["country"], row["region"]) == (
            "762",
            "Tajikistan",
            "Caucasus and Central Asia",
        )
        assert (row["inter1"], row["inter2"], row["interaction"]) == (
            "State forces",
            "State forces",
            "State forces-State forces",
        )
        assert row["assoc_actor_2"] == "Border Guard Service of Kyrgyzstan; Civilians (Kyrgyzstan)"
        assert (row["latitude"], row["longitude"], row["geo_precision"]) == (
            "39.853",
            "70.578",
            "1",
        )
        assert row["source"] == "Asia-Plus; OSCE field report"
        assert row["source_scale"] == "National-Local"
        assert row["fatalities"] == "2"
        assert row["tags"] == "water; enclave"
        assert row["timestamp"] == "1781517600"

    def test_week_and_month_precision(self) -> None:
        assert to_acled_row(incident(time_precision="week"))["time_precision"] == "2"
        assert to_acled_row(incident(time_precision="month"))["time_precision"] == "3"

    def test_violence_against_protesters(self) -> None:
        row = to_acled_row(
            incident(
                event_type="Violence against civilians",
                sub_event_type="Attack",
                actor1="Unidentified Armed Group (Kazakhstan)",
                actor2="Protesters (Kazakhstan)",
            )
        )
        assert row["disorder_type"] == "Political violence; Demonstrations"
        assert (row["inter1"], row["inter2"], row["interaction"]) == ("", "Protesters", "")

    def test_civilian_targeting_and_sole_actor(self) -> None:
        targeted = to_acled_row(
            incident(sub_event_type="Attack", event_type="Violence against civilians",
                     actor1="Rioters (Kyrgyzstan)", actor2="Civilians (Tajikistan)")
        )  # fmt: skip
        assert targeted["civilian_targeting"] == "Civilian targeting"
        assert (targeted["inter1"], targeted["inter2"]) == ("Rioters", "Civilians")
        assert targeted["interaction"] == "Rioters-Civilians"
        sole = to_acled_row(incident(actor1="Protesters (Uzbekistan)", actor2=None))
        assert (sole["inter1"], sole["inter2"], sole["interaction"]) == (
            "Protesters",
            "",
            "Protesters only",
        )

    def test_missing_optional_fields(self) -> None:
        row = to_acled_row({"id": "x", "country": "AFG", "occurred_at": "2026-07-01T00:00:00Z"})
        assert row["event_id_cnty"] == "x"
        assert row["country"] == "Afghanistan"
        assert row["region"] == "South Asia"
        assert row["fatalities"] == "0"
        assert row["disorder_type"] == ""
        assert row["timestamp"] == ""

    def test_writes_csv(self) -> None:
        buffer = io.StringIO()
        assert write_acled_csv([incident(), incident(reference="INC-2026-000043")], buffer) == 2
        lines = buffer.getvalue().splitlines()
        assert lines[0] == ",".join(ACLED_COLUMNS)
        assert len(lines) == 3


class TestFromAcledRow:
    def test_real_looking_row(self) -> None:
        parsed = from_acled_row(acled_row())
        assert parsed.ok, parsed.errors
        payload = parsed.payload
        assert payload is not None
        assert payload["country"] == "KGZ"
        assert payload["occurred_at"] == "2022-09-16T00:00:00Z"
        assert payload["time_precision"] == "day"
        assert payload["assoc_actor_2"] == ["Border Troops of Tajikistan", "Civilians (Tajikistan)"]
        assert payload["casualties"] == {"best": 3, "low": 3, "high": 3}
        assert payload["category"] == "border_incident"
        assert payload["severity"] == 3
        assert payload["sensitivity"] == "public"
        assert payload["origin"] == {"org": "ACLED", "external_id": "KGZ2714"}
        assert [s["name"] for s in payload["sources"]] == ["AKIpress", "24.kg"]
        assert payload["sources"][0]["reliability"] == "F"
        assert payload["sources"][0]["credibility"] == 6
        assert payload["title"] == "Armed clash in Ak-Sai"
        assert payload["summary"].startswith("On 16 September 2022")
        assert (payload["latitude"], payload["longitude"]) == (39.9733, 70.6456)

    def test_payload_is_a_valid_create_request(self) -> None:
        parsed = from_acled_row(acled_row(event_date="2022-09-16"))
        assert parsed.payload is not None
        created = IncidentCreate.model_validate(parsed.payload)
        assert created.country == "KGZ"
        assert created.origin is not None
        assert created.origin.external_id == "KGZ2714"

    def test_round_trip_of_an_export(self) -> None:
        parsed = from_acled_row(to_acled_row(incident()), origin_org="UNRCCA")
        assert parsed.ok, parsed.errors
        payload = parsed.payload
        assert payload is not None
        assert payload["country"] == "TJK"
        assert payload["occurred_at"] == "2026-06-14T00:00:00Z"
        assert payload["assoc_actor_2"] == incident()["assoc_actor_2"]
        assert payload["tags"] == ["water", "enclave"]
        assert payload["origin"] == {"org": "UNRCCA", "external_id": "INC-2026-000042"}

    @pytest.mark.parametrize(
        ("overrides", "country"),
        [
            ({"iso": "762", "country": "Tajikistan"}, "TJK"),
            ({"iso": "", "country": "Tajikistan"}, "TJK"),
            ({"iso": "TJK", "country": ""}, "TJK"),
            ({"iso": "762.0", "country": ""}, "TJK"),
            ({"iso": "0", "country": "Kosovo", "latitude": "42.66", "longitude": "21.17"}, "XKX"),
            ({"iso": "643", "country": "Russia"}, "RUS"),
        ],
    )
    def test_country_forms(self, overrides: dict[str, str], country: str) -> None:
        parsed = from_acled_row(acled_row(**overrides))
        assert parsed.payload is not None, parsed.errors
        assert parsed.payload["country"] == country

    @pytest.mark.parametrize(
        ("precision", "expected"), [("1", "day"), ("2", "week"), ("3", "month"), ("", "day")]
    )
    def test_time_precision(self, precision: str, expected: str) -> None:
        parsed = from_acled_row(acled_row(time_precision=precision))
        assert parsed.payload is not None
        assert parsed.payload["time_precision"] == expected

    @pytest.mark.parametrize(
        ("overrides", "column"),
        [
            ({"iso": "417", "country": "Tajikistan"}, "country"),
            ({"iso": "999", "country": ""}, "iso"),
            ({"iso": "", "country": "Atlantis"}, "country"),
            ({"iso": "", "country": ""}, "country"),
            ({"event_date": "2022-13-01"}, "event_date"),
            ({"event_date": "yesterday"}, "event_date"),
            ({"event_date": ""}, "event_date"),
            ({"year": "2021"}, "year"),
            ({"time_precision": "4"}, "time_precision"),
            ({"latitude": "north"}, "latitude"),
            ({"latitude": "95.0"}, "latitude"),
            ({"longitude": "-190"}, "longitude"),
            ({"longitude": ""}, "longitude"),
            ({"geo_precision": "7"}, "geo_precision"),
            ({"event_type": "Battles", "sub_event_type": "Peaceful protest"}, "sub_event_type"),
            ({"event_type": ""}, "event_type"),
            ({"actor1": ""}, "actor1"),
            ({"fatalities": "-1"}, "fatalities"),
            ({"fatalities": "2.5"}, "fatalities"),
            ({"fatalities": "many"}, "fatalities"),
            ({"event_id_cnty": ""}, "event_id_cnty"),
        ],
    )
    def test_bad_rows_report_the_column(self, overrides: dict[str, str], column: str) -> None:
        parsed = from_acled_row(acled_row(**overrides))
        assert not parsed.ok
        assert parsed.payload is None
        assert column in {error.column for error in parsed.errors}, parsed.errors

    def test_reports_every_error_at_once(self) -> None:
        parsed = from_acled_row(acled_row(latitude="x", fatalities="-3", actor1=""))
        assert {e.column for e in parsed.errors} == {"latitude", "fatalities", "actor1"}

    def test_header_case_and_whitespace_are_tolerated(self) -> None:
        row = {f" {k.upper()} ": f" {v} " for k, v in acled_row().items()}
        assert from_acled_row(row).ok

    def test_reads_csv(self) -> None:
        buffer = io.StringIO()
        write_acled_csv([incident(), incident(latitude=123.0)], buffer)
        buffer.seek(0)
        results = list(read_acled_csv(buffer))
        assert [r.ok for r in results] == [True, False]


class TestHelpers:
    @pytest.mark.parametrize(
        "text", ["2026-06-03", "03 June 2026", "3 June 2026", "03-June-2026", "3 Jun 2026"]
    )
    def test_parse_event_date(self, text: str) -> None:
        assert parse_event_date(text) == date(2026, 6, 3)

    def test_parse_event_date_refuses_nonsense(self) -> None:
        with pytest.raises(ValueError, match="not a date"):
            parse_event_date("June 3rd")

    @pytest.mark.parametrize(
        ("actor", "code"),
        [
            ("Military Forces of Uzbekistan (2016-)", "1"),
            ("Police Forces of Kazakhstan (2019-)", "1"),
            ("Rioters (Kyrgyzstan)", "5"),
            ("Protesters (Kazakhstan)", "6"),
            ("Civilians (Afghanistan)", "7"),
            ("Unidentified Armed Group (Tajikistan)", ""),
            (None, ""),
        ],
    )
    def test_inter_code(self, actor: str | None, code: str) -> None:
        assert inter_code(actor) == code

    def test_interaction_code(self) -> None:
        assert interaction_code("6", "1") == "16"
        assert interaction_code("1", "") == "10"
        assert interaction_code("", "7") == ""

    @pytest.mark.parametrize(
        ("inter1", "inter2", "label"),
        [
            ("1", "7", "State forces-Civilians"),
            ("6", "1", "State forces-Protesters"),
            ("3", "4", "Political militia-Identity militia"),
            ("8", "7", "External/Other forces-Civilians"),
            ("2", "8", "Rebel group-External/Other forces"),
            ("5", "", "Rioters only"),
            ("", "7", ""),
        ],
    )
    def test_interaction_label(self, inter1: str, inter2: str, label: str) -> None:
        assert interaction_label(inter1, inter2) == label

    @pytest.mark.parametrize(
        ("value", "code"),
        [("1", "1"), ("1.0", "1"), ("State forces", "1"), ("state FORCES", "1"),
         ("External/Other forces", "8"), ("", ""), ("0", ""), ("9", None), ("Soldiers", None)],
    )  # fmt: skip
    def test_read_inter(self, value: str, code: str | None) -> None:
        assert read_inter(value) == code

    @pytest.mark.parametrize(
        ("value", "code"),
        [("17", "17"), ("60", "60"), ("State forces-Civilians", "17"),
         ("Civilians-State forces", "17"), ("External/Other forces-Civilians", "78"),
         ("Protesters only", "60"), ("", ""), ("19", None), ("99", None),
         ("Protesters-Soldiers", None), ("Soldiers only", None)],
    )  # fmt: skip
    def test_read_interaction(self, value: str, code: str | None) -> None:
        assert read_interaction(value) == code

    def test_import_takes_labels_and_codes_and_refuses_others(self) -> None:
        base = acled_row()
        labels = base | {"inter1": "State forces", "inter2": "State forces",
                         "interaction": "State forces-State forces"}  # fmt: skip
        assert from_acled_row(labels).ok
        codes = base | {"inter1": "1", "inter2": "1", "interaction": "11"}
        assert from_acled_row(codes).ok
        wrong = from_acled_row(base | {"inter2": "Soldiers", "interaction": "42"})
        assert not wrong.ok
        assert {e.column for e in wrong.errors} == {"inter2", "interaction"}

    @pytest.mark.parametrize(
        ("event_type", "fatalities", "severity"),
        [
            ("Battles", 30, 5),
            ("Battles", 5, 4),
            ("Riots", 1, 3),
            ("Riots", 0, 2),
            ("Protests", 0, 1),
        ],
    )
    def test_severity_for(self, event_type: str, fatalities: int, severity: int) -> None:
        assert severity_for(event_type, fatalities) == severity
