"""The information-sharing rule: agreements, sensitivity and embargo."""

from __future__ import annotations

import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from pdp_common.contracts.incidents import ThreatCategory
from pdp_common.contracts.organizations import (
    AgreementStatus,
)
from pdp_common.identity import Clearance
from pdp_common.sharing import (
    THREAT_CATEGORIES,
    AgreementTerms,
    ConsentTerms,
    DeliveryFormat,
    ReasonCode,
    decide,
    delivering,
)

from tests.shared.sharing_events import agreement as agreement_event
from tests.shared.sharing_events import consent as consent_event
from tests.shared.sharing_factories import NOW, agreement, consent, item, reasons


class TestAgreement:
    def test_covered_item_with_consent_is_allowed(self) -> None:
        decision = decide(
            item(), partner_org="OSCE", agreements=[agreement()], consents=[consent()], now=NOW
        )
        assert decision.allowed
        assert reasons(decision.reasons) == {
            "agreement": True,
            "sensitivity": True,
            "embargo": True,
            "consent": True,
        }
        assert decision.agreement_id == uuid.UUID(int=1)
        assert decision.consent_id == uuid.UUID(int=2)

    def test_no_agreement_denies(self) -> None:
        decision = decide(item(), partner_org="OSCE", agreements=[], consents=[consent()], now=NOW)
        assert not decision.allowed
        assert reasons(decision.reasons)["agreement"] is False

    def test_agreement_of_another_partner_denies(self) -> None:
        decision = decide(
            item(),
            partner_org="CIS",
            agreements=[agreement()],
            consents=[consent(party_org="CIS")],
            now=NOW,
        )
        assert not decision.allowed
        assert reasons(decision.reasons)["agreement"] is False

    def test_country_not_covered_denies(self) -> None:
        decision = decide(
            item(country="KAZ"),
            partner_org="OSCE",
            agreements=[agreement()],
            consents=[consent(government="KAZ", countries=frozenset())],
            now=NOW,
        )
        assert not decision.allowed
        assert reasons(decision.reasons)["agreement"] is False
        assert reasons(decision.reasons)["consent"] is True

    def test_category_not_covered_denies(self) -> None:
        decision = decide(
            item(category="terrorism"),
            partner_org="OSCE",
            agreements=[agreement()],
            consents=[consent()],
            now=NOW,
        )
        assert not decision.allowed

    def test_suspended_agreement_denies(self) -> None:
        decision = decide(
            item(),
            partner_org="OSCE",
            agreements=[agreement(status=AgreementStatus.SUSPENDED)],
            consents=[consent()],
            now=NOW,
        )
        assert not decision.allowed
        assert reasons(decision.reasons)["agreement"] is False

    def test_expired_status_denies(self) -> None:
        decision = decide(
            item(),
            partner_org="OSCE",
            agreements=[agreement(status=AgreementStatus.EXPIRED)],
            consents=[consent()],
            now=NOW,
        )
        assert not decision.allowed

    def test_agreement_past_its_validity_denies(self) -> None:
        decision = decide(
            item(),
            partner_org="OSCE",
            agreements=[agreement(valid_until=NOW)],
            consents=[consent()],
            now=NOW,
        )
        assert not decision.allowed

    def test_agreement_not_yet_valid_denies(self) -> None:
        decision = decide(
            item(),
            partner_org="OSCE",
            agreements=[agreement(valid_from=NOW + timedelta(seconds=1))],
            consents=[consent()],
            now=NOW,
        )
        assert not decision.allowed

    def test_empty_agreement_lists_cover_nothing(self) -> None:
        empty = agreement(countries=frozenset(), categories=frozenset())
        decision = decide(
            item(), partner_org="OSCE", agreements=[empty], consents=[consent()], now=NOW
        )
        assert not decision.allowed

    def test_country_and_category_must_be_covered_by_one_agreement(self) -> None:
        by_country = agreement(agreement_id=uuid.UUID(int=10), categories=frozenset({"terrorism"}))
        by_category = agreement(agreement_id=uuid.UUID(int=11), countries=frozenset({"UZB"}))
        decision = decide(
            item(),
            partner_org="OSCE",
            agreements=[by_country, by_category],
            consents=[consent()],
            now=NOW,
        )
        assert not decision.allowed


