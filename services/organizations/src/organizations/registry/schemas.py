"""API schemas of the registry."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pdp_common.input_fields import Flag
from pdp_common.schemas import Strict
from pydantic import ConfigDict, Field, StringConstraints

from organizations.registry import examples
from organizations.registry.vocabulary import OrganizationKind
from organizations.schemas import (
    CountryCode,
    Filters,
    LongText,
    NameText,
    OrgCode,
    Out,
    ShortText,
)

LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


class LocalizedName(Strict):
    """A name in one language and script (BCP 47 tag, e.g. ``ru``, ``uz-Latn``, ``uz-Cyrl``)."""

    lang: LanguageTag
    value: ShortText


class Office(Strict):
    """Where an organization has an office."""

    city: ShortText
    country: CountryCode
    address: ShortText | None = None
    is_headquarters: Flag = False


class OfficeRead(Out):
    """Where an organization has an office, as recorded."""

    city: str
    country: str
    address: str | None = None
    is_headquarters: bool = False


class OrganizationCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.ORGANIZATION_CREATE]})

    code: OrgCode
    kind: OrganizationKind
    name: ShortText
    acronym: Annotated[str, StringConstraints(max_length=32)] | None = None
    names: list[LocalizedName] = Field(default_factory=list, max_length=20)
    countries: list[CountryCode] = Field(default_factory=list, max_length=60)
    mandate_summary: LongText | None = None
    parent_code: OrgCode | None = None
    offices: list[Office] = Field(default_factory=list, max_length=50)
    website: Annotated[str, StringConstraints(max_length=300)] | None = None


class OrganizationUpdate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.ORGANIZATION_UPDATE]})

    kind: OrganizationKind | None = None
    name: ShortText | None = None
    acronym: Annotated[str, StringConstraints(max_length=32)] | None = None
    names: list[LocalizedName] | None = Field(default=None, max_length=20)
    countries: list[CountryCode] | None = Field(default=None, max_length=60)
    mandate_summary: LongText | None = None
    parent_code: OrgCode | None = None
    offices: list[Office] | None = Field(default=None, max_length=50)
    website: Annotated[str, StringConstraints(max_length=300)] | None = None
    is_active: Flag | None = None


class OrganizationRead(Out):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.ORGANIZATION_READ]})

    id: uuid.UUID
    code: str
    kind: OrganizationKind
    name: str
    acronym: str | None
    names: list[LocalizedName]
    countries: list[str]
    mandate_summary: str | None
    parent_code: str | None
    offices: list[OfficeRead]
    website: str | None
    is_active: bool
    created_at: datetime
    updated_at: datetime
    version: int


class OrganizationFilters(Filters):
    kind: OrganizationKind | None = None
    country: CountryCode | None = None
    parent_code: OrgCode | None = None
    q: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None
    is_active: bool | None = None


ContactRole = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40, to_lower=True)
]
Email = Annotated[str, StringConstraints(max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]


class ContactCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.CONTACT_CREATE]})

    full_name: NameText
    function: NameText | None = None
    roles: list[ContactRole] = Field(default_factory=list, max_length=10)
    email: Email | None = None
    phone: Annotated[str, StringConstraints(max_length=64, pattern=r"^[0-9+() .-]+$")] | None = None
    notes: LongText | None = None


class ContactDetails(Out):
    email: str | None
    phone: str | None
    notes: str | None


class ContactRead(Out):
    """A contact; ``details`` is null for callers without need-to-know."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CONTACT_READ]})

    id: uuid.UUID
    organization_code: str
    full_name: str
    function: str | None
    roles: list[str]
    is_active: bool
    details: ContactDetails | None
    details_hidden: bool
    version: int


class ContactUpdate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.CONTACT_UPDATE]})

    full_name: NameText | None = None
    function: NameText | None = None
    roles: list[ContactRole] | None = Field(default=None, max_length=10)
    email: Email | None = None
    phone: Annotated[str, StringConstraints(max_length=64, pattern=r"^[0-9+() .-]+$")] | None = None
    notes: LongText | None = None
    is_active: Flag | None = None
