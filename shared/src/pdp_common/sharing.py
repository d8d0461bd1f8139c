"""The information-sharing rule: may this item go to this partner organization?

One pure function, :func:`decide`, answers for one item; services that share data (incidents,
briefings) call it with the agreements and consents of their local copy (fed by the organizations
service's events, see :mod:`pdp_common.contracts.organizations`). Lists are filtered in SQL with the
same rule, which is stated here precisely so that a repository can write it as a WHERE clause.

The rule, for an item (``country`` ISO3, ``category``, ``sensitivity``, ``available_at``), a partner
organization code ``P`` and the instant ``now`` (all instants UTC-aware)::

    allowed  <=>  EXISTS agreement A such that
                      A.partner_org = P
                  AND A.status = 'active'
                  AND A.valid_from <= now AND (A.valid_until IS NULL OR now < A.valid_until)
                  AND item.country  IN A.countries         -- an empty list covers nothing
                  AND item.category IN A.categories        -- an empty list covers nothing
                  AND rank(item.sensitivity) <= rank(A.max_sensitivity)
                  AND item.available_at + A.embargo_hours * 1 hour <= now
             AND ( item.country NOT IN ('KAZ', 'KGZ', 'TJK', 'TKM', 'UZB')
                   OR EXISTS consent C such that
                          C.government = item.country
                      AND C.party_org = P
                      AND C.kind = 'information_sharing'
                      AND C.status = 'active'              -- a withdrawn consent never counts
                      AND C.valid_from <= now AND (C.valid_until IS NULL OR now < C.valid_until)
                      AND (C.countries is empty OR item.country  IN C.countries)
                      AND (C.topics    is empty OR item.category IN C.topics) )

``rank`` orders sensitivities public 0 < internal 1 < confidential 2 < strictly_confidential 3
(:attr:`pdp_common.identity.Clearance.rank`). All four agreement conditions must hold for one and
the same agreement: two agreements, one covering the country and another the category, allow
nothing.
Codes compare exactly (ISO3 and organization codes upper case, categories lower-case snake case).
The embargo condition is equivalent to ``item.available_at <= now - A.embargo_hours hours``, which
keeps the item's column bare for an index. Anything not allowed by the rule is denied.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from pdp_common.contracts.incidents import ThreatCategory
from pdp_common.contracts.organizations import (
    AgreementStatus,
    AgreementUpserted,
    ConsentKind,
    ConsentRecorded,
    ConsentStatus,
    ConsentWithdrawn,
)
from pdp_common.identity import Clearance

CONSENT_REQUIRED_COUNTRIES: frozenset[str] = frozenset({"KAZ", "KGZ", "TJK", "TKM", "UZB"})
"""Items about these countries need the consent of the country's government to be shared."""

THREAT_CATEGORIES: tuple[str, ...] = tuple(category.value for category in ThreatCategory)
"""The threat categories items are classified under (codes used by agreements and consents)."""


class DeliveryFormat(enum.StrEnum):
    """How items reach a partner; an agreement lists the ones it allows (its ``formats``).

    The rule above says what may flow; the formats say by which channel. A service delivering items
    in one format decides with the partner's agreements that list it (:func:`delivering`): the
    JSON API of incidents with ``json``, its exports with ``geojson`` and ``csv``, briefings with
    ``briefing``.
    """

    JSON = "json"
    GEOJSON = "geojson"
    ATOM = "atom"
    JSON_FEED = "json_feed"
    CAP = "cap"
    CSV = "csv"
    BRIEFING = "briefing"


class ReasonCode(enum.StrEnum):
    """The four conditions of the sharing rule."""

    AGREEMENT = "agreement"
    SENSITIVITY = "sensitivity"
    EMBARGO = "embargo"
    CONSENT = "consent"


@dataclass(frozen=True, slots=True)
class SharedItem:
    """What the rule needs to know about an item: where, what, how sensitive, since when."""

    country: str
    category: str
    sensitivity: Clearance
    available_at: datetime


