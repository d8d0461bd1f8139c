"""The demo environmental series: valid rows, and the picture they give when stored."""

from __future__ import annotations

from datetime import date

from incidents.demo.environment import demo_environment_rows, load_demo_environment
from incidents.early_warning.environment import parsing
from incidents.early_warning.environment.signals import environmental_signals
from pdp_common.db import Database

TODAY = date(2026, 12, 6)


def test_every_demo_row_passes_the_import_checks() -> None:
    raws = demo_environment_rows(TODAY)
    countries = {"AFG", "KAZ", "KGZ", "TJK", "TKM", "UZB"}
    errors = [
        (number, parsed.errors)
        for number, raw in enumerate(raws, start=1)
        if (parsed := parsing.check_row(number, raw, countries=countries, today=TODAY)).errors  # type: ignore[arg-type]
    ]
    assert errors == []
    assert demo_environment_rows(TODAY) == raws


async def test_the_picture_flags_the_low_amu_darya_and_the_drought_only(db: Database) -> None:
    async with db.transaction() as session:
        report = await load_demo_environment(session, today=TODAY)
    assert report.rejected == 0
    assert report.series_created == 5
    async with db.transaction() as session:
        again = await load_demo_environment(session, today=TODAY)
    assert (again.accepted, again.series_created) == (0, 0)  # a second load only updates
    async with db.sessions() as session:
        signals = await environmental_signals(session, as_of=TODAY)
    by_site = {s.site: s for s in signals}
    assert set(by_site) == {
        "Amu Darya at Kerki", "Syr Darya at Chinaz", "Toktogul reservoir", "Batken foothills",
        "Dashoguz oasis",
    }  # fmt: skip
    departing = {s.site for s in signals if s.departing}
    assert departing == {"Amu Darya at Kerki", "Dashoguz oasis"}
    amu = by_site["Amu Darya at Kerki"]
    assert (amu.country, amu.admin1, amu.kind, amu.direction) == (
        "TKM", "Lebap", "river_flow", "below",
    )  # fmt: skip
    assert amu.baseline_method == "seasonal"
    assert amu.latest_value < amu.baseline
    assert "Amu Darya at Kerki (Lebap, TKM)" in amu.description
    assert signals[0].departing  # highest score first
