"""Incident vocabularies: ACLED event types, threat categories, source grades and confidence.

Event and sub-event types follow the ACLED codebook spelling exactly. Sources are graded on the
NATO/Admiralty system: source reliability A-F and information credibility 1-6, judged separately.

Confidence roll-up (``rollup_confidence``):

* each source weighs ``RELIABILITY_WEIGHT[reliability] * CREDIBILITY_WEIGHT[credibility]``;
* sources are *independent* when they originate from different organizations: the key is the
  source's ``reported_by_org`` when given (everything one organization relays is one channel,
  however many outlets it cites), else the source's ``name``; case and spacing are ignored.
  Within one key only the best-weighted source counts;
* the score combines the independent weights as ``1 - prod(1 - w)`` (each independent report
  lowers the chance that all of them are wrong), in 0..1;
* the level is ``high`` at score >= 0.8 with at least two independent sources, ``moderate`` at
  score >= 0.5 (or >= 0.8 with one source), ``low`` at score >= 0.2, else ``unconfirmed``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any

# The categories are the incidents contract's vocabulary, re-exported for this service's modules.
from pdp_common.contracts.incidents import ThreatCategory as ThreatCategory  # noqa: PLC0414


class EventType(StrEnum):
    """ACLED event types."""

    BATTLES = "Battles"
    EXPLOSIONS_REMOTE_VIOLENCE = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


SUB_EVENT_TYPES: Mapping[EventType, tuple[str, ...]] = {
    EventType.BATTLES: (
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Armed clash",
    ),
    EventType.EXPLOSIONS_REMOTE_VIOLENCE: (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    EventType.VIOLENCE_AGAINST_CIVILIANS: (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    EventType.PROTESTS: (
        "Excessive force against protesters",
        "Protest with intervention",
        "Peaceful protest",
    ),
    EventType.RIOTS: ("Violent demonstration", "Mob violence"),
    EventType.STRATEGIC_DEVELOPMENTS: (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}


def is_valid_pair(event_type: str, sub_event_type: str) -> bool:
    """Return whether ``sub_event_type`` is an ACLED sub-event type of ``event_type``."""
    try:
        return sub_event_type in SUB_EVENT_TYPES[EventType(event_type)]
    except ValueError:
        return False


class DisorderType(StrEnum):
    """ACLED disorder types."""

    POLITICAL_VIOLENCE = "Political violence"
    DEMONSTRATIONS = "Demonstrations"
    POLITICAL_VIOLENCE_DEMONSTRATIONS = "Political violence; Demonstrations"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


def disorder_type(
    event_type: str, sub_event_type: str, *, targets_protesters: bool = False
) -> DisorderType:
    """Derive ACLED's disorder type; ``targets_protesters`` marks violence aimed at demonstrators.

    Battles, explosions/remote violence, violence against civilians and mob violence are
    political violence; protests and violent demonstrations are demonstrations; excessive force
    against protesters, and violence against civilians whose targets are protesters, are both.
    """
    if not is_valid_pair(event_type, sub_event_type):
        raise ValueError(f"{sub_event_type!r} is not an ACLED sub-event type of {event_type!r}")
    kind = EventType(event_type)
    if kind is EventType.STRATEGIC_DEVELOPMENTS:
        return DisorderType.STRATEGIC_DEVELOPMENTS
    if sub_event_type == "Excessive force against protesters" or (
        kind is EventType.VIOLENCE_AGAINST_CIVILIANS and targets_protesters
    ):
        return DisorderType.POLITICAL_VIOLENCE_DEMONSTRATIONS
    if kind is EventType.PROTESTS or sub_event_type == "Violent demonstration":
        return DisorderType.DEMONSTRATIONS
    return DisorderType.POLITICAL_VIOLENCE


_C = ThreatCategory
# The likeliest category for an ACLED sub-event type in this region; analysts override it.
_DEFAULT_CATEGORY: Mapping[str, ThreatCategory] = {
    "Government regains territory": _C.VIOLENT_EXTREMISM,
    "Non-state actor overtakes territory": _C.VIOLENT_EXTREMISM,
    "Armed clash": _C.BORDER_INCIDENT,
    "Chemical weapon": _C.TERRORISM,
    "Air/drone strike": _C.BORDER_INCIDENT,
    "Suicide bomb": _C.TERRORISM,
    "Shelling/artillery/missile attack": _C.BORDER_INCIDENT,
    "Remote explosive/landmine/IED": _C.TERRORISM,
    "Grenade": _C.TERRORISM,
    "Sexual violence": _C.OTHER,
    "Attack": _C.INTERCOMMUNAL_TENSION,
    "Abduction/forced disappearance": _C.ORGANIZED_CRIME,
    "Excessive force against protesters": _C.POLITICAL_UNREST,
    "Protest with intervention": _C.POLITICAL_UNREST,
    "Peaceful protest": _C.POLITICAL_UNREST,
    "Violent demonstration": _C.POLITICAL_UNREST,
    "Mob violence": _C.INTERCOMMUNAL_TENSION,
    "Agreement": _C.OTHER,
    "Arrests": _C.OTHER,
    "Change to group/activity": _C.OTHER,
    "Disrupted weapons use": _C.TERRORISM,
    "Headquarters or base established": _C.VIOLENT_EXTREMISM,
    "Looting/property destruction": _C.ORGANIZED_CRIME,
    "Non-violent transfer of territory": _C.BORDER_INCIDENT,
    "Other": _C.OTHER,
}


def default_category(event_type: str, sub_event_type: str) -> ThreatCategory:
    """Return the likeliest threat category for an ACLED event/sub-event type pair."""
    if not is_valid_pair(event_type, sub_event_type):
        raise ValueError(f"{sub_event_type!r} is not an ACLED sub-event type of {event_type!r}")
    return _DEFAULT_CATEGORY[sub_event_type]


class TimePrecision(StrEnum):
    """How precisely an incident's time is known."""

    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class SourceType(StrEnum):
    """Kinds of information source."""

    MEDIA = "media"
    GOVERNMENT = "government"
    UN_AGENCY = "un_agency"
    NGO = "ngo"
    PARTNER_FEED = "partner_feed"
    FIELD_REPORT = "field_report"
    SOCIAL_MEDIA = "social_media"
    OTHER = "other"