@dataclass(frozen=True, slots=True)
class AgreementTerms:
    """The terms of one information-sharing agreement, as stored in a local copy."""

    agreement_id: uuid.UUID
    partner_org: str
    countries: frozenset[str]
    categories: frozenset[str]
    max_sensitivity: Clearance
    embargo_hours: int
    status: AgreementStatus
    valid_from: datetime
    valid_until: datetime | None = None
    formats: frozenset[str] = field(default_factory=frozenset)
    version: int = 1

    @classmethod
    def from_event(cls, data: AgreementUpserted) -> AgreementTerms:
        """Build the terms carried by an ``AgreementUpserted`` event."""
        return cls(
            agreement_id=data.agreement_id,
            partner_org=data.partner_org,
            countries=frozenset(data.countries),
            categories=frozenset(data.categories),
            max_sensitivity=data.max_sensitivity,
            embargo_hours=data.embargo_hours,
            status=data.status,
            valid_from=data.valid_from,
            valid_until=data.valid_until,
            formats=frozenset(data.formats),
            version=data.version,
        )

    @classmethod
    def from_stored(cls, stored: Any, agreement_id: uuid.UUID) -> AgreementTerms:
        """Build the terms of a stored agreement: any row or model with the terms' fields as
        attributes (JSON lists, codes as text), e.g. the organizations service's own table or a
        sharing service's local copy (:mod:`pdp_common.sharing_copy`)."""
        return cls(
            agreement_id=agreement_id,
            partner_org=stored.partner_org,
            countries=frozenset(stored.countries),
            categories=frozenset(stored.categories),
            max_sensitivity=Clearance(stored.max_sensitivity),
            embargo_hours=stored.embargo_hours,
            status=AgreementStatus(stored.status),
            valid_from=stored.valid_from,
            valid_until=stored.valid_until,
            formats=frozenset(stored.formats),
            version=stored.version,
        )

    def in_force(self, now: datetime) -> bool:
        """Tell whether the agreement is active and within its validity period at ``now``."""
        return self.status is AgreementStatus.ACTIVE and _within(
            self.valid_from, self.valid_until, now
        )

    def covers(self, item: SharedItem) -> bool:
        """Tell whether the agreement names the item's country and category."""
        return item.country in self.countries and item.category in self.categories

    def embargo_ends(self, item: SharedItem) -> datetime:
        """Return the instant from which the item may flow under this agreement."""
        return item.available_at + timedelta(hours=self.embargo_hours)


@dataclass(frozen=True, slots=True)
class ConsentTerms:
    """The terms of one government consent, as stored in a local copy."""

    consent_id: uuid.UUID
    government: str
    party_org: str
    kind: ConsentKind
    countries: frozenset[str]
    topics: frozenset[str]
    status: ConsentStatus
    valid_from: datetime
    valid_until: datetime | None = None
    version: int = 1

    @classmethod
    def from_event(cls, data: ConsentRecorded) -> ConsentTerms:
        """Build the terms carried by a ``ConsentRecorded`` event."""
        return cls(
            consent_id=data.consent_id,
            government=data.government,
            party_org=data.party_org,
            kind=data.kind,
            countries=frozenset(data.countries),
            topics=frozenset(data.topics),
            status=data.status,
            valid_from=data.valid_from,
            valid_until=data.valid_until,
            version=data.version,
        )

    @classmethod
    def from_stored(cls, stored: Any, consent_id: uuid.UUID) -> ConsentTerms:
        """Build the terms of a stored consent (see :meth:`AgreementTerms.from_stored`)."""
        return cls(
            consent_id=consent_id,
            government=stored.government,
            party_org=stored.party_org,
            kind=ConsentKind(stored.kind),
            countries=frozenset(stored.countries),
            topics=frozenset(stored.topics),
            status=ConsentStatus(stored.status),
            valid_from=stored.valid_from,
            valid_until=stored.valid_until,
            version=stored.version,
        )

    def withdrawn(self, data: ConsentWithdrawn) -> ConsentTerms:
        """Return these terms as withdrawn by ``data`` (unchanged when ``data`` is older)."""
        if data.version < self.version:
            return self
        return replace(self, status=ConsentStatus.WITHDRAWN, version=data.version)

    def permits(self, item: SharedItem, *, partner_org: str, now: datetime) -> bool:
        """Tell whether this consent lets ``item`` go to ``partner_org`` at ``now``."""
        return (
            self.government == item.country
            and self.party_org == partner_org
            and self.kind is ConsentKind.INFORMATION_SHARING
            and self.status is ConsentStatus.ACTIVE
            and _within(self.valid_from, self.valid_until, now)
            and (not self.countries or item.country in self.countries)
            and (not self.topics or item.category in self.topics)
        )


@dataclass(frozen=True, slots=True)
class SharingReason:
    """One condition of the rule, whether it holds, and why."""

    code: ReasonCode
    ok: bool
    detail: str


