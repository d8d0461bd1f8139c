"""Which requests the audit trail records, and what it records about them."""

from __future__ import annotations

from pdp_common.identity import Principal
from starlette.types import Scope

from gateway.audit.recorder import AuditEntry
from gateway.auth import policy


def entry_for(
    scope: Scope,
    principal: Principal,
    *,
    request_id: str,
    status: int,
    service: str,
    duration_ms: float,
) -> AuditEntry | None:
    """Return the audit entry of a finished request, or None when it is not audited."""
    action = policy.audit_action(principal, scope["method"], scope["path"])
    if action is None:
        return None
    client = scope.get("client")
    return AuditEntry.now(
        principal=principal,
        action=action,
        method=scope["method"],
        path=scope["path"][:2000],
        query=scope.get("query_string", b"").decode("latin-1")[:1000],
        status=status,
        service=service,
        request_id=request_id,
        client=str(client[0])[:64] if client else None,
        duration_ms=duration_ms,
    )
