"""Fixtures of pulled-feed tests: the app allowed to reach a local partner on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from incidents.main import create_app
from incidents.models import sharing
from incidents.settings import IncidentsSettings

from tests.incidents.feeds.inbound.samples import PARTNER
from tests.incidents.feeds.pull.feed_server import FeedServer, feed_server
from tests.shared.sharing_events import agreement, apply

CATEGORIES = ["border_incident", "terrorism", "political_unrest", "water_energy_dispute",
              "intercommunal_tension", "other"]  # fmt: skip
MAX_BYTES = 65_536

LOCAL_PARTNER = {
    "outbound_allow_http": True,
    "outbound_allowed_networks": "127.0.0.1/32",
    "feed_pull_max_response_bytes": MAX_BYTES,
    "feed_pull_worker_enabled": False,
}
"""Test settings only: the local partner server on 127.0.0.1 may be reached over plain HTTP."""


def pull_settings(app: FastAPI, **changes: Any) -> IncidentsSettings:
    """Return the app's settings with ``changes``."""
    settings: IncidentsSettings = app.state.platform.settings
    return settings.model_copy(update=changes)


@pytest.fixture
def app(service_settings: dict[str, Any]) -> FastAPI:
    """Return the incidents app, allowed to reach the local partner server."""
    return create_app(IncidentsSettings(**service_settings | LOCAL_PARTNER))


@pytest.fixture
def server() -> Iterator[FeedServer]:
    """Return a running local partner feed server."""
    with feed_server() as running:
        yield running


@pytest.fixture
async def partner(app: FastAPI, client: httpx.AsyncClient) -> str:
    """Give the partner an agreement in force; return its organization."""
    await apply(app, sharing, agreement(PARTNER, countries=["AFG"], categories=CATEGORIES))
    return PARTNER
