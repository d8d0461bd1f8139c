"""Terms and items for the tests of the information-sharing rule."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from pdp_common.contracts.organizations import (
    AgreementStatus,
    ConsentKind,
    ConsentStatus,
)
from pdp_common.identity import Clearance
from pdp_common.sharing import (
    AgreementTerms,
    ConsentTerms,
    SharedItem,
    SharingReason,
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
