"""Test data for the incidents service: valid payloads and callers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pdp_common.identity import Clearance, Principal, Role
from pdp_common.testing.apps import Identities


def centre_principal(role: Role, clearance: Clearance) -> Principal:
    """Return a verified caller of the Centre (UNRCCA) with one role, for service-layer tests."""
    return Principal(
        subject=f"{role.value}-1",
        org="UNRCCA",
        roles=frozenset({role}),
        clearance=clearance,
        credential="test",
    )


OFFICER = centre_principal(Role.OFFICER, Clearance.STRICTLY_CONFIDENTIAL)
ANALYST = centre_principal(Role.ANALYST, Clearance.CONFIDENTIAL)

PLACES: dict[str, tuple[str, str, float, float]] = {
    "KGZ": ("Osh", "Osh", 72.798, 40.528),
    "KAZ": ("Almaty", "Almaty", 76.886, 43.238),
    "TJK": ("Sughd", "Isfara", 70.625, 40.126),
    "UZB": ("Fergana", "Fergana", 71.784, 40.384),
    "TKM": ("Ahal", "Ashgabat", 58.383, 37.950),
    "AFG": ("Balkh", "Mazar-i-Sharif", 67.110, 36.709),
}


def incident_payload(country: str = "KGZ", **overrides: Any) -> dict[str, Any]:
    """Return a valid create payload for an incident in ``country``."""
    admin1, location, lon, lat = PLACES[country]
    payload: dict[str, Any] = {
        "title": f"Clash at the water distribution point near {location}",
        "summary": "Residents of two villages clashed over irrigation water.",
        "language": "en",
        "occurred_at": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
        "time_precision": "day",
        "country": country,
        "admin1": admin1,
        "location": location,
        "latitude": lat,
        "longitude": lon,
        "geo_precision": 1,
        "category": "water_energy_dispute",
        "event_type": "Riots",
        "sub_event_type": "Mob violence",
        "actor1": "Rioters (Kyrgyzstan)",
        "severity": 3,
        "sensitivity": "internal",
        "tags": ["water"],
        "sources": [
            {"name": "AKIpress", "type": "media", "reliability": "B", "credibility": 2},
            {"name": "OSCE field office", "type": "partner_feed", "reliability": "A",
             "credibility": 2, "reported_by_org": "OSCE"},
        ],
    }  # fmt: skip
    payload.update(overrides)
    return payload


class Callers:
    """Identity headers of the callers the tests use."""

    def __init__(self, identities: Identities) -> None:
        self.identities = identities

    def headers(
        self,
        *,
        org: str = "UNRCCA",
        roles: tuple[Role, ...] = (Role.ANALYST,),
        clearance: Clearance = Clearance.CONFIDENTIAL,
    ) -> dict[str, str]:
        """Return headers for a caller with this organization, roles and clearance."""
        principal = self.identities.principal(org=org, roles=roles, clearance=clearance)
        return self.identities.headers(principal)

    @property
    def analyst(self) -> dict[str, str]:
        """Return a Centre analyst with confidential clearance."""
        return self.headers()

    @property
    def officer(self) -> dict[str, str]:
        """Return a Centre officer with strictly confidential clearance."""
        return self.headers(roles=(Role.OFFICER,), clearance=Clearance.STRICTLY_CONFIDENTIAL)

    @property
    def viewer(self) -> dict[str, str]:
        """Return a Centre viewer with internal clearance."""
        return self.headers(roles=(Role.VIEWER,), clearance=Clearance.INTERNAL)

    def partner(self, org: str, clearance: Clearance = Clearance.CONFIDENTIAL) -> dict[str, str]:
        """Return a partner organization's caller."""
        return self.headers(org=org, roles=(Role.PARTNER,), clearance=clearance)
