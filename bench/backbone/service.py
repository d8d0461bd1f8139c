"""The probe service: a business row and its event written in one transaction, and a consumer
that applies each event in its own transaction, both timed by a :class:`ProbeClock`."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import ClassVar

from fastapi import APIRouter, FastAPI, Request, status
from pdp_common.app import create_service_app
from pdp_common.db import UUIDPk, make_metadata, new_id
from pdp_common.dependencies import PrincipalDep, SessionDep
from pdp_common.events.consumer import EventHandler, Subscription
from pdp_common.events.envelope import Envelope, EventData
from pdp_common.events.outbox import record_event
from pdp_common.events.registry import event
from pdp_common.events.streams import StreamSpec
from pdp_common.settings import ServiceSettings
from pydantic import BaseModel, Field
from pydantic_settings import SettingsConfigDict
from sqlalchemy import BigInteger, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bench.backbone.clock import ProbeClock

MIGRATIONS = Path(__file__).parent / "migrations"
DURABLE = "bench_probes"


class Base(DeclarativeBase):
    """Declarative base of the probe tables, with the platform's naming convention.

    Written out rather than ``make_base()`` so that mypy sees a class it can subclass."""

    metadata = make_metadata()


class ProbeSettings(ServiceSettings):
    """Settings of the probe service (``PDP_BENCH_`` prefix)."""

    model_config = SettingsConfigDict(env_prefix="PDP_BENCH_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "bench"


class Probe(Base):
    __tablename__ = "probes"
    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)


class ProbeApplied(Base):
    __tablename__ = "probes_applied"
    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    probe_id: Mapped[uuid.UUID] = mapped_column(UUIDPk)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)


@event("pdp.bench.probe.recorded.v1")
class ProbeRecorded(EventData):
    """A probe row was written."""

    probe_id: uuid.UUID
    seq: int

    def event_subject(self) -> str:
        return str(self.probe_id)


class ProbeCreate(BaseModel):
    seq: int = Field(ge=0)


class ProbeRead(BaseModel):
    id: uuid.UUID
    seq: int


async def record_probe(session: AsyncSession, clock: ProbeClock, *, seq: int) -> Probe:
    """Add a probe and its event to the session's transaction, stamped when it commits."""
    probe = Probe(id=new_id(), seq=seq)
    session.add(probe)
    await record_event(session, ProbeRecorded(probe_id=probe.id, seq=seq))
    clock.mark_written(session, seq)
    return probe


async def count_applied(session: AsyncSession) -> int:
    """Return how many probe events the consumer applied."""
    return int((await session.execute(select(func.count()).select_from(ProbeApplied))).scalar_one())


router = APIRouter(prefix="/probes")


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_probe(
    body: ProbeCreate, request: Request, session: SessionDep, principal: PrincipalDep
) -> ProbeRead:
    """Record a probe and announce it."""
    probe = await record_probe(session, request.app.state.probe_clock, seq=body.seq)
    return ProbeRead(id=probe.id, seq=probe.seq)


def subscriptions(clock: ProbeClock) -> list[Subscription]:
    """Return the probe consumer, stamping each applied event on ``clock``."""

    async def on_probe_recorded(session: AsyncSession, envelope: Envelope[ProbeRecorded]) -> None:
        data = envelope.data
        session.add(ProbeApplied(id=new_id(), probe_id=data.probe_id, seq=data.seq))
        clock.mark_applied(session, data.seq)

    return [
        Subscription(
            durable=DURABLE,
            stream="PDP_BENCH",
            handlers=[EventHandler(ProbeRecorded, on_probe_recorded)],
        )
    ]


def create_app(
    settings: ProbeSettings, clock: ProbeClock, *, produce: bool = True, consume: bool = True
) -> FastAPI:
    """Build the probe service with the common library's factory.

    ``produce`` gives it the probe stream and relay, ``consume`` the probe consumer; the benchmark
    runs the two roles in two processes, each with its own database, as two services would."""
    app = create_service_app(
        settings,
        title="Probe",
        description="Measures the event backbone: write, relay, consume.",
        routers=[router],
        producer=StreamSpec.for_producer("bench") if produce else None,
        subscriptions=subscriptions(clock) if consume else [],
        migrations=MIGRATIONS,
    )
    app.state.probe_clock = clock
    return app