class Reliability(StrEnum):
    """NATO/Admiralty source reliability, judged on the source's track record."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

    @property
    def meaning(self) -> str:
        """Return the grade's standard meaning."""
        return _RELIABILITY_MEANING[self]


_RELIABILITY_MEANING: Mapping[Reliability, str] = {
    Reliability.A: "Completely reliable: no doubt of authenticity, trustworthiness or competency",
    Reliability.B: "Usually reliable: minor doubt; a history of mostly valid information",
    Reliability.C: "Fairly reliable: doubt; has provided valid information in the past",
    Reliability.D: "Not usually reliable: significant doubt; valid information in the past",
    Reliability.E: "Unreliable: lacking authenticity, trustworthiness and competency",
    Reliability.F: "Reliability cannot be judged: insufficient information to evaluate",
}


class Credibility(IntEnum):
    """NATO/Admiralty information credibility, judged on the item itself."""

    CONFIRMED = 1
    PROBABLY_TRUE = 2
    POSSIBLY_TRUE = 3
    DOUBTFUL = 4
    IMPROBABLE = 5
    CANNOT_BE_JUDGED = 6

    @property
    def meaning(self) -> str:
        """Return the grade's standard meaning."""
        return _CREDIBILITY_MEANING[self]


_CREDIBILITY_MEANING: Mapping[Credibility, str] = {
    Credibility.CONFIRMED: "Confirmed by other sources; logical in itself; consistent",
    Credibility.PROBABLY_TRUE: "Probably true: not confirmed; logical; consistent",
    Credibility.POSSIBLY_TRUE: "Possibly true: not confirmed; reasonably logical; agrees somewhat",
    Credibility.DOUBTFUL: "Doubtfully true: not confirmed; possible but not logical",
    Credibility.IMPROBABLE: "Improbable: not confirmed; not logical; contradicted",
    Credibility.CANNOT_BE_JUDGED: "Truth cannot be judged: no basis to evaluate validity",
}

RELIABILITY_WEIGHT: Mapping[Reliability, float] = {
    Reliability.A: 1.0,
    Reliability.B: 0.8,
    Reliability.C: 0.6,
    Reliability.D: 0.4,
    Reliability.E: 0.1,
    Reliability.F: 0.3,
}
CREDIBILITY_WEIGHT: Mapping[Credibility, float] = {
    Credibility.CONFIRMED: 1.0,
    Credibility.PROBABLY_TRUE: 0.8,
    Credibility.POSSIBLY_TRUE: 0.6,
    Credibility.DOUBTFUL: 0.3,
    Credibility.IMPROBABLE: 0.05,
    Credibility.CANNOT_BE_JUDGED: 0.35,
}


class ConfidenceLevel(StrEnum):
    """How far an incident's sources, taken together, support it."""

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    UNCONFIRMED = "unconfirmed"


@dataclass(frozen=True)
class Confidence:
    """An incident's rolled-up confidence."""

    score: float
    level: ConfidenceLevel
    independent_sources: int
    sources: int


def _field(source: Mapping[str, Any] | object, name: str) -> Any:
    if isinstance(source, Mapping):
        return source.get(name)
    return getattr(source, name, None)


def independence_key(source: Mapping[str, Any] | object) -> str:
    """Return the organization a source's report originates from (its ``reported_by_org``/name)."""
    origin = _field(source, "reported_by_org") or _field(source, "name") or ""
    return " ".join(str(origin).split()).casefold()


def source_weight(source: Mapping[str, Any] | object) -> float:
    """Return a source's weight: reliability weight times credibility weight."""
    reliability = Reliability(str(_field(source, "reliability")).upper())
    credibility = Credibility(int(_field(source, "credibility")))
    return RELIABILITY_WEIGHT[reliability] * CREDIBILITY_WEIGHT[credibility]


def rollup_confidence(sources: Iterable[Mapping[str, Any] | object]) -> Confidence:
    """Roll graded sources (mappings or objects) up into one confidence (see module docs)."""
    best: dict[str, float] = {}
    count = 0
    for source in sources:
        count += 1
        key = independence_key(source)
        best[key] = max(best.get(key, 0.0), source_weight(source))
    score = round(1.0 - math.prod(1.0 - w for w in best.values()), 4)
    independent = len(best)
    if score >= 0.8 and independent >= 2:
        level = ConfidenceLevel.HIGH
    elif score >= 0.5:
        level = ConfidenceLevel.MODERATE
    elif score >= 0.2:
        level = ConfidenceLevel.LOW
    else:
        level = ConfidenceLevel.UNCONFIRMED
    return Confidence(score, level, independent, count)
