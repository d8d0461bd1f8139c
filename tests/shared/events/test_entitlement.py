"""Who receives which event outside NATS: clearance, the Centre, agreements, consent, embargo."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from pdp_common.events.entitlement import SHAREABLE_TYPES, Recipient, sensitivity_of
from pdp_common.identity import CENTRE_ORG, Clearance, Principal, Role

from tests.shared.sharing_factories import NOW, agreement, consent

REPORTED = "pdp.incidents.incident.reported.v1"
ALERT = "pdp.incidents.alert.raised.v1"
AGREEMENT_UPSERTED = "pdp.organizations.agreement.upserted.v1"
LONG_AGO = NOW - timedelta(hours=48)


def person(
    org: str = CENTRE_ORG, *roles: Role, clearance: Clearance = Clearance.INTERNAL
) -> Principal:
    return Principal(
        subject="someone",
        org=org,
        roles=frozenset(roles or {Role.ANALYST}),
        clearance=clearance,
        credential="test",
    )


def incident(**changes: Any) -> dict[str, Any]:
    return {"country": "KGZ", "category": "border_incident", "sensitivity": "public"} | changes


OSCE = Recipient(
    person("OSCE", Role.PARTNER, clearance=Clearance.CONFIDENTIAL),
    agreements=[agreement(formats=frozenset({"json"}))],
    consents=[consent()],
)


def receives(recipient: Recipient, event_type: str, data: dict[str, Any], **when: Any) -> bool:
    return recipient.may_receive(event_type, data, time=when.get("time", LONG_AGO), now=NOW)


class TestSensitivity:
    def test_an_event_without_one_is_internal(self) -> None:
        assert sensitivity_of({}) is Clearance.INTERNAL

    def test_an_unknown_one_is_none(self) -> None:
        assert sensitivity_of({"sensitivity": "secret"}) is None


class TestTheCentre:
    def test_staff_receive_every_event_within_their_clearance(self) -> None:
        staff = Recipient(person(clearance=Clearance.CONFIDENTIAL))
        assert receives(staff, ALERT, incident(sensitivity="confidential"))

    def test_staff_receive_nothing_above_their_clearance(self) -> None:
        staff = Recipient(person(clearance=Clearance.INTERNAL))
        assert not receives(staff, REPORTED, incident(sensitivity="confidential"))

    def test_a_public_clearance_does_not_receive_an_unlabelled_event(self) -> None:
        staff = Recipient(person(clearance=Clearance.PUBLIC))
        assert not receives(staff, AGREEMENT_UPSERTED, {"partner_org": "OSCE"})

    def test_an_unknown_sensitivity_is_not_received(self) -> None:
        staff = Recipient(person(clearance=Clearance.STRICTLY_CONFIDENTIAL))
        assert not receives(staff, REPORTED, incident(sensitivity="secret"))

    def test_a_centre_partner_role_is_not_staff(self) -> None:
        partner = Recipient(person(CENTRE_ORG, Role.PARTNER, clearance=Clearance.CONFIDENTIAL))
        assert not receives(partner, REPORTED, incident())


class TestPartners:
    def test_a_covered_incident_with_consent_is_received(self) -> None:
        assert receives(OSCE, REPORTED, incident())

    @pytest.mark.parametrize("event_type", sorted(SHAREABLE_TYPES))
    def test_every_change_of_an_incident_is_shareable(self, event_type: str) -> None:
        assert receives(OSCE, event_type, incident())

    def test_an_alert_is_not_received(self) -> None:
        assert not receives(OSCE, ALERT, incident())

    def test_an_event_of_the_platform_is_not_received(self) -> None:
        assert not receives(OSCE, AGREEMENT_UPSERTED, {"sensitivity": "public"})

    def test_a_country_outside_the_agreement_is_not_received(self) -> None:
        assert not receives(OSCE, REPORTED, incident(country="UZB"))

    def test_without_the_governments_consent_nothing_is_received(self) -> None:
        assert not receives(replace(OSCE, consents=()), REPORTED, incident())

    def test_an_agreement_without_the_json_format_delivers_nothing(self) -> None:
        assert not receives(replace(OSCE, agreements=[agreement()]), REPORTED, incident())

    def test_above_the_agreements_ceiling_is_not_received(self) -> None:
        assert not receives(OSCE, REPORTED, incident(sensitivity="confidential"))

    def test_an_event_under_embargo_is_not_received(self) -> None:
        assert not receives(OSCE, REPORTED, incident(), time=NOW - timedelta(hours=1))

    def test_an_event_without_a_country_is_not_received(self) -> None:
        data = incident()
        del data["country"]
        assert not receives(OSCE, REPORTED, data)

    def test_another_partners_agreement_gives_nothing(self) -> None:
        other = replace(
            OSCE, principal=person("CSTO", Role.PARTNER, clearance=Clearance.CONFIDENTIAL)
        )
        assert not receives(other, REPORTED, incident())
