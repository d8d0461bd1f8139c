"""W3C trace context at the front door: keep a caller's valid ``traceparent``, or start a trace.

Every request gets a trace id, even when this gateway records no spans: the caller's, when it sent
a well-formed ``traceparent``; otherwise a new random one, forwarded in a ``traceparent`` whose
sampled flag is what the configured sampler (``OTEL_TRACES_SAMPLER``) decides for a new trace. The
services continue that trace, and every log line of the request carries its id.
"""

from __future__ import annotations

import random
import re

from opentelemetry.sdk.trace.sampling import Decision, Sampler

_TRACEPARENT = re.compile(r"([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?")
_ZERO_TRACE = "0" * 32
_ZERO_SPAN = "0" * 16


def trace_id_of(traceparent: str | None) -> str | None:
    """Return the trace id of a well-formed ``traceparent`` header, else None."""
    if traceparent is None:
        return None
    match = _TRACEPARENT.fullmatch(traceparent)
    if match is None:
        return None
    version, trace_id, span_id, _, rest = match.groups()
    if version == "ff" or (version == "00" and rest is not None):
        return None
    if trace_id == _ZERO_TRACE or span_id == _ZERO_SPAN:
        return None
    return trace_id


class TraceOrigin:
    """Start new traces, sampled as ``sampler`` decides for a trace without a parent."""

    def __init__(self, sampler: Sampler) -> None:
        self._sampler = sampler

    def start(self) -> tuple[str, str]:
        """Return a new trace id and the ``traceparent`` that starts it."""
        trace_id = random.getrandbits(128) or 1
        span_id = random.getrandbits(64) or 1
        decision = self._sampler.should_sample(None, trace_id, "request").decision
        flags = "01" if decision is Decision.RECORD_AND_SAMPLE else "00"
        trace_hex = f"{trace_id:032x}"
        return trace_hex, f"00-{trace_hex}-{span_id:016x}-{flags}"