@dataclass(frozen=True, slots=True)
class SharingDecision:
    """The answer: allowed only when every reason holds."""

    allowed: bool
    reasons: list[SharingReason]
    agreement_id: uuid.UUID | None = None
    consent_id: uuid.UUID | None = None


def delivering(
    agreements: Iterable[AgreementTerms], delivery: DeliveryFormat
) -> tuple[AgreementTerms, ...]:
    """Return the agreements that let items reach their partner in ``delivery``."""
    return tuple(a for a in agreements if delivery.value in a.formats)


def requires_consent(country: str) -> bool:
    """Tell whether items about ``country`` need its government's consent to be shared."""
    return country in CONSENT_REQUIRED_COUNTRIES


def decide(
    item: SharedItem,
    *,
    partner_org: str,
    agreements: Sequence[AgreementTerms],
    consents: Sequence[ConsentTerms],
    now: datetime,
) -> SharingDecision:
    """Decide whether ``item`` may go to ``partner_org`` at ``now``, with the reasons."""
    covering = [
        a for a in agreements if a.partner_org == partner_org and a.in_force(now) and a.covers(item)
    ]
    chosen = _best_agreement(covering, item, now)
    reasons = _agreement_reasons(chosen, item, partner_org, now)
    consent_reason, consent = _consent_reason(item, partner_org, consents, now)
    reasons.append(consent_reason)
    return SharingDecision(
        allowed=all(r.ok for r in reasons),
        reasons=reasons,
        agreement_id=chosen.agreement_id if chosen else None,
        consent_id=consent.consent_id if consent else None,
    )


def _within(valid_from: datetime, valid_until: datetime | None, now: datetime) -> bool:
    return valid_from <= now and (valid_until is None or now < valid_until)


def _best_agreement(
    covering: Iterable[AgreementTerms], item: SharedItem, now: datetime
) -> AgreementTerms | None:
    """Prefer an agreement that passes everything, then one that passes sensitivity, then any."""

    def score(a: AgreementTerms) -> tuple[bool, bool, int, str]:
        sensitivity_ok = a.max_sensitivity.allows(item.sensitivity)
        embargo_ok = a.embargo_ends(item) <= now
        return (
            sensitivity_ok and embargo_ok,
            sensitivity_ok,
            -a.embargo_hours,
            str(a.agreement_id),
        )

    ranked = sorted(covering, key=score, reverse=True)
    return ranked[0] if ranked else None


def _agreement_reasons(
    chosen: AgreementTerms | None, item: SharedItem, partner_org: str, now: datetime
) -> list[SharingReason]:
    if chosen is None:
        detail = (
            f"no active agreement with {partner_org} in force covers "
            f"country {item.country} and category {item.category}"
        )
        return [
            SharingReason(ReasonCode.AGREEMENT, False, detail),
            SharingReason(ReasonCode.SENSITIVITY, False, "no agreement sets a sensitivity ceiling"),
            SharingReason(ReasonCode.EMBARGO, False, "no agreement sets an embargo"),
        ]
    ceiling = chosen.max_sensitivity
    ends = chosen.embargo_ends(item)
    return [
        SharingReason(
            ReasonCode.AGREEMENT,
            True,
            f"agreement {chosen.agreement_id} with {partner_org} "
            f"covers {item.country} / {item.category}",
        ),
        SharingReason(
            ReasonCode.SENSITIVITY,
            ceiling.allows(item.sensitivity),
            f"item is {item.sensitivity.value}; the agreement allows up to {ceiling.value}",
        ),
        SharingReason(
            ReasonCode.EMBARGO,
            ends <= now,
            f"embargo of {chosen.embargo_hours} h "
            + ("elapsed at " if ends <= now else "lasts until ")
            + ends.isoformat(),
        ),
    ]


def _consent_reason(
    item: SharedItem, partner_org: str, consents: Sequence[ConsentTerms], now: datetime
) -> tuple[SharingReason, ConsentTerms | None]:
    if not requires_consent(item.country):
        detail = f"items about {item.country} need no government consent"
        return SharingReason(ReasonCode.CONSENT, True, detail), None
    for consent in sorted(consents, key=lambda c: str(c.consent_id)):
        if consent.permits(item, partner_org=partner_org, now=now):
            detail = (
                f"consent {consent.consent_id} of {item.country} covers sharing with {partner_org}"
            )
            return SharingReason(ReasonCode.CONSENT, True, detail), consent
    detail = (
        f"no active information-sharing consent of {item.country} to {partner_org} "
        f"covers {item.country} / {item.category}"
    )
    return SharingReason(ReasonCode.CONSENT, False, detail), None
