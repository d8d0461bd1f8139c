"""Fixtures of the incidents service tests: the app on SQLite and PostgreSQL with a real NATS."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from fastapi import FastAPI
from incidents.main import MIGRATIONS_DIR, create_app
from incidents.settings import IncidentsSettings
from pdp_common.db import Database
from pdp_common.migrations import upgrade
from pdp_common.testing.apps import Identities

from tests.incidents.factories import Callers


@pytest.fixture
def app(service_settings: dict[str, Any]) -> FastAPI:
    """Return the incidents app on the database under test."""
    return create_app(IncidentsSettings(**service_settings))


@pytest_asyncio.fixture
async def db(service_settings: dict[str, Any]) -> AsyncIterator[Database]:
    """Return the migrated database under test, for tests that call the service layer."""
    settings = IncidentsSettings(**service_settings | {"nats_enabled": False})
    await upgrade(MIGRATIONS_DIR, settings)
    async with Database.for_service(settings) as database:
        yield database


@pytest.fixture
def callers(identities: Identities) -> Callers:
    """Return the test callers."""
    return Callers(identities)
