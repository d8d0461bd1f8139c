"""Templates: draft a briefing's sections from the incident digest.

Every kind has the same four sections (overview, developments by country, outlook,
recommendations); the template fills them with counts, the gravest incidents and standard
recommendations per threat category, for an analyst to edit before review.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from briefings.models import IncidentDigest
from briefings.schemas import CountryDevelopment, IncidentRef, Sections
from briefings.vocabulary import BriefingKind

COUNTRY_NAMES = {
    "AFG": "Afghanistan",
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "TJK": "Tajikistan",
    "TKM": "Turkmenistan",
    "UZB": "Uzbekistan",
}
CATEGORY_LABELS = {
    "terrorism": "terrorism",
    "violent_extremism": "violent extremism",
    "drug_trafficking": "drug trafficking",
    "organized_crime": "organized crime",
    "environmental_degradation": "environmental degradation",
    "water_energy_dispute": "water and energy dispute",
    "border_incident": "border incident",
    "intercommunal_tension": "inter-communal tension",
    "political_unrest": "political unrest",
    "other": "other",
}
RECOMMENDATIONS = {
    "border_incident": "Encourage the border commissions concerned to meet and to use the agreed "
    "hotlines; offer the Centre's good offices.",
    "water_energy_dispute": "Support a technical meeting of the water and energy authorities "
    "concerned ahead of the irrigation season.",
    "intercommunal_tension": "Ask the country teams to reinforce local dialogue platforms in the "
    "affected districts.",
    "terrorism": "Share the assessment with the Office of Counter-Terrorism and the country teams.",
    "violent_extremism": "Review prevention programming with the country teams and UNODC.",
    "drug_trafficking": "Coordinate with UNODC on border liaison and interdiction support.",
    "organized_crime": "Coordinate with UNODC and the regional organizations concerned.",
    "environmental_degradation": "Raise the environmental risk with the resident coordinators.",
    "political_unrest": "Maintain close contact with the authorities and urge restraint.",
}
ROUTINE = "Maintain routine monitoring and liaison with the resident coordinators."
TITLES = {
    BriefingKind.DAILY_SITUATION_BRIEF: "Daily situation brief, {end:%d %B %Y}",
    BriefingKind.WEEKLY_REGIONAL_ANALYSIS: "Weekly regional analysis, week ending {end:%d %B %Y}",
    BriefingKind.FLASH_ALERT: "Flash alert: {reference}",
    BriefingKind.THEMATIC_NOTE: "Thematic note: {theme}, {end:%B %Y}",
}


def label(category: str) -> str:
    """Return the readable name of a threat category."""
    return CATEGORY_LABELS.get(category, category.replace("_", " "))


def place(incident: IncidentDigest) -> str:
    """Return where an incident happened, in words."""
    country = COUNTRY_NAMES.get(incident.country, incident.country)
    return f"{incident.admin1}, {country}" if incident.admin1 else country


def title_for(
    kind: BriefingKind, *, end: datetime, theme: str | None, reference: str | None
) -> str:
    """Return the template title of a briefing."""
    return TITLES[kind].format(end=end, theme=label(theme or ""), reference=reference or "")


def _ref(incident: IncidentDigest) -> IncidentRef:
    return IncidentRef(
        incident_id=incident.incident_id,
        reference=incident.reference,
        category=incident.category,
        severity=incident.severity,
        occurred_at=incident.occurred_at,
        admin1=incident.admin1,
        title=incident.title,
    )


def _count_phrase(counts: Counter[str]) -> str:
    parts = [f"{n} {label(c)}{'s' if n > 1 else ''}" for c, n in counts.most_common()]
    return ", ".join(parts)


def _development(country: str, incidents: list[IncidentDigest]) -> CountryDevelopment:
    if not incidents:
        return CountryDevelopment(country=country, summary="No verified incident recorded.")
    counts = Counter(i.category for i in incidents)
    worst = max(i.severity for i in incidents)
    plural = "s" if len(incidents) > 1 else ""
    summary = (
        f"{len(incidents)} verified incident{plural} ({_count_phrase(counts)}); "
        f"highest severity {worst}."
    )
    return CountryDevelopment(
        country=country, summary=summary, incidents=[_ref(i) for i in incidents[:20]]
    )


def _overview(
    incidents: Sequence[IncidentDigest], countries: Sequence[str], start: datetime, end: datetime
) -> str:
    span = f"Between {start:%d %B %Y %H:%M} and {end:%d %B %Y %H:%M} UTC"
    if not incidents:
        return f"{span}, no verified incident was recorded in the countries covered."
    affected = len({i.country for i in incidents})
    gravest = incidents[0]
    return (
        f"{span}, {len(incidents)} verified incident{'s' if len(incidents) > 1 else ''} "
        f"were recorded in {affected} of the {len(countries)} countries covered. The gravest, "
        f"{gravest.reference}, was a {label(gravest.category)} of severity {gravest.severity} "
        f"in {place(gravest)}."
    )


def _outlook(incidents: Sequence[IncidentDigest], previous: int) -> str:
    current = len(incidents)
    if current > previous:
        trend = f"Verified incidents rose from {previous} in the preceding period to {current}."
    elif current < previous:
        trend = f"Verified incidents fell from {previous} in the preceding period to {current}."
    else:
        trend = f"Verified incidents held at {current}, as in the preceding period."
    if not incidents:
        return trend
    top = Counter(i.category for i in incidents).most_common(1)[0][0]
    return f"{trend} {label(top).capitalize()} calls for the closest attention."


def _recommendations(incidents: Sequence[IncidentDigest]) -> list[str]:
    categories = [c for c, _ in Counter(i.category for i in incidents).most_common(3)]
    found = [RECOMMENDATIONS[c] for c in categories if c in RECOMMENDATIONS]
    return found or [ROUTINE]


def draft_sections(
    *,
    incidents: Sequence[IncidentDigest],
    previous_count: int,
    countries: Sequence[str],
    start: datetime,
    end: datetime,
) -> Sections:
    """Draft the sections of a periodic briefing (daily, weekly, thematic)."""
    by_country = {c: [i for i in incidents if i.country == c] for c in countries}
    return Sections(
        overview=_overview(incidents, countries, start, end),
        developments=[_development(c, by_country[c]) for c in countries],
        outlook=_outlook(incidents, previous_count),
        recommendations=_recommendations(incidents),
    )


def draft_flash_sections(incident: IncidentDigest) -> Sections:
    """Draft the sections of a flash alert on one grave incident."""
    what = f" ({incident.title})" if incident.title else ""
    overview = (
        f"{incident.reference}{what}: a verified {label(incident.category)} of severity "
        f"{incident.severity} in {place(incident)} at {incident.occurred_at:%d %B %Y %H:%M} UTC."
    )
    country = COUNTRY_NAMES.get(incident.country, incident.country)
    return Sections(
        overview=overview,
        developments=[_development(incident.country, [incident])],
        outlook=f"Further incidents of this kind in {country} are possible in the coming days; "
        "the Centre is following developments closely.",
        recommendations=[
            *_recommendations([incident]),
            f"Consider an early call by the Head of Centre to the authorities of {country}.",
        ],
    )
