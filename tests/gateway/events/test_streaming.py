"""Each event of the stream is one the caller asked for and may see; the rest only move its
position on."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from pdp_common.contracts.organizations import (
    AgreementStatus,
    AgreementUpserted,
    ConsentKind,
    ConsentRecorded,
    ConsentStatus,
)
from pdp_common.identity import Clearance, Role

from tests.gateway.events.conftest import (
    AGREEMENT,
    ALERT,
    REPORTED,
    VERIFIED,
    WAIT_SECONDS,
    StreamingGateway,
)
from tests.gateway.events.sse import Block, EventReader

END = "the-end"


def incident(
    label: str,
    *,
    country: str = "AFG",
    category: str = "border_incident",
    sensitivity: str = "internal",
) -> dict[str, Any]:
    return {
        "incident_id": str(uuid.uuid4()),
        "country": country,
        "category": category,
        "sensitivity": sensitivity,
        "label": label,
    }


def agreement(*countries: str, embargo_hours: int = 0) -> AgreementUpserted:
    return AgreementUpserted(
        agreement_id=uuid.uuid4(),
        partner_org="OSCE",
        countries=list(countries),
        categories=["border_incident"],
        max_sensitivity=Clearance.INTERNAL,
        embargo_hours=embargo_hours,
        formats=["json"],
        status=AgreementStatus.ACTIVE,
        valid_from=datetime.now(UTC) - timedelta(days=1),
        version=1,
    )


def consent(government: str) -> ConsentRecorded:
    return ConsentRecorded(
        consent_id=uuid.uuid4(),
        government=government,
        party_org="OSCE",
        kind=ConsentKind.INFORMATION_SHARING,
        countries=[],
        topics=[],
        valid_from=datetime.now(UTC) - timedelta(days=1),
        status=ConsentStatus.ACTIVE,
        version=1,
    )


async def until_end(reader: EventReader) -> list[Block]:
    """Return the events up to the one labelled ``END`` (excluded)."""
    found: list[Block] = []
    async with asyncio.timeout(WAIT_SECONDS):
        while True:
            (event,) = await reader.events(1)
            if event.cloudevent()["data"].get("label") == END:
                return found
            found.append(event)


async def until_seen(reader: EventReader, wanted: set[str]) -> list[Block]:
    """Return the events until every label of ``wanted`` and ``END`` arrived (``END`` excluded):
    events of two producers' streams reach ``PDP_EVENTS`` in no set order between them."""
    found: list[Block] = []
    missing = {*wanted, END}
    async with asyncio.timeout(WAIT_SECONDS):
        while missing:
            (event,) = await reader.events(1)
            label = event.cloudevent()["data"].get("label")
            missing.discard(label)
            if label != END:
                found.append(event)
    return found


def labels(events: list[Block]) -> list[str]:
    return [e.cloudevent()["data"]["label"] for e in events]


async def publish_mix(streaming: StreamingGateway) -> None:
    """Publish events of every kind, then an event every caller below may see."""
    await streaming.publish(REPORTED, incident("afg-internal"))
    await streaming.publish(VERIFIED, incident("afg-public", sensitivity="public"))
    await streaming.publish(REPORTED, incident("afg-confidential", sensitivity="confidential"))
    await streaming.publish(REPORTED, incident("kgz-consented", country="KGZ"))
    await streaming.publish(REPORTED, incident("tjk-no-consent", country="TJK"))
    await streaming.publish(REPORTED, incident("uzb-not-agreed", country="UZB"))
    await streaming.publish(REPORTED, incident("afg-other-category", category="organized_crime"))
    await streaming.publish(ALERT, incident("afg-alert"))
    await streaming.publish(AGREEMENT, {"label": "organization-event", "partner_org": "OSCE"})
    await streaming.publish(REPORTED, incident(END, sensitivity="public"))


