"""The catalogue of problem types: every kind of error the platform answers, by code.

Each type has a page at ``/problems/<code>`` (its ``type`` URI) and is listed in the OpenAPI
documents. :class:`pdp_common.errors.AppError` subclasses register themselves; errors answered by
the framework or the gateway's front door are registered here and in
``gateway.forwarding.problems``.
"""

from __future__ import annotations

from dataclasses import dataclass

PROBLEM_BASE = "/problems/"


@dataclass(frozen=True, slots=True)
class ProblemType:
    """One kind of problem the platform answers: its ``type`` URI is ``/problems/<code>``."""

    code: str
    title: str
    status: int
    description: str
    owner: str

    @property
    def uri(self) -> str:
        """Return the problem's ``type`` member."""
        return PROBLEM_BASE + self.code


PROBLEM_TYPES: dict[str, ProblemType] = {}


def register_problem_type(
    *, code: str, title: str, status: int, description: str, owner: str
) -> ProblemType:
    """Record a problem type answered outside the :class:`AppError` family (framework, gateway).

    The first registration of a code wins; a code keeps one meaning across the platform.
    """
    return PROBLEM_TYPES.setdefault(
        code, ProblemType(code, title, status, " ".join(description.split()), owner)
    )


def problem_types(*owners: str) -> list[ProblemType]:
    """Return the registered problem types of ``owners`` (top-level packages), by code."""
    return sorted(
        (item for item in PROBLEM_TYPES.values() if item.owner in owners), key=lambda t: t.code
    )


register_problem_type(
    code="internal-error",
    title="Internal error",
    status=500,
    description="The request could not be completed because of a failure on the platform's side; "
    "the failure has been logged with the request id. Nothing was changed.",
    owner="pdp_common",
)
register_problem_type(
    code="method-not-allowed",
    title="Method not allowed",
    status=405,
    description="The resource exists but does not take this HTTP method; `Allow` lists those "
    "it takes.",
    owner="pdp_common",
)
register_problem_type(
    code="body-timeout",
    title="Request body timeout",
    status=408,
    description="The request body did not arrive in time: the client sent part of it, then "
    "stalled. Send the whole body promptly. Nothing was changed.",
    owner="pdp_common",
)
register_problem_type(
    code="http-error",
    title="HTTP error",
    status=400,
    description="The request was refused by the HTTP layer before it reached the platform's code.",
    owner="pdp_common",
)
register_problem_type(
    code="not-ready",
    title="Not ready",
    status=503,
    description="A dependency of the process (its database, the event broker) is unavailable; "
    "`checks` says which. Load balancers stop sending traffic until it recovers.",
    owner="pdp_common",
)
