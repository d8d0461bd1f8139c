from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

from incidents.__main__ import cli
from incidents.early_warning.backtest import Record, backtest, daily_totals, places_of
from incidents.early_warning.indicators import IndicatorSettings
from typer.testing import CliRunner

START = date(2023, 1, 1)
ONSET = START + timedelta(days=420)


def record(day: date, **changes: object) -> Record:
    values: dict[str, object] = {
        "occurred_on": day,
        "country": "KGZ",
        "admin1": "Osh",
        "category": "armed_conflict",
        "severity": 3,
        "casualties_best": 0,
        "confidence_score": 0.8,
    }
    values.update(changes)
    return Record(**values)  # type: ignore[arg-type]


def history(days: int = 480) -> list[Record]:
    """One incident every other day, in Osh, for ``days`` days."""
    return [record(START + timedelta(days=k)) for k in range(0, days, 2)]


def escalation(**changes: object) -> list[Record]:
    """Four incidents a day for ten days from ``ONSET``."""
    return [record(ONSET + timedelta(days=k), **changes) for k in range(10) for _ in range(4)]


class TestPlaces:
    def test_an_incident_counts_toward_four_places(self) -> None:
        assert places_of("KGZ", "Osh", "unrest") == (
            ("KGZ", None, None),
            ("KGZ", None, "unrest"),
            ("KGZ", "Osh", None),
            ("KGZ", "Osh", "unrest"),
        )

    def test_unknown_admin1_or_category(self) -> None:
        assert places_of("KGZ", None, None) == (("KGZ", None, None),)
        assert places_of("KGZ", None, "unrest") == (("KGZ", None, None), ("KGZ", None, "unrest"))

    def test_daily_totals_skip_uncounted_records(self) -> None:
        totals = daily_totals([record(START), record(START, status="retracted")])
        assert {total.incidents for days in totals.values() for total in days} == {1}


class TestBacktest:
    def test_escalation_gives_one_alert_per_place_and_window(self) -> None:
        alerts = backtest([*history(), *escalation()])
        assert alerts
        keys = [(alert.place, alert.window_days) for alert in alerts]
        assert len(keys) == len(set(keys))
        assert {alert.place for alert in alerts} == set(places_of("KGZ", "Osh", "armed_conflict"))
        for alert in alerts:
            assert ONSET <= alert.raised_on <= ONSET + timedelta(days=7)
            assert alert.subsided_on is not None
            assert alert.subsided_on > alert.raised_on
            assert alert.peak_score >= IndicatorSettings().raise_threshold
            assert alert.raised_on <= alert.peak_on <= alert.subsided_on
            assert {factor.name for factor in alert.factors} >= {"incidents", "trend"}

    def test_stable_history_gives_no_alerts(self) -> None:
        assert backtest(history()) == []

    def test_retracted_escalation_gives_no_alerts(self) -> None:
        assert backtest([*history(), *escalation(status="retracted")]) == []

    def test_alert_still_open_at_the_end(self) -> None:
        alerts = backtest([*history(), *escalation()], end=ONSET + timedelta(days=9))
        assert alerts
        assert all(alert.subsided_on is None for alert in alerts)

    def test_window_outside_the_escalation(self) -> None:
        records = [*history(), *escalation()]
        assert backtest(records, start=START + timedelta(days=380), end=ONSET - timedelta(1)) == []

    def test_no_records(self) -> None:
        assert backtest([]) == []


def write_acled(path: Path) -> None:
    """Write a small ACLED-style CSV: a quiet year in Osh, then ten violent days."""
    columns = [
        "event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1",
        "country", "admin1", "location", "latitude", "longitude", "fatalities",
    ]  # fmt: skip
    rows = []
    days = [START + timedelta(days=k) for k in range(0, 480, 2)]
    days += [ONSET + timedelta(days=k) for k in range(10) for _ in range(4)]
    for number, day in enumerate(days):
        rows.append(
            [
                f"KGZ{number}",
                day.isoformat(),
                str(day.year),
                "Battles",
                "Armed clash",
                "Military Forces of Kyrgyzstan (2021-)",
                "Kyrgyzstan",
                "Osh",
                "Osh",
                "40.51",
                "72.80",
                "1",
            ]
        )
    rows.append(["KGZ-bad", "not a date", "", "Battles", "Armed clash", "x", "Kyrgyzstan"])
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(columns)
        writer.writerows(rows)


class TestCommand:
    def test_json_report(self, tmp_path: Path) -> None:
        path = tmp_path / "acled.csv"
        write_acled(path)
        result = CliRunner().invoke(cli, ["early-warning-backtest", str(path), "--json"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        assert report["records"] == 280
        assert report["skipped_rows"] == 1
        assert report["alerts"]
        first = report["alerts"][0]
        assert first["place"]["country"] == "KGZ"
        assert ONSET.isoformat() <= first["raised_on"] <= (ONSET + timedelta(7)).isoformat()
        assert first["factors"][0]["description"]

    def test_table_and_range(self, tmp_path: Path) -> None:
        path = tmp_path / "acled.csv"
        write_acled(path)
        result = CliRunner().invoke(
            cli,
            [
                "early-warning-backtest",
                str(path),
                "--from",
                ONSET.isoformat(),
                "--to",
                "2024-12-31",
            ],
        )
        assert result.exit_code == 0, result.output
        assert "KGZ / Osh" in result.stdout
        assert "alerts from 280 records (1 rows skipped)" in result.stdout

    def test_quiet_range_has_no_alerts(self, tmp_path: Path) -> None:
        path = tmp_path / "acled.csv"
        write_acled(path)
        args = ["early-warning-backtest", str(path), "--json", "--to", "2024-01-31"]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["alerts"] == []

    def test_from_after_to_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "acled.csv"
        write_acled(path)
        args = ["early-warning-backtest", str(path), "--from", "2024-06-01", "--to", "2024-01-01"]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2
        assert "--from must not be after --to" in result.output
