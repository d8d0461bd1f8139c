"""FastAPI dependencies of the country-teams service."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from pdp_common.dependencies import SettingsDep

from country_teams.activities.schemas import ActivityFilters
from country_teams.settings import CountryTeamsSettings


async def get_country_teams_settings(settings: SettingsDep) -> CountryTeamsSettings:
    """Return the service's own settings."""
    assert isinstance(settings, CountryTeamsSettings)
    return settings


CountryTeamsSettingsDep = Annotated[CountryTeamsSettings, Depends(get_country_teams_settings)]
ActivityFiltersDep = Annotated[ActivityFilters, Query()]
