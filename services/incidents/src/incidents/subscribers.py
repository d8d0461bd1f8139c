"""The events the incidents service consumes: sharing terms from the organizations service."""

from __future__ import annotations

from pdp_common.contracts import organizations as organization_events
from pdp_common.events.consumer import Subscription

from incidents.access import subscribers as access

SUBSCRIPTIONS = [
    Subscription(
        durable="incidents_sharing_terms",
        stream="PDP_ORGANIZATIONS",
        description="Local copy of information-sharing agreements and consents",
        handlers={
            organization_events.AgreementUpserted: access.on_agreement_upserted,
            organization_events.ConsentRecorded: access.on_consent_recorded,
            organization_events.ConsentWithdrawn: access.on_consent_withdrawn,
        },
    )
]
