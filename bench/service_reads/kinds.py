"""The requests measured: each service's main read by id and its list of 20, and the incidents
service's create and change, with the CPU budget each read has (issue: a single incident read
<= 0.5 ms, a 20-item list <= 1.5 ms; the other services within twice those), and the floor's
trivial requests (``bench.service_reads.floor``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bench.harness import Target
from bench.service_reads import floor
from bench.service_reads.seeding import incident_body

READ_MS = 0.5
LIST_MS = 1.5
OTHER_SERVICES_FACTOR = 2.0
UPDATE_BODIES = (
    {"severity": 3, "tags": ["border", "water"]},
    {"severity": 4, "tags": ["border", "water", "ceasefire"]},
)


@dataclass(frozen=True)
class Kind:
    """One kind of request against one service."""

    name: str
    service: str
    method: str
    paths: list[str]
    bodies: list[dict[str, Any]] = field(default_factory=list)
    cpu_ms_limit: float | None = None
    edits_own_record: bool = False
    through_gateway: bool = True

    @property
    def target(self) -> Target | None:
        """Return the CPU budget per request of the service process, if there is one."""
        return None if self.cpu_ms_limit is None else Target("cpu_ms", self.cpu_ms_limit)


def reads(ids: dict[str, list[str]]) -> list[Kind]:
    """Return the read kinds, reading back the records in ``ids`` (by kind, ids or codes)."""
    other_read, other_list = READ_MS * OTHER_SERVICES_FACTOR, LIST_MS * OTHER_SERVICES_FACTOR

    def read(name: str, service: str, collection: str, limit: float) -> Kind:
        paths = [f"/api/v1/{collection}/{key}" for key in ids[collection]]
        return Kind(f"{name}.read", service, "GET", paths, cpu_ms_limit=limit)

    def listing(name: str, service: str, collection: str, limit: float) -> Kind:
        return Kind(f"{name}.list", service, "GET", [f"/api/v1/{collection}?limit=20"], [], limit)

    return [
        read("incidents", "incidents", "incidents", READ_MS),
        listing("incidents", "incidents", "incidents", LIST_MS),
        read("organizations", "organizations", "organizations", other_read),
        listing("organizations", "organizations", "organizations", other_list),
        read("country_teams", "country-teams", "country-teams", other_read),
        listing("country_teams", "country-teams", "country-teams", other_list),
        read("activities", "country-teams", "activities", other_read),
        listing("activities", "country-teams", "activities", other_list),
        read("briefings", "briefings", "briefings", other_read),
        listing("briefings", "briefings", "briefings", other_list),
    ]


def writes(edited: list[str], count: int) -> list[Kind]:
    """Return the incident create and change kinds (no budget: their CPU is recorded)."""
    bodies = [incident_body(n) for n in range(min(count, 50))]
    return [
        Kind("incidents.create", "incidents", "POST", ["/api/v1/incidents"], bodies),
        Kind(
            "incidents.update",
            "incidents",
            "PATCH",
            edited,
            [dict(body) for body in UPDATE_BODIES],
            edits_own_record=True,
        ),
    ]


def floors() -> list[Kind]:
    """Return the floor kinds (``bench.service_reads.floor``), measured direct only."""
    return [
        Kind("floor.bare", floor.BARE, "GET", [floor.BARE_PATH], through_gateway=False),
        Kind("floor.platform", floor.PLATFORM, "GET", [floor.PLATFORM_PATH], through_gateway=False),
        Kind("floor.session", floor.PLATFORM, "GET", [floor.SESSION_PATH], through_gateway=False),
    ]
