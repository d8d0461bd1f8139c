"""Examples of the sharing decision's schemas, shown in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from organizations.agreements.examples import AGREEMENT_ID
from organizations.consents.examples import CONSENT_ID

SHARING_DECISION_READ: dict[str, Any] = {
    "allowed": True,
    "partner_org": "UNAMA",
    "decided_at": "2026-12-01T07:30:00.000000+00:00",
    "reasons": [
        {
            "code": "agreement",
            "ok": True,
            "detail": f"agreement {AGREEMENT_ID} with UNAMA covers TJK / drug_trafficking",
        },
        {
            "code": "sensitivity",
            "ok": True,
            "detail": "item is confidential; the agreement allows up to confidential",
        },
        {
            "code": "embargo",
            "ok": True,
            "detail": "embargo of 0 h elapsed at 2026-11-28T10:30:00+00:00",
        },
        {
            "code": "consent",
            "ok": True,
            "detail": f"consent {CONSENT_ID} of TJK covers sharing with UNAMA",
        },
    ],
    "agreement_id": AGREEMENT_ID,
    "consent_id": CONSENT_ID,
}
"""May an item about Tajikistan, on drug trafficking, classified confidential, go to UNAMA?"""
