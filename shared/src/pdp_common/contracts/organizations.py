"""Events published by the organizations service (stream ``PDP_ORGANIZATIONS``).

Agreement and consent events are the input of the information-sharing rule
(:mod:`pdp_common.sharing`): services that share data keep a local copy of them, applied as
idempotent upserts keyed by ``agreement_id`` / ``consent_id`` that ignore an event whose
``version`` is older than the stored one. Events carry no personal data: contact details never
leave the service.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from pdp_common.events.envelope import EventData
from pdp_common.events.registry import event
from pdp_common.events.streams import stream_name
from pdp_common.identity import Clearance

STREAM = stream_name("organizations")
"""The stream the organizations service publishes these events to."""

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
OrgCode = Annotated[
    str, StringConstraints(min_length=1, max_length=32, pattern=r"^[A-Z0-9][A-Z0-9_.-]*$")
]
CategoryCode = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")
]


class AgreementStatus(enum.StrEnum):
    """Lifecycle of an information-sharing agreement."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    EXPIRED = "expired"


class ConsentKind(enum.StrEnum):
    """What a government consented to."""

    CONTACT = "contact"
    INFORMATION_SHARING = "information_sharing"


class ConsentStatus(enum.StrEnum):
    """Whether a consent is in force or has been withdrawn."""

    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


@event("pdp.organizations.agreement.upserted.v1")
class AgreementUpserted(EventData):
    """An information-sharing agreement was created or changed (the full current terms)."""

    agreement_id: uuid.UUID
    partner_org: OrgCode
    countries: list[CountryCode]
    categories: list[CategoryCode]
    max_sensitivity: Clearance
    embargo_hours: int = Field(ge=0)
    formats: list[str]
    status: AgreementStatus
    valid_from: datetime
    valid_until: datetime | None = None
    version: int = Field(ge=1)

    def event_subject(self) -> str:
        """Return the agreement id."""
        return str(self.agreement_id)


@event("pdp.organizations.consent.recorded.v1")
class ConsentRecorded(EventData):
    """A government's consent was recorded or changed (the full current terms)."""

    consent_id: uuid.UUID
    government: CountryCode
    party_org: OrgCode
    kind: ConsentKind
    countries: list[CountryCode]
    topics: list[CategoryCode]
    valid_from: datetime
    valid_until: datetime | None = None
    status: ConsentStatus
    version: int = Field(ge=1)

    def event_subject(self) -> str:
        """Return the consent id."""
        return str(self.consent_id)


@event("pdp.organizations.consent.withdrawn.v1")
class ConsentWithdrawn(EventData):
    """A government withdrew a consent; it stops counting at once."""

    consent_id: uuid.UUID
    government: CountryCode
    party_org: OrgCode
    withdrawn_at: datetime
    reason: str
    version: int = Field(ge=1)

    def event_subject(self) -> str:
        """Return the consent id."""
        return str(self.consent_id)


@event("pdp.organizations.organization.upserted.v1")
class OrganizationUpserted(EventData):
    """A counterpart organization was registered or changed (public registry fields only)."""

    organization_id: uuid.UUID
    code: OrgCode
    kind: str
    acronym: str | None = None
    name: str
    countries: list[CountryCode]
    parent_code: str | None = None
    is_active: bool
    version: int = Field(ge=1)

    def event_subject(self) -> str:
        """Return the organization code."""
        return self.code


@event("pdp.organizations.engagement.recorded.v1")
class EngagementRecorded(EventData):
    """An engagement was recorded or changed (who, when, where, about what; no text, no people)."""

    engagement_id: uuid.UUID
    kind: str
    occurred_on: date
    countries: list[CountryCode]
    topics: list[CategoryCode]
    organizations: list[OrgCode]
    sensitivity: Clearance
    version: int = Field(ge=1)

    def event_subject(self) -> str:
        """Return the engagement id."""
        return str(self.engagement_id)


@event("pdp.organizations.follow_up.overdue.v2")
class FollowUpOverdue(EventData):
    """A follow-up action passed its due date without being done (announced once per due date).

    Like ``engagement.recorded``, it carries no text and no people: the action and its owner are
    read over the API, which checks the engagement's sensitivity. Version 1 carried both and is
    no longer published.
    """

    follow_up_id: uuid.UUID
    engagement_id: uuid.UUID
    countries: list[CountryCode]
    topics: list[CategoryCode]
    sensitivity: Clearance
    due_on: date
    detected_at: datetime

    def event_subject(self) -> str:
        """Return the follow-up id."""
        return str(self.follow_up_id)


@event("pdp.organizations.initiative.upserted.v1")
class InitiativeUpserted(EventData):
    """A regional organization's peacemaking or coordination initiative was recorded or changed."""

    initiative_id: uuid.UUID
    organization_code: OrgCode
    title: str
    countries: list[CountryCode]
    themes: list[CategoryCode]
    status: str
    starts_on: date | None = None
    ends_on: date | None = None
    version: int = Field(ge=1)

    def event_subject(self) -> str:
        """Return the initiative id."""
        return str(self.initiative_id)
