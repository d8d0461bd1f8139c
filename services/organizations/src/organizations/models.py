"""Every table of the organizations service, gathered for migrations."""

from __future__ import annotations

from organizations.agreements.models import Agreement
from organizations.base import Base
from organizations.consents.models import Consent
from organizations.engagements.models import Engagement, FollowUp
from organizations.initiatives.models import Initiative
from organizations.registry.models import Contact, Organization

metadata = Base.metadata

__all__ = [
    "Agreement",
    "Consent",
    "Contact",
    "Engagement",
    "FollowUp",
    "Initiative",
    "Organization",
    "metadata",
]
