"""The information-sharing rule: consent, and terms read from events."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from pdp_common.contracts.organizations import (
    AgreementStatus,
    AgreementUpserted,
    ConsentKind,
    ConsentRecorded,
    ConsentStatus,
    ConsentWithdrawn,
)
from pdp_common.identity import Clearance
from pdp_common.sharing import (
    AgreementTerms,
    ConsentTerms,
    decide,
    requires_consent,
)

from tests.shared.sharing_factories import EARLIER, NOW, agreement, consent, item, reasons


class TestConsent:
    @pytest.mark.parametrize("country", ["KAZ", "KGZ", "TJK", "TKM", "UZB"])
    def test_central_asian_items_need_consent(self, country: str) -> None:
        terms = agreement(countries=frozenset({country}))
        decision = decide(
            item(country=country), partner_org="OSCE", agreements=[terms], consents=[], now=NOW
        )
        assert not decision.allowed
        assert reasons(decision.reasons)["consent"] is False
        assert requires_consent(country)

    def test_items_about_other_countries_need_no_consent(self) -> None:
        decision = decide(
            item(country="AFG"), partner_org="OSCE", agreements=[agreement()], consents=[], now=NOW
        )
        assert decision.allowed
        assert not requires_consent("AFG")

    def test_withdrawn_consent_denies(self) -> None:
        decision = decide(
            item(),
            partner_org="OSCE",
            agreements=[agreement()],
            consents=[consent(status=ConsentStatus.WITHDRAWN)],
            now=NOW,
        )
        assert not decision.allowed
        assert reasons(decision.reasons)["consent"] is False

    def test_contact_consent_does_not_allow_sharing(self) -> None:
        decision = decide(
            item(),
            partner_org="OSCE",
            agreements=[agreement()],
            consents=[consent(kind=ConsentKind.CONTACT)],
            now=NOW,
        )
        assert not decision.allowed

    def test_consent_of_another_government_does_not_count(self) -> None:
        decision = decide(
            item(),
            partner_org="OSCE",
            agreements=[agreement()],
            consents=[consent(government="TJK", countries=frozenset({"KGZ"}))],
            now=NOW,
        )
        assert not decision.allowed

    def test_consent_to_another_party_does_not_count(self) -> None:
        decision = decide(
            item(),
            partner_org="OSCE",
            agreements=[agreement()],
            consents=[consent(party_org="SCO")],
            now=NOW,
        )
        assert not decision.allowed

    def test_consent_topics_restrict_categories(self) -> None:
        narrow = consent(topics=frozenset({"water_energy_dispute"}))
        denied = decide(
            item(), partner_org="OSCE", agreements=[agreement()], consents=[narrow], now=NOW
        )
        allowed = decide(
            item(category="water_energy_dispute"),
            partner_org="OSCE",
            agreements=[agreement()],
            consents=[narrow],
            now=NOW,
        )
        assert not denied.allowed
        assert allowed.allowed

    def test_consent_scope_must_name_the_country(self) -> None:
        decision = decide(
            item(),
            partner_org="OSCE",
            agreements=[agreement()],
            consents=[consent(countries=frozenset({"TJK"}))],
            now=NOW,
        )
        assert not decision.allowed

    def test_expired_consent_denies(self) -> None:
        decision = decide(
            item(),
            partner_org="OSCE",
            agreements=[agreement()],
            consents=[consent(valid_until=NOW - timedelta(days=1))],
            now=NOW,
        )
        assert not decision.allowed

    def test_future_consent_denies(self) -> None:
        decision = decide(
            item(),
            partner_org="OSCE",
            agreements=[agreement()],
            consents=[consent(valid_from=NOW + timedelta(days=1))],
            now=NOW,
        )
        assert not decision.allowed


class TestTermsFromEvents:
    def test_agreement_terms_from_event(self) -> None:
        data = AgreementUpserted(
            agreement_id=uuid.UUID(int=5),
            partner_org="UNAMA",
            countries=["AFG", "TJK"],
            categories=["terrorism"],
            max_sensitivity=Clearance.CONFIDENTIAL,
            embargo_hours=6,
            formats=["json", "cap"],
            status=AgreementStatus.ACTIVE,
            valid_from=EARLIER,
            valid_until=None,
            version=3,
        )
        terms = AgreementTerms.from_event(data)
        assert terms.countries == {"AFG", "TJK"}
        assert terms.max_sensitivity is Clearance.CONFIDENTIAL
        assert terms.version == 3
        assert terms.in_force(NOW)

    def test_consent_withdrawal_applies_newer_versions_only(self) -> None:
        recorded = ConsentRecorded(
            consent_id=uuid.UUID(int=6),
            government="UZB",
            party_org="EU",
            kind=ConsentKind.INFORMATION_SHARING,
            countries=["UZB"],
            topics=[],
            valid_from=EARLIER,
            status=ConsentStatus.ACTIVE,
            version=2,
        )
        terms = ConsentTerms.from_event(recorded)
        stale = ConsentWithdrawn(
            consent_id=terms.consent_id,
            government="UZB",
            party_org="EU",
            withdrawn_at=NOW,
            reason="old",
            version=1,
        )
        fresh = ConsentWithdrawn(
            consent_id=terms.consent_id,
            government="UZB",
            party_org="EU",
            withdrawn_at=NOW,
            reason="policy",
            version=3,
        )
        assert terms.withdrawn(stale).status is ConsentStatus.ACTIVE
        assert terms.withdrawn(fresh).status is ConsentStatus.WITHDRAWN
        assert terms.withdrawn(fresh).version == 3

    def test_event_rejects_bad_country_codes(self) -> None:
        with pytest.raises(ValueError, match="pattern"):
            ConsentWithdrawn(
                consent_id=uuid.UUID(int=6),
                government="uzb",
                party_org="EU",
                withdrawn_at=NOW,
                reason="x",
                version=1,
            )
