"""Trace context at the front door: which caller headers are kept, and new traces."""

from __future__ import annotations

import pytest
from gateway.observability.tracecontext import TraceOrigin, trace_id_of
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ALWAYS_ON, ParentBased

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


class TestTraceIdOf:
    @pytest.mark.parametrize(
        ("header", "expected"),
        [
            (f"00-{TRACE_ID}-00f067aa0ba902b7-01", TRACE_ID),
            (f"00-{TRACE_ID}-00f067aa0ba902b7-00", TRACE_ID),
            (f"01-{TRACE_ID}-00f067aa0ba902b7-01-future", TRACE_ID),
            (f"00-{TRACE_ID}-00f067aa0ba902b7-01-extra", None),
            (f"ff-{TRACE_ID}-00f067aa0ba902b7-01", None),
            (f"00-{'0' * 32}-00f067aa0ba902b7-01", None),
            (f"00-{TRACE_ID}-{'0' * 16}-01", None),
            (f"00-{TRACE_ID.upper()}-00f067aa0ba902b7-01", None),
            ("garbage", None),
            ("", None),
            (None, None),
        ],
    )
    def test_only_well_formed_headers_count(self, header: str | None, expected: str | None) -> None:
        assert trace_id_of(header) == expected


class TestTraceOrigin:
    def test_new_traces_are_random_and_well_formed(self) -> None:
        origin = TraceOrigin(ParentBased(ALWAYS_ON))
        started = [origin.start() for _ in range(50)]
        assert len({trace_id for trace_id, _ in started}) == 50
        for trace_id, traceparent in started:
            assert trace_id_of(traceparent) == trace_id
            assert traceparent.endswith("-01")

    def test_the_sampled_flag_follows_the_sampler(self) -> None:
        _, traceparent = TraceOrigin(ALWAYS_OFF).start()
        assert traceparent.endswith("-00")
