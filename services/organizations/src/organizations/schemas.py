"""Field types shared by the API schemas of every sub-domain."""

from __future__ import annotations

from typing import Annotated, Any

from pdp_common import countries
from pdp_common.sharing import THREAT_CATEGORIES
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    WithJsonSchema,
)


def _normalized(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


CountryCode = Annotated[countries.CountryCode, BeforeValidator(_normalized)]
"""An ISO 3166-1 alpha-3 code in an input; surrounding spaces and lower case are forgiven."""
OrgCode = Annotated[
    str,
    StringConstraints(
        min_length=1,
        max_length=32,
        pattern=r"^[A-Z0-9][A-Z0-9_.-]*$",
        strip_whitespace=True,
        to_upper=True,
    ),
]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
# Names and references stored in 200-character columns: the schema refuses what they cannot hold.
NameText = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]


def _known_category(value: str) -> str:
    if value not in THREAT_CATEGORIES:
        raise ValueError(f"unknown threat category; use one of {', '.join(THREAT_CATEGORIES)}")
    return value


Category = Annotated[
    str,
    AfterValidator(_known_category),
    WithJsonSchema(
        {"type": "string", "enum": list(THREAT_CATEGORIES), "title": "ThreatCategory"},
        mode="validation",
    ),
]


class Out(BaseModel):
    """Base of response schemas, built from ORM rows."""

    model_config = ConfigDict(from_attributes=True)


class Filters(BaseModel):
    """Base of list filters read from the query string (paging parameters sit beside them)."""

    model_config = ConfigDict(extra="ignore")
