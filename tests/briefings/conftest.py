"""Fixtures of the briefings tests: the service running in-process on each database."""

from __future__ import annotations

from typing import Any

import pytest
from briefings.main import create_app
from briefings.settings import BriefingsSettings
from fastapi import FastAPI
from pdp_common.identity import Clearance, Role
from pdp_common.testing.apps import Identities

Headers = dict[str, str]


@pytest.fixture
def app(service_settings: dict[str, Any]) -> FastAPI:
    """Return the briefings app on the database and NATS under test."""
    return create_app(BriefingsSettings(**service_settings))


@pytest.fixture
def analyst(identities: Identities) -> Headers:
    """Return the headers of a Centre analyst cleared to confidential."""
    return identities.headers(roles=(Role.ANALYST,), clearance=Clearance.CONFIDENTIAL)


@pytest.fixture
def officer(identities: Identities) -> Headers:
    """Return the headers of a Centre political officer."""
    return identities.headers(roles=(Role.OFFICER,), clearance=Clearance.CONFIDENTIAL)


@pytest.fixture
def head(identities: Identities) -> Headers:
    """Return the headers of the Head of Centre."""
    return identities.headers(
        roles=(Role.HEAD_OF_CENTRE,), clearance=Clearance.STRICTLY_CONFIDENTIAL
    )


@pytest.fixture
def osce(identities: Identities) -> Headers:
    """Return the headers of a partner caller from the OSCE cleared to internal."""
    return identities.headers(org="OSCE", roles=(Role.PARTNER,), clearance=Clearance.INTERNAL)
