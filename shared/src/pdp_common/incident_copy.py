"""A consuming service's local copy of incidents, kept from the incidents service's events.

Briefings' digest and country-teams' risk signals each keep some fields of every incident in a
table of their own, keyed by ``incident_id`` and holding the ``source_version`` each row came
from. :class:`IncidentCopy` keeps such a table: its columns name the snapshot fields it holds
(``incident_events.IncidentSnapshot`` attributes of the same name, enums stored by value), an
event older than the stored row changes nothing (redelivered or out of order), and a merge marks
the duplicates ``merged`` so that they no longer count on their own.

A copy may hold *derived* columns besides the snapshot's fields: ``derived`` maps each such
column to the function computing it from the snapshot (e.g. a weight or the day of
``occurred_at``), and ``merged_values`` gives what those columns become when an incident is merged
away.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, cast

from sqlalchemy import Table, and_, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

from pdp_common.contracts import incidents as incident_events
from pdp_common.db import utcnow

BOOKKEEPING = ("source_version", "updated_at")
"""Columns of a copy that do not come from the snapshot's fields of the same name."""


class IncidentCopy:
    """The incidents a service holds in ``model``'s table, brought up to date from snapshots."""

    def __init__(
        self,
        session: AsyncSession,
        model: type[DeclarativeBase],
        *,
        derived: Mapping[str, Callable[[incident_events.IncidentSnapshot], Any]] | None = None,
        merged_values: Mapping[str, Any] | None = None,
    ) -> None:
        self.session = session
        self.table = cast(Table, model.__table__)
        self.derived = dict(derived or {})
        self.merged_values = dict(merged_values or {})
        self.fields = [
            c.name
            for c in self.table.columns
            if c.name not in BOOKKEEPING and c.name not in self.derived
        ]

    def values(self, data: incident_events.IncidentSnapshot) -> dict[str, Any]:
        """Return the row ``data`` makes: the table's fields, the derived columns, the event's
        version and the time."""
        values = {name: _stored(getattr(data, name)) for name in self.fields}
        values |= {name: compute(data) for name, compute in self.derived.items()}
        return values | {"source_version": data.version, "updated_at": utcnow()}

    async def apply(self, data: incident_events.IncidentSnapshot) -> None:
        """Bring the copy to the incident's state unless it already holds a newer one.

        A snapshot of the version the copy holds is applied again (a redelivery changes nothing),
        except to a row a merge marked ``merged``: the duplicate's last event, redelivered after
        the merge, must not make it count again.
        """
        values = self.values(data)
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(self.table).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[self.table.c.incident_id],
            set_={k: stmt.excluded[k] for k in values if k != "incident_id"},
            where=or_(
                self.table.c.source_version < stmt.excluded.source_version,
                and_(
                    self.table.c.source_version == stmt.excluded.source_version,
                    self.table.c.status != "merged",
                ),
            ),
        )
        await self.session.execute(stmt)

    async def apply_merge(self, data: incident_events.IncidentMerged) -> None:
        """Bring the copy to the surviving incident's state and mark its duplicates merged."""
        await self.apply(data)
        merged = [i for i in data.merged_ids if i != data.incident_id]
        if merged:
            await self.session.execute(
                update(self.table)
                .where(self.table.c.incident_id.in_(merged))
                .values(status="merged", **self.merged_values)
            )


def _stored(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value
