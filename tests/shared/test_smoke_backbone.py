import asyncio
import time

import pytest

from pdp_common.testing.apps import running
from tests.shared.sample.service import SampleSettings, applied_texts, create_app


async def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = await predicate()
        if result:
            return result
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in time")


async def test_write_reaches_consumer(service_settings, identities):
    app = create_app(SampleSettings(**service_settings))
    async with running(app) as client:
        r = await client.post("/api/v1/notes", json={"text": "hello"}, headers=identities.headers())
        assert r.status_code == 201, r.text
        texts = await wait_for(lambda: applied_texts(app))
        assert texts == ["hello"]
