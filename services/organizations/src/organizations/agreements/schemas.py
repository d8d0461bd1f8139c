"""API schemas of information-sharing agreements."""

from __future__ import annotations

import uuid
from datetime import datetime

from pdp_common.contracts.organizations import AgreementStatus
from pdp_common.identity import Clearance
from pdp_common.input_fields import Timestamp
from pdp_common.schemas import Strict
from pdp_common.sharing import DeliveryFormat
from pydantic import ConfigDict, Field, model_validator

from organizations.agreements import examples
from organizations.schemas import (
    Category,
    CountryCode,
    Filters,
    LongText,
    NameText,
    OrgCode,
    Out,
    ShortText,
)

ShareFormat = DeliveryFormat
"""Formats in which items may be delivered to the partner."""


class AgreementCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.AGREEMENT_CREATE]})

    partner_org: OrgCode
    title: ShortText
    countries: list[CountryCode] = Field(min_length=1, max_length=20)
    categories: list[Category] = Field(min_length=1, max_length=20)
    max_sensitivity: Clearance
    embargo_hours: int = Field(ge=0, le=24 * 365)
    formats: list[ShareFormat] = Field(default_factory=list, max_length=10)
    status: AgreementStatus = AgreementStatus.ACTIVE
    valid_from: Timestamp
    valid_until: Timestamp | None = None
    reference: NameText | None = None
    notes: LongText | None = None

    @model_validator(mode="after")
    def _period(self) -> AgreementCreate:
        if self.valid_until is not None and self.valid_until <= self.valid_from:
            raise ValueError("valid_until must be after valid_from")
        return self


class AgreementUpdate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.AGREEMENT_UPDATE]})

    title: ShortText | None = None
    countries: list[CountryCode] | None = Field(default=None, min_length=1, max_length=20)
    categories: list[Category] | None = Field(default=None, min_length=1, max_length=20)
    max_sensitivity: Clearance | None = None
    embargo_hours: int | None = Field(default=None, ge=0, le=24 * 365)
    formats: list[ShareFormat] | None = Field(default=None, max_length=10)
    status: AgreementStatus | None = None
    valid_from: Timestamp | None = None
    valid_until: Timestamp | None = None
    reference: NameText | None = None
    notes: LongText | None = None


class AgreementRead(Out):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.AGREEMENT_READ]})

    id: uuid.UUID
    partner_org: str
    title: str
    countries: list[str]
    categories: list[str]
    max_sensitivity: Clearance
    embargo_hours: int
    formats: list[str]
    status: AgreementStatus
    valid_from: datetime
    valid_until: datetime | None
    reference: str | None
    notes: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class AgreementFilters(Filters):
    partner_org: OrgCode | None = None
    status: AgreementStatus | None = None
    country: CountryCode | None = None
    category: Category | None = None
