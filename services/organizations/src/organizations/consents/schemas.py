"""API schemas of the consent register."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pdp_common.contracts.organizations import ConsentKind, ConsentStatus
from pdp_common.input_fields import Timestamp
from pdp_common.schemas import Strict
from pydantic import ConfigDict, Field, model_validator

from organizations.consents import examples
from organizations.schemas import (
    Category,
    CountryCode,
    Filters,
    LongText,
    NameText,
    OrgCode,
    Out,
)


class ConsentCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.CONSENT_CREATE]})

    government: CountryCode
    party_org: OrgCode
    kind: ConsentKind
    countries: list[CountryCode] = Field(
        default_factory=list, max_length=20, description="Scope; empty covers every country."
    )
    topics: list[Category] = Field(
        default_factory=list, max_length=20, description="Scope; empty covers every category."
    )
    valid_from: Timestamp
    valid_until: Timestamp | None = None
    reference: NameText | None = None
    notes: LongText | None = None

    @model_validator(mode="after")
    def _period(self) -> ConsentCreate:
        if self.valid_until is not None and self.valid_until <= self.valid_from:
            raise ValueError("valid_until must be after valid_from")
        return self


class ConsentUpdate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.CONSENT_UPDATE]})

    countries: list[CountryCode] | None = Field(default=None, max_length=20)
    topics: list[Category] | None = Field(default=None, max_length=20)
    valid_from: Timestamp | None = None
    valid_until: Timestamp | None = None
    reference: NameText | None = None
    notes: LongText | None = None


class ConsentWithdrawal(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.CONSENT_WITHDRAWAL]})

    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class ConsentRead(Out):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.CONSENT_READ]})

    id: uuid.UUID
    government: str
    party_org: str
    kind: ConsentKind
    countries: list[str]
    topics: list[str]
    valid_from: datetime
    valid_until: datetime | None
    status: ConsentStatus
    reference: str | None
    notes: str | None
    withdrawn_at: datetime | None
    withdrawal_reason: str | None
    recorded_by: str
    created_at: datetime
    version: int


class ConsentFilters(Filters):
    government: CountryCode | None = None
    party_org: OrgCode | None = None
    kind: ConsentKind | None = None
    status: ConsentStatus | None = None
    in_force_at: Timestamp | None = None
