"""The information-sharing rule: agreements, sensitivity, embargo and consent."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

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
    ReasonCode,
    SharedItem,
    SharingReason,
    decide,
    requires_consent,
)

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
EARLIER = NOW - timedelta(days=30)


def agreement(**changes: object) -> AgreementTerms:
    base = AgreementTerms(
        agreement_id=uuid.UUID(int=1),
        partner_org="OSCE",
        countries=frozenset({"KGZ", "TJK", "AFG"}),
        categories=frozenset({"border_incident", "water_energy_dispute"}),
        max_sensitivity=Clearance.INTERNAL,
        embargo_hours=24,
        status=AgreementStatus.ACTIVE,
        valid_from=EARLIER,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def consent(**changes: object) -> ConsentTerms:
    base = ConsentTerms(
        consent_id=uuid.UUID(int=2),
        government="KGZ",
        party_org="OSCE",
        kind=ConsentKind.INFORMATION_SHARING,
        countries=frozenset({"KGZ"}),
        topics=frozenset(),
        status=ConsentStatus.ACTIVE,
        valid_from=EARLIER,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def item(**changes: object) -> SharedItem:
    base = SharedItem(
        country="KGZ",
        category="border_incident",
        sensitivity=Clearance.PUBLIC,
        available_at=NOW - timedelta(hours=48),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def reasons(decision_reasons: list[SharingReason]) -> dict[str, bool]:
    return {r.code.value: r.ok for r in decision_reasons}


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
