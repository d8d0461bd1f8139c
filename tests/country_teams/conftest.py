"""Fixtures of the country-teams tests: the service running in-process on each database."""

from __future__ import annotations

from typing import Any

import pytest
from country_teams.main import create_app
from country_teams.settings import CountryTeamsSettings
from fastapi import FastAPI
from pdp_common.identity import Clearance, Role
from pdp_common.testing.apps import Identities


@pytest.fixture
def app(service_settings: dict[str, Any]) -> FastAPI:
    """Return the country-teams app on the database and NATS under test."""
    return create_app(CountryTeamsSettings(**service_settings))


@pytest.fixture
def staff(identities: Identities) -> dict[str, str]:
    """Return the headers of a Centre analyst."""
    return identities.headers(roles=(Role.ANALYST,), clearance=Clearance.CONFIDENTIAL)


@pytest.fixture
def viewer(identities: Identities) -> dict[str, str]:
    """Return the headers of a Centre viewer (reads only)."""
    return identities.headers(roles=(Role.VIEWER,), clearance=Clearance.INTERNAL)


@pytest.fixture
def partner(identities: Identities) -> dict[str, str]:
    """Return the headers of a partner organization's caller."""
    return identities.headers(org="OSCE", roles=(Role.PARTNER,), clearance=Clearance.INTERNAL)


@pytest.fixture
def undp_system(identities: Identities) -> dict[str, str]:
    """Return the headers of UNDP's system pushing its activities."""
    return identities.headers(org="UNDP", roles=(Role.SYSTEM,), clearance=Clearance.INTERNAL)
