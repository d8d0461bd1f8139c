"""The early-warning section drafted from the copy of alerts, and its wording."""

from __future__ import annotations

from collections.abc import Sequence

from pdp_common.identity import Clearance

from briefings.early_warning.schemas import AlertRef, EarlyWarningSection
from briefings.early_warning.vocabulary import TOP_FACTORS, AlertTrend
from briefings.models import EarlyWarningAlert
from briefings.templates import COUNTRY_NAMES, label


def trend(alert: EarlyWarningAlert) -> AlertTrend:
    """Return where the alert's score stands in its episode: just raised, at its peak, or below
    it (read from the alert's own state, so a missed or late update cannot mislead it)."""
    if alert.source_version == 1:
        return AlertTrend.NEW
    if alert.score < alert.peak_score:
        return AlertTrend.EASING
    return AlertTrend.RISING


def alert_ref(alert: EarlyWarningAlert) -> AlertRef:
    """Return the citation of an alert, with its top factors in words."""
    return AlertRef(
        alert_id=alert.alert_id,
        country=alert.country,
        admin1=alert.admin1,
        category=alert.category,
        window_days=alert.window_days,
        observed=alert.observed,
        expected=alert.expected,
        score=alert.score,
        peak_score=alert.peak_score,
        trend=trend(alert),
        raised_at=alert.raised_at,
        subsided_at=alert.subsided_at,
        factors=[str(f["description"]) for f in alert.factors[:TOP_FACTORS]],
        sensitivity=Clearance(alert.sensitivity),
    )


def place(ref: AlertRef) -> str:
    """Return where an alert is, in words."""
    country = COUNTRY_NAMES.get(ref.country, ref.country)
    return f"{ref.admin1}, {country}" if ref.admin1 else country


def threat(ref: AlertRef) -> str:
    """Return what an alert is about, in words."""
    return label(ref.category) if ref.category else "all threats"


def _alerts(n: int) -> str:
    return f"{n} escalation alert{'s' if n != 1 else ''}"


def _summary(
    open_alerts: Sequence[EarlyWarningAlert], subsided: Sequence[EarlyWarningAlert], listed: int
) -> str:
    if not open_alerts and not subsided:
        return "No escalation alert was open or subsided in the countries covered."
    parts = []
    if open_alerts:
        places = len({a.country for a in open_alerts})
        top = alert_ref(open_alerts[0])
        parts.append(
            f"{_alerts(len(open_alerts))} open in {places} "
            f"{'country' if places == 1 else 'countries'}; the highest, {threat(top)} in "
            f"{place(top)}, at {top.score:.1f} against a threshold of "
            f"{open_alerts[0].threshold:.1f}."
        )
        if len(open_alerts) > listed:
            parts.append(f"The {listed} highest are listed.")
    else:
        parts.append("No escalation alert is open.")
    if subsided:
        parts.append(f"{_alerts(len(subsided))} subsided in the period.")
    return " ".join(parts)


def draft_section(
    *,
    open_alerts: Sequence[EarlyWarningAlert],
    subsided: Sequence[EarlyWarningAlert],
    listed: int,
) -> EarlyWarningSection:
    """Draft the early-warning section: open alerts by score, then those that subsided."""
    return EarlyWarningSection(
        summary=_summary(open_alerts, subsided, listed),
        open_alerts=[alert_ref(a) for a in open_alerts[:listed]],
        subsided_alerts=[alert_ref(a) for a in subsided[:listed]],
    )
