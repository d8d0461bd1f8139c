"""The verification workflow as data: allowed transitions between statuses and who may make them.

    reported -> under_review -> verified | rejected
    verified -> corrected | retracted
    corrected -> corrected | retracted

``rejected`` and ``retracted`` are final. Analysts, officers, the Head of Centre and systems take
an incident under review; only officers and the Head of Centre verify, reject, correct or retract.
"""

from __future__ import annotations

from collections.abc import Mapping

from pdp_common.identity import Role

from incidents.status import EDITORS, Status

TRANSITIONS: Mapping[Status, tuple[Status, ...]] = {
    Status.REPORTED: (Status.UNDER_REVIEW,),
    Status.UNDER_REVIEW: (Status.VERIFIED, Status.REJECTED),
    Status.VERIFIED: (Status.CORRECTED, Status.RETRACTED),
    Status.CORRECTED: (Status.CORRECTED, Status.RETRACTED),
    Status.REJECTED: (),
    Status.RETRACTED: (),
}

DECIDERS = frozenset({Role.OFFICER, Role.HEAD_OF_CENTRE})

REQUIRED_ROLES: Mapping[Status, frozenset[Role]] = {
    Status.UNDER_REVIEW: EDITORS,
    Status.VERIFIED: DECIDERS,
    Status.REJECTED: DECIDERS,
    Status.CORRECTED: DECIDERS,
    Status.RETRACTED: DECIDERS,
}


def allowed_from(status: Status) -> tuple[Status, ...]:
    """Return the statuses an incident in ``status`` may move to."""
    return TRANSITIONS[status]


def is_allowed(current: Status, target: Status) -> bool:
    """Tell whether ``current -> target`` is a transition of the workflow."""
    return target in TRANSITIONS[current]
