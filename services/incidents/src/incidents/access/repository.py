"""SQL of access: the rule as a WHERE clause (the local copy of agreements and consents it reads
is :mod:`pdp_common.sharing_copy`).

The clause mirrors :func:`pdp_common.sharing.decide` for the caller's organization: the
organization's agreements and consents in force are read from the local copy first, then each
agreement becomes one conjunction over the incident's own columns (country, category,
sensitivity_rank, created_at), so the filter uses the incidents' indexes and no join.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from pdp_common.contracts.organizations import ConsentKind, ConsentStatus
from pdp_common.sharing import CONSENT_REQUIRED_COUNTRIES, ConsentTerms
from sqlalchemy import ColumnElement, and_, false, or_, true

from incidents.access.rule import Viewer
from incidents.models import Incident


def visible_clause(viewer: Viewer) -> ColumnElement[bool]:
    """Return the condition on ``incidents`` selecting exactly what ``viewer`` may see."""
    cleared = Incident.sensitivity_rank <= viewer.clearance.rank
    if viewer.is_centre:
        return cleared
    return and_(cleared, _agreement_clause(viewer), _consent_clause(viewer))


def _agreement_clause(viewer: Viewer) -> ColumnElement[bool]:
    terms = [
        and_(
            Incident.country.in_(sorted(a.countries)),
            Incident.category.in_(sorted(a.categories)),
            Incident.sensitivity_rank <= a.max_sensitivity.rank,
            Incident.created_at <= viewer.now - timedelta(hours=a.embargo_hours),
        )
        for a in viewer.agreements
        if a.partner_org == viewer.org and a.in_force(viewer.now) and a.countries and a.categories
    ]
    return or_(false(), *terms)


def _consent_clause(viewer: Viewer) -> ColumnElement[bool]:
    terms: list[ColumnElement[bool]] = [Incident.country.not_in(sorted(CONSENT_REQUIRED_COUNTRIES))]
    for consent in _consents_in_force(viewer.consents, viewer):
        if consent.countries and consent.government not in consent.countries:
            continue
        topics = Incident.category.in_(sorted(consent.topics)) if consent.topics else true()
        terms.append(and_(Incident.country == consent.government, topics))
    return or_(*terms)


def _consents_in_force(consents: Sequence[ConsentTerms], viewer: Viewer) -> list[ConsentTerms]:
    now = viewer.now
    return [
        c
        for c in consents
        if c.party_org == viewer.org
        and c.kind is ConsentKind.INFORMATION_SHARING
        and c.status is ConsentStatus.ACTIVE
        and c.valid_from <= now
        and (c.valid_until is None or now < c.valid_until)
    ]
