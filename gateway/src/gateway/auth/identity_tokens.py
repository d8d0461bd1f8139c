"""Identity tokens forwarded to services, signed once per principal and reused for a while."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from pdp_common.identity import IDENTITY_TTL_SECONDS, IdentitySigner, Principal


class IdentityTokens:
    """Sign ``X-PDP-Identity`` tokens, reusing each for ``reuse_seconds`` of its lifetime.

    A token lives ``IDENTITY_TTL_SECONDS`` (60 s); reusing it for a third of that keeps at least
    40 s of validity on every forwarded request while the hot path signs nothing.
    """

    def __init__(
        self,
        signer: IdentitySigner,
        *,
        reuse_seconds: float,
        max_entries: int = 50_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not 0 <= reuse_seconds < IDENTITY_TTL_SECONDS - 10:
            raise ValueError("identity tokens must stay valid well after their last reuse")
        self._signer = signer
        self._reuse = reuse_seconds
        self._max = max_entries
        self._clock = clock
        self._cache: OrderedDict[Principal, tuple[float, bytes]] = OrderedDict()

    def token_for(self, principal: Principal) -> bytes:
        """Return a valid identity token for ``principal`` (ASCII bytes, ready for a header)."""
        now = self._clock()
        cached = self._cache.get(principal)
        if cached is not None and cached[0] > now:
            return cached[1]
        token = self._signer.sign(principal, now=now).encode()
        self._cache[principal] = (now + self._reuse, token)
        self._cache.move_to_end(principal)
        if len(self._cache) > self._max:
            self._cache.popitem(last=False)
        return token

    def forget(self, credential: str) -> None:
        """Drop the tokens of every principal authenticated by ``credential``."""
        for principal in [p for p in self._cache if p.credential == credential]:
            del self._cache[principal]
