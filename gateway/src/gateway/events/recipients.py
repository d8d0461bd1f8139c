"""The recipient of events behind a caller: its principal and its organization's sharing terms.

Terms are read from the gateway's copy (:mod:`gateway.events.sharing`) and kept for a few seconds
per organization, so that a stream of events does not read the database once per event; a change
of an agreement or a consent reaches an open stream within that time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from pdp_common.db import Database
from pdp_common.events.entitlement import Recipient
from pdp_common.identity import Principal
from pdp_common.sharing import AgreementTerms, ConsentTerms
from pdp_common.sharing_copy import SharingCopy

from gateway.events.sharing import sharing

DEFAULT_TERMS_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class _Terms:
    agreements: tuple[AgreementTerms, ...]
    consents: tuple[ConsentTerms, ...]
    read_at: float


class Recipients:
    """Build :class:`Recipient` values for principals, with their organizations' terms cached."""

    def __init__(self, db: Database, *, terms_seconds: float = DEFAULT_TERMS_SECONDS) -> None:
        self._db = db
        self._terms_seconds = terms_seconds
        self._terms: dict[str, _Terms] = {}

    async def of(self, principal: Principal) -> Recipient:
        """Return the recipient behind ``principal`` (the Centre's staff need no terms)."""
        if principal.is_centre_staff:
            return Recipient(principal)
        terms = await self._terms_of(principal.org)
        return Recipient(principal, agreements=terms.agreements, consents=terms.consents)

    async def _terms_of(self, org: str) -> _Terms:
        now = time.monotonic()
        cached = self._terms.get(org)
        if cached is not None and now - cached.read_at < self._terms_seconds:
            return cached
        async with self._db.read_sessions() as session:
            copy = SharingCopy(session, sharing)
            terms = _Terms(
                agreements=tuple(await copy.agreements_of(org)),
                consents=tuple(await copy.consents_for(org)),
                read_at=now,
            )
        self._terms[org] = terms
        return terms
