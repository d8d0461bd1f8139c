"""``early-warning-backtest``: replay an ACLED-style CSV and list the alerts that would have fired.

Rows are read with the incidents service's ACLED parser (``incidents.acled``), so the country,
admin1, category, severity and fatalities are those an import would store; rows the parser refuses
are skipped and counted. ACLED rows carry no source confidence score, so every row counts with the
unknown-confidence default.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from incidents.acled import read_acled_csv
from incidents.early_warning.backtest import BacktestAlert, Record, backtest
from incidents.early_warning.indicators import IndicatorSettings

console = Console()
TOP_FACTORS = ("weighted_score", "incidents", "casualties")


def read_records(path: Path) -> tuple[list[Record], int]:
    """Return the records of an ACLED-style CSV and how many rows were skipped."""
    records: list[Record] = []
    skipped = 0
    with path.open(encoding="utf-8-sig", newline="") as stream:
        for parsed in read_acled_csv(stream):
            if not parsed.ok or parsed.payload is None:
                skipped += 1
                continue
            payload = parsed.payload
            records.append(
                Record(
                    occurred_on=datetime.fromisoformat(payload["occurred_at"]).date(),
                    country=payload["country"],
                    admin1=payload["admin1"],
                    category=payload["category"],
                    severity=payload["severity"],
                    casualties_best=payload["casualties"]["best"],
                    confidence_score=None,
                )
            )
    return records, skipped


def alert_json(alert: BacktestAlert) -> dict[str, Any]:
    """Return one alert as JSON-ready data."""
    country, admin1, category = alert.place
    return {
        "place": {"country": country, "admin1": admin1, "category": category},
        "window_days": alert.window_days,
        "raised_on": alert.raised_on.isoformat(),
        "subsided_on": alert.subsided_on.isoformat() if alert.subsided_on else None,
        "peak_on": alert.peak_on.isoformat(),
        "peak_score": round(alert.peak_score, 3),
        "factors": [
            {
                "name": factor.name,
                "value": round(factor.value, 3),
                "baseline": None if factor.baseline is None else round(factor.baseline, 3),
                "description": factor.description,
            }
            for factor in alert.factors
        ],
    }


def _table(alerts: list[BacktestAlert]) -> Table:
    table = Table("place", "window", "raised", "subsided", "peak", "why (at the peak)")
    for alert in alerts:
        country, admin1, category = alert.place
        why = "; ".join(f.description for f in alert.factors if f.name in TOP_FACTORS)
        table.add_row(
            " / ".join(part for part in (country, admin1, category) if part),
            f"{alert.window_days}d",
            alert.raised_on.isoformat(),
            alert.subsided_on.isoformat() if alert.subsided_on else "open",
            f"{alert.peak_score:.1f}",
            why,
        )
    return table


def backtest_command(
    csv_file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="ACLED-style CSV file."),
    ],
    from_day: Annotated[
        datetime | None,
        typer.Option(
            "--from",
            formats=["%Y-%m-%d"],
            help="First day replayed (default: a baseline after the first record).",
        ),
    ] = None,
    to_day: Annotated[
        datetime | None,
        typer.Option(
            "--to", formats=["%Y-%m-%d"], help="Last day replayed (default: last record)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the alerts as JSON.")] = False,
) -> None:
    """Replay an ACLED-style CSV day by day and list the early-warning alerts it would raise."""
    start: date | None = from_day.date() if from_day else None
    end: date | None = to_day.date() if to_day else None
    if start and end and start > end:
        raise typer.BadParameter("--from must not be after --to", param_hint="--from")
    records, skipped = read_records(csv_file)
    alerts = backtest(records, start=start, end=end, settings=IndicatorSettings())
    if as_json:
        report = {
            "records": len(records),
            "skipped_rows": skipped,
            "alerts": [alert_json(a) for a in alerts],
        }
        typer.echo(json.dumps(report, indent=2))
        return
    console.print(_table(alerts))
    console.print(f"{len(alerts)} alerts from {len(records)} records ({skipped} rows skipped)")
