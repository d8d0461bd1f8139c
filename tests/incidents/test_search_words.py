"""Search vectors made of the document's own words: long words cut, lexemes queried as they are,
and the migration that moved PostgreSQL to them (and back)."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from incidents.access.rule import Viewer
from incidents.imports.storing import store_new
from incidents.main import MIGRATIONS_DIR
from incidents.schemas import IncidentCreate
from incidents.search.repository import SEARCH_VECTOR
from incidents.search.schemas import IncidentFilters, IncidentSort
from incidents.search.service import list_incidents
from incidents.search_words import (
    MAX_DOCUMENT_WORD,
    WORD,
    fold,
    search_document,
    tsquery,
    words,
)
from incidents.settings import IncidentsSettings
from pdp_common.db import Database
from pdp_common.migrations import alembic_config, upgrade
from sqlalchemy import text

from tests.incidents.factories import OFFICER, incident_payload

LONG = "ж" * 300 + "end"


async def search(db: Database, query: str) -> list[str]:
    """Return the references an officer finds with ``query``."""
    viewer = Viewer(principal=OFFICER, agreements=(), consents=(), now=datetime.now(UTC))
    async with db.read_sessions() as session:
        found, _ = await list_incidents(
            session,
            viewer=viewer,
            filters=IncidentFilters(q=query),
            sort=IncidentSort.OCCURRED_DESC,
            limit=50,
            cursor=None,
        )
    return [item.reference for item in found]


async def store(db: Database, **fields: Any) -> str:
    """Store one incident through the bulk path and return its reference."""
    payload = IncidentCreate.model_validate(incident_payload("KGZ", **fields))
    async with db.transaction() as session:
        (stored,) = await store_new(session, OFFICER, [payload])
    return stored.reference


class TestDocumentWords:
    def test_long_words_are_cut(self) -> None:
        document = search_document(["short", LONG, "x" * 255])
        assert document.split(" ") == ["short", "ж" * MAX_DOCUMENT_WORD, "x" * 255]

    def test_ascii_text_splits_into_the_words_the_pattern_finds(self) -> None:
        every_character = "".join(chr(c) for c in range(128))
        texts = [every_character, "INC-KGZ-2026-000123", "snake_case x\ty\x00z", "  ", ""]
        for sample in texts:
            assert sample.isascii()
            assert words(sample) == WORD.findall(fold(sample)), sample

    def test_any_text_splits_into_the_words_the_pattern_finds_in_it_folded(self) -> None:
        tricky = [
            "e\u0301x",  # a combining mark inside a word
            "e \u0301x",  # and after a space
            "\ufb01re \u00bd \u2460",  # compatibility forms: ligature, fraction, circled digit
            "\ufdfa x",  # one character that decomposes into words and spaces
            "a\u200bb a\u00a0b a\u2028b\u3000c",  # zero-width and other spaces
            "Столкновение у Исфары, Hérat délégation, Straße, İstanbul, ΣΊΣΥΦΟΣ, ǅemal",
            "\u1100\u1161 \u11a8 한국어",  # Hangul jamo compose; not across a space
        ]
        rng = random.Random(7)
        pool = [chr(c) for c in range(0x20, 0x3000)] + [" ", "\u00a0", "\u0301", "\u0308"] * 50
        generated = ["".join(rng.choices(pool, k=rng.randint(0, 20))) for _ in range(5_000)]
        for sample in tricky + generated:
            assert words(sample) == WORD.findall(fold(sample)), repr(sample)
            assert words(sample) == WORD.findall(fold(sample)), repr(sample)  # remembered

    def test_query_lexemes_are_quoted(self) -> None:
        assert tsquery(["ош", "it's", "a\\b"]) == "'ош':* & 'it''s':* & 'a\\\\b':*"


class TestSearch:
    async def test_finds_words_by_prefix_and_long_words_by_their_start(self, db: Database) -> None:
        plain = await store(db, title="Столкновение у Исфары", summary="Hérat délégation")
        long = await store(db, title="Report", summary=f"see {LONG}")
        assert await search(db, "столкнов") == [plain]
        assert await search(db, "herat delegation") == [plain]
        assert await search(db, "жжжж") == [long]
        assert await search(db, "Isfara") == []
        assert await search(db, LONG) == [long]


class TestMigration:
    @pytest.mark.backends("postgres")  # the search vector is PostgreSQL's
    async def test_moves_vectors_to_the_documents_words_and_back(
        self, service_settings: dict[str, Any], db_backend: str
    ) -> None:
        settings = IncidentsSettings(**service_settings | {"nats_enabled": False})
        await upgrade(MIGRATIONS_DIR, settings, "0002")
        async with Database.for_service(settings) as db:
            reference = await store(db, title="Water dispute", summary="canal")
            async with db.transaction() as session:
                await session.execute(
                    text("UPDATE incidents SET search_document = search_document || ' ' || :w"),
                    {"w": "q" * 300},
                )
            await upgrade(MIGRATIONS_DIR, settings, "0003")
            vector = await self._vector(db, "search_vector")
            assert "'water'" in vector
            assert f"'{'q' * 255}'" in vector
            assert ":" not in vector  # no positions
            await upgrade(MIGRATIONS_DIR, settings)  # 0004: the vector is only indexed
            assert await self._vector(db, str(SEARCH_VECTOR)) == vector
            assert await search(db, "wat canal") == [reference]
            config = alembic_config(MIGRATIONS_DIR, settings)
            await asyncio.to_thread(command.downgrade, config, "0002")
            assert "'water':" in await self._vector(db, "search_vector")

    @staticmethod
    async def _vector(db: Database, vector: str) -> str:
        async with db.read_sessions() as session:
            query = text(f"SELECT {vector} FROM incidents")
            return str((await session.execute(query)).scalar())