class TestSensitivity:
    @pytest.mark.parametrize(
        ("sensitivity", "ceiling", "allowed"),
        [
            (Clearance.PUBLIC, Clearance.PUBLIC, True),
            (Clearance.INTERNAL, Clearance.PUBLIC, False),
            (Clearance.INTERNAL, Clearance.INTERNAL, True),
            (Clearance.CONFIDENTIAL, Clearance.INTERNAL, False),
            (Clearance.CONFIDENTIAL, Clearance.STRICTLY_CONFIDENTIAL, True),
            (Clearance.STRICTLY_CONFIDENTIAL, Clearance.CONFIDENTIAL, False),
        ],
    )
    def test_sensitivity_against_ceiling(
        self, sensitivity: Clearance, ceiling: Clearance, allowed: bool
    ) -> None:
        decision = decide(
            item(sensitivity=sensitivity),
            partner_org="OSCE",
            agreements=[agreement(max_sensitivity=ceiling)],
            consents=[consent()],
            now=NOW,
        )
        assert decision.allowed is allowed
        assert reasons(decision.reasons)["sensitivity"] is allowed

    def test_a_second_agreement_with_a_higher_ceiling_allows(self) -> None:
        low = agreement(agreement_id=uuid.UUID(int=10), max_sensitivity=Clearance.PUBLIC)
        high = agreement(agreement_id=uuid.UUID(int=11), max_sensitivity=Clearance.CONFIDENTIAL)
        decision = decide(
            item(sensitivity=Clearance.CONFIDENTIAL),
            partner_org="OSCE",
            agreements=[low, high],
            consents=[consent()],
            now=NOW,
        )
        assert decision.allowed
        assert decision.agreement_id == uuid.UUID(int=11)


class TestEmbargo:
    def test_item_inside_embargo_is_denied(self) -> None:
        decision = decide(
            item(available_at=NOW - timedelta(hours=23)),
            partner_org="OSCE",
            agreements=[agreement()],
            consents=[consent()],
            now=NOW,
        )
        assert not decision.allowed
        assert reasons(decision.reasons) == {
            "agreement": True,
            "sensitivity": True,
            "embargo": False,
            "consent": True,
        }

    def test_embargo_ends_exactly_after_its_hours(self) -> None:
        decision = decide(
            item(available_at=NOW - timedelta(hours=24)),
            partner_org="OSCE",
            agreements=[agreement()],
            consents=[consent()],
            now=NOW,
        )
        assert decision.allowed

    def test_zero_embargo_allows_at_once(self) -> None:
        decision = decide(
            item(available_at=NOW),
            partner_org="OSCE",
            agreements=[agreement(embargo_hours=0)],
            consents=[consent()],
            now=NOW,
        )
        assert decision.allowed

    def test_reason_names_the_end_of_the_embargo(self) -> None:
        decision = decide(
            item(available_at=NOW - timedelta(hours=1)),
            partner_org="OSCE",
            agreements=[agreement()],
            consents=[consent()],
            now=NOW,
        )
        embargo = next(r for r in decision.reasons if r.code is ReasonCode.EMBARGO)
        assert (NOW + timedelta(hours=23)).isoformat() in embargo.detail


class TestDelivery:
    def test_only_agreements_listing_the_format_deliver_by_it(self) -> None:
        api = agreement(agreement_id=uuid.UUID(int=1), formats=frozenset({"json", "atom"}))
        files = agreement(agreement_id=uuid.UUID(int=2), formats=frozenset({"csv"}))
        assert delivering([api, files], DeliveryFormat.JSON) == (api,)
        assert delivering([api, files], DeliveryFormat.CSV) == (files,)
        assert delivering([api, files], DeliveryFormat.BRIEFING) == ()


class TestStoredTerms:
    def test_a_stored_agreement_gives_the_terms_of_its_event(self) -> None:
        event = agreement_event("OSCE", formats=["json", "briefing"], embargo_hours=12)
        row = SimpleNamespace(**event.model_dump())
        assert AgreementTerms.from_stored(row, event.agreement_id) == AgreementTerms.from_event(
            event
        )

    def test_a_stored_consent_gives_the_terms_of_its_event(self) -> None:
        event = consent_event("KGZ", "OSCE", topics=["border_incident"])
        row = SimpleNamespace(**event.model_dump())
        assert ConsentTerms.from_stored(row, event.consent_id) == ConsentTerms.from_event(event)


class TestThreatCategories:
    def test_the_codes_are_those_of_the_incident_contract(self) -> None:
        assert tuple(c.value for c in ThreatCategory) == THREAT_CATEGORIES
        assert "border_incident" in THREAT_CATEGORIES
