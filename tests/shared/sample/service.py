"""A small service built with the common library, used to test the library itself."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, ClassVar

from fastapi import APIRouter, Depends, FastAPI, Header, Response, status
from pdp_common.app import create_service_app
from pdp_common.concurrency import check_if_match, etag
from pdp_common.db import UUIDPk, make_registry, new_id
from pdp_common.dependencies import PrincipalDep, SessionDep
from pdp_common.errors import NotFoundError, TransientError
from pdp_common.events.consumer import EventHandler, Subscription
from pdp_common.events.envelope import Envelope, EventData
from pdp_common.events.outbox import record_event
from pdp_common.events.registry import event
from pdp_common.events.streams import StreamSpec
from pdp_common.idempotency import IdempotencyDep
from pdp_common.pagination import (
    Page,
    PageParams,
    decode_cursor,
    encode_cursor,
    keyset_after,
    page_params,
)
from pdp_common.settings import ServiceSettings
from pdp_common.testing.apps import Identities
from pydantic import BaseModel, Field
from pydantic_settings import SettingsConfigDict
from sqlalchemy import String, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

MIGRATIONS = Path(__file__).parent / "migrations"


class Base(DeclarativeBase):
    registry = make_registry()


class SampleSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PDP_SAMPLE_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "sample"


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    text: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}


class Applied(Base):
    __tablename__ = "applied"
    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    note_id: Mapped[uuid.UUID] = mapped_column(UUIDPk)
    text: Mapped[str] = mapped_column(String(200))


@event("pdp.sample.note.created.v1")
class NoteCreated(EventData):
    note_id: uuid.UUID
    text: str

    def event_subject(self) -> str:
        return str(self.note_id)


class NoteCreate(BaseModel):
    text: str = Field(min_length=1, max_length=200)


class NoteRead(BaseModel):
    id: uuid.UUID
    text: str
    version: int


class NoteNotFound(NotFoundError):
    code = "note-not-found"
    title = "Note not found"


class PoisonText(Exception):
    """Raised by the handler for text it can never apply."""


router = APIRouter(prefix="/notes")


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_note(
    body: NoteCreate, session: SessionDep, principal: PrincipalDep, idem: IdempotencyDep
) -> Response:
    """Create a note and announce it."""
    replay = await idem.replay(session)
    if replay is not None:
        return replay
    note = Note(id=new_id(), text=body.text)
    session.add(note)
    await session.flush()
    await record_event(session, NoteCreated(note_id=note.id, text=note.text))
    if body.text == "fail-after-event":
        raise RuntimeError("the business write fails after recording its event")
    read = NoteRead(id=note.id, text=note.text, version=note.version)
    return await idem.respond(session, read, headers={"ETag": etag(note.version)})


@router.get("")
async def list_notes(
    session: SessionDep,
    principal: PrincipalDep,
    paging: Annotated[PageParams, Depends(page_params)],
) -> Page[NoteRead]:
    """List notes by id."""
    stmt = select(Note).order_by(Note.id).limit(paging.limit + 1)
    if paging.cursor:
        (after,) = decode_cursor(paging.cursor, length=1)
        stmt = stmt.where(keyset_after([Note.id], [after], descending=False))
    rows = list((await session.execute(stmt)).scalars())
    more = len(rows) > paging.limit
    rows = rows[: paging.limit]
    items = [NoteRead(id=n.id, text=n.text, version=n.version) for n in rows]
    return Page[NoteRead](items=items, next_cursor=encode_cursor([rows[-1].id]) if more else None)


@router.get("/{note_id}")
async def read_note(
    note_id: uuid.UUID, session: SessionDep, principal: PrincipalDep, response: Response
) -> NoteRead:
    """Read one note."""
    note = await session.get(Note, note_id)
    if note is None:
        raise NoteNotFound(f"No note {note_id}.")
    response.headers["ETag"] = etag(note.version)
    return NoteRead(id=note.id, text=note.text, version=note.version)


@router.patch("/{note_id}")
async def update_note(
    note_id: uuid.UUID,
    body: NoteCreate,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: Annotated[str | None, Header()] = None,
) -> NoteRead:
    """Change a note's text."""
    note = await session.get(Note, note_id)
    if note is None:
        raise NoteNotFound(f"No note {note_id}.")
    check_if_match(if_match, note.version)
    note.text = body.text
    await session.flush()
    return NoteRead(id=note.id, text=note.text, version=note.version)


FAILED_ONCE: set[str] = set()


async def on_note_created(session: AsyncSession, envelope: Envelope[NoteCreated]) -> None:
    data = envelope.data
    if data.text.startswith("poison"):
        raise PoisonText(data.text)
    if data.text.startswith("always-transient"):
        raise TransientError("the read model's store is unavailable")
    if data.text.startswith("transient-once") and envelope.id not in FAILED_ONCE:
        FAILED_ONCE.add(envelope.id)
        raise TransientError("the read model's store is briefly unavailable")
    session.add(Applied(id=new_id(), note_id=data.note_id, text=data.text))


SUBSCRIPTIONS = [
    Subscription(
        durable="sample_notes",
        stream="PDP_SAMPLE",
        handlers=[EventHandler(NoteCreated, on_note_created)],
    )
]


def create_app(
    settings: SampleSettings, *, subscriptions: list[Subscription] | None = None
) -> FastAPI:
    return create_service_app(
        settings,
        title="Sample",
        description="A sample service.",
        routers=[router],
        producer=StreamSpec.for_producer("sample"),
        subscriptions=SUBSCRIPTIONS if subscriptions is None else subscriptions,
        migrations=MIGRATIONS,
    )


async def count_rows(app: FastAPI, table: Any) -> int:
    async with app.state.platform.db.read_sessions() as session:
        return int((await session.execute(select(func.count()).select_from(table))).scalar_one())


async def applied_texts(app: FastAPI) -> list[str]:
    async with app.state.platform.db.read_sessions() as session:
        return list((await session.execute(select(Applied.text).order_by(Applied.id))).scalars())


async def post_notes(client: Any, identities: Identities, texts: Sequence[str]) -> None:
    """Create one note per text through the API, one request each."""
    for text in texts:
        r = await client.post("/api/v1/notes", json={"text": text}, headers=identities.headers())
        assert r.status_code == 201, r.text