class TestEntitlement:
    async def test_a_partner_sees_only_incidents_its_terms_allow(
        self, streaming: StreamingGateway
    ) -> None:
        await streaming.store_agreement(agreement("AFG", "KGZ", "TJK"))
        await streaming.store_consent(consent("KGZ"))
        partner = await streaming.key(Role.PARTNER, org="OSCE", clearance=Clearance.CONFIDENTIAL)
        async with streaming.stream(partner) as reader:
            await publish_mix(streaming)
            events = await until_end(reader)
        assert labels(events) == ["afg-internal", "afg-public", "kgz-consented"]

    async def test_a_partner_without_an_agreement_sees_nothing(
        self, streaming: StreamingGateway
    ) -> None:
        partner = await streaming.key(Role.PARTNER, org="CSTO")
        async with streaming.stream(partner) as reader:
            await streaming.publish(REPORTED, incident("afg-internal"))
            last = await streaming.sourced(1)
            async with asyncio.timeout(WAIT_SECONDS):
                block = await reader.next_block()
        assert not block.is_event
        assert block.id == last

    async def test_a_partner_does_not_see_events_under_embargo(
        self, streaming: StreamingGateway
    ) -> None:
        await streaming.store_agreement(agreement("AFG", embargo_hours=24))
        partner = await streaming.key(Role.PARTNER, org="OSCE")
        async with streaming.stream(partner) as reader:
            await streaming.publish(REPORTED, incident("afg-embargoed"))
            last = await streaming.sourced(1)
            async with asyncio.timeout(WAIT_SECONDS):
                block = await reader.next_block()
        assert not block.is_event
        assert block.id == last

    async def test_a_public_clearance_sees_only_public_events(
        self, streaming: StreamingGateway
    ) -> None:
        viewer = await streaming.key(Role.VIEWER, clearance=Clearance.PUBLIC)
        async with streaming.stream(viewer) as reader:
            await publish_mix(streaming)
            events = await until_end(reader)
        assert labels(events) == ["afg-public"]

    async def test_the_centre_sees_everything_within_its_clearance(
        self, streaming: StreamingGateway
    ) -> None:
        analyst = await streaming.key(Role.ANALYST, clearance=Clearance.INTERNAL)
        async with streaming.stream(analyst) as reader:
            await publish_mix(streaming)
            events = await until_seen(reader, {"organization-event"})
        # in order within the incidents' stream; the organizations' event anywhere among them
        assert [label for label in labels(events) if label != "organization-event"] == [
            "afg-internal",
            "afg-public",
            "kgz-consented",
            "tjk-no-consent",
            "uzb-not-agreed",
            "afg-other-category",
            "afg-alert",
        ]
        assert labels(events).count("organization-event") == 1

    async def test_events_left_out_still_move_the_position_on(
        self, streaming: StreamingGateway
    ) -> None:
        viewer = await streaming.key(Role.VIEWER, clearance=Clearance.PUBLIC)
        async with streaming.stream(viewer) as reader:
            await streaming.publish(REPORTED, incident("hidden-1"))
            await streaming.publish(REPORTED, incident("hidden-2"))
            last = await streaming.sourced(2)
            async with asyncio.timeout(WAIT_SECONDS):
                while reader.last_id != last:
                    block = await reader.next_block()
                    assert not block.is_event
        resumed = {"Last-Event-ID": str(last), **viewer}
        async with streaming.stream(resumed) as reader:
            await streaming.publish(REPORTED, incident(END, sensitivity="public"))
            assert await until_end(reader) == []


class TestFilters:
    async def test_by_type(self, streaming: StreamingGateway) -> None:
        analyst = await streaming.key(Role.ANALYST)
        async with streaming.stream(analyst, type=[VERIFIED, ALERT]) as reader:
            await publish_mix(streaming)
            await streaming.publish(ALERT, incident(END))
            events = await until_end(reader)
        assert labels(events) == ["afg-public", "afg-alert"]

    async def test_by_country(self, streaming: StreamingGateway) -> None:
        analyst = await streaming.key(Role.ANALYST)
        async with streaming.stream(analyst, country=["KGZ", "TJK"]) as reader:
            await publish_mix(streaming)
            await streaming.publish(REPORTED, incident(END, country="TJK"))
            events = await until_end(reader)
        assert labels(events) == ["kgz-consented", "tjk-no-consent"]

    async def test_by_category_and_type(self, streaming: StreamingGateway) -> None:
        analyst = await streaming.key(Role.ANALYST)
        params = {"category": "organized_crime", "type": REPORTED}
        async with streaming.stream(analyst, **params) as reader:
            await publish_mix(streaming)
            await streaming.publish(REPORTED, incident(END, category="organized_crime"))
            events = await until_end(reader)
        assert labels(events) == ["afg-other-category"]

    async def test_events_on_their_bare_type_are_filtered_by_their_data(
        self, streaming: StreamingGateway
    ) -> None:
        analyst = await streaming.key(Role.ANALYST)
        async with streaming.stream(analyst, country="KGZ") as reader:
            await streaming.publish(REPORTED, incident("bare-afg"), subject=REPORTED)
            await streaming.publish(REPORTED, incident("bare-kgz", country="KGZ"), subject=REPORTED)
            await streaming.publish(REPORTED, incident(END, country="KGZ"), subject=REPORTED)
            events = await until_end(reader)
        assert labels(events) == ["bare-kgz"]
