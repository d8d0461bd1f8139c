"""A list asking only for countries the caller can never see is known empty before any query."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from incidents.access.rule import Viewer
from incidents.search.schemas import IncidentFilters
from incidents.search.service import _may_see_any
from pdp_common.contracts.organizations import AgreementStatus, ConsentKind, ConsentStatus
from pdp_common.identity import Clearance, Principal, Role
from pdp_common.sharing import AgreementTerms, ConsentTerms

SINCE = datetime(2026, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def partner_viewer() -> Viewer:
    """Return UNAMA, agreed for KGZ, TKM and AFG border incidents, with Kyrgyzstan's consent."""
    principal = Principal(
        subject="p", org="UNAMA", roles=frozenset({Role.PARTNER}),
        clearance=Clearance.INTERNAL, credential="test",
    )  # fmt: skip
    agreement = AgreementTerms(
        agreement_id=uuid.UUID(int=1), partner_org="UNAMA",
        countries=frozenset({"KGZ", "TKM", "AFG"}), categories=frozenset({"border_incident"}),
        max_sensitivity=Clearance.INTERNAL, embargo_hours=48,
        status=AgreementStatus.ACTIVE, valid_from=SINCE,
    )  # fmt: skip
    consent = ConsentTerms(
        consent_id=uuid.UUID(int=2), government="KGZ", party_org="UNAMA",
        kind=ConsentKind.INFORMATION_SHARING, countries=frozenset({"KGZ"}),
        topics=frozenset(), status=ConsentStatus.ACTIVE, valid_from=SINCE,
    )  # fmt: skip
    return Viewer(principal=principal, agreements=(agreement,), consents=(consent,), now=NOW)


def filters(country: str, category: str | None = None) -> IncidentFilters:
    """Return filters on one country (and category)."""
    body: dict[str, object] = {"country": [country]}
    if category:
        body["category"] = [category]
    return IncidentFilters.model_validate(body)


class TestMaySeeAny:
    def test_a_country_under_agreement_and_consent_is_in_scope(self) -> None:
        assert _may_see_any(partner_viewer(), "KGZ", filters("KGZ"))

    def test_a_country_needing_a_missing_consent_is_out_of_scope(self) -> None:
        assert not _may_see_any(partner_viewer(), "TKM", filters("TKM"))

    def test_a_country_outside_every_agreement_is_out_of_scope(self) -> None:
        assert not _may_see_any(partner_viewer(), "UZB", filters("UZB"))

    def test_a_category_outside_the_agreement_is_out_of_scope(self) -> None:
        assert _may_see_any(partner_viewer(), "AFG", filters("AFG", "border_incident"))
        assert not _may_see_any(partner_viewer(), "AFG", filters("AFG", "terrorism"))

    def test_the_centre_sees_every_country(self) -> None:
        centre = Viewer(
            principal=Principal(
                subject="a", org="UNRCCA", roles=frozenset({Role.ANALYST}),
                clearance=Clearance.INTERNAL, credential="test",
            ),
            agreements=(), consents=(), now=NOW,
        )  # fmt: skip
        assert _may_see_any(centre, "TKM", filters("TKM"))
