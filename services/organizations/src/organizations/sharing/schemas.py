"""API schemas of the sharing decision."""

from __future__ import annotations

import uuid
from datetime import datetime

from pdp_common.identity import Clearance
from pdp_common.input_fields import Timestamp
from pdp_common.sharing import ReasonCode
from pydantic import ConfigDict

from organizations.schemas import Category, CountryCode, Filters, OrgCode, Out
from organizations.sharing import examples


class SharingQuery(Filters):
    """The item and the partner to decide about."""

    partner_org: OrgCode
    country: CountryCode
    category: Category
    sensitivity: Clearance
    available_at: Timestamp
    at: Timestamp | None = None


class SharingReasonRead(Out):
    code: ReasonCode
    ok: bool
    detail: str


class SharingDecisionRead(Out):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.SHARING_DECISION_READ]})

    allowed: bool
    partner_org: str
    decided_at: datetime
    reasons: list[SharingReasonRead]
    agreement_id: uuid.UUID | None
    consent_id: uuid.UUID | None
