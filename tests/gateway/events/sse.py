"""A small reader of ``text/event-stream`` for tests: blocks of fields, comments kept."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Block:
    """One block of the stream (up to a blank line): an event, an id alone, or comments."""

    id: int | None = None
    event: str | None = None
    data: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    retry: int | None = None

    @property
    def is_event(self) -> bool:
        """Tell whether an EventSource would dispatch this block."""
        return bool(self.data)

    def cloudevent(self) -> dict[str, Any]:
        """Return the CloudEvent the block carries."""
        decoded: dict[str, Any] = json.loads("\n".join(self.data))
        return decoded


async def blocks(response: httpx.Response) -> AsyncIterator[Block]:
    """Yield the blocks of a streamed response as they arrive."""
    block = Block()
    started = False
    async for line in response.aiter_lines():
        if line == "":
            if started:
                yield block
            block, started = Block(), False
            continue
        started = True
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "":
            block.comments.append(value)
        elif name == "id":
            block.id = int(value)
        elif name == "event":
            block.event = value
        elif name == "data":
            block.data.append(value)
        elif name == "retry":
            block.retry = int(value)


class EventReader:
    """Read the events of one streamed response, remembering the last id seen."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.last_id: int | None = None
        self.heartbeats = 0
        self._blocks = blocks(response)

    async def next_block(self) -> Block:
        """Return the next block (the caller bounds the wait)."""
        block = await anext(self._blocks)
        if block.id is not None:
            self.last_id = block.id
        if "heartbeat" in block.comments:
            self.heartbeats += 1
        return block

    async def rest(self) -> AsyncIterator[Block]:
        """Yield the blocks until the stream ends."""
        async for block in self._blocks:
            yield block

    async def events(self, count: int) -> list[Block]:
        """Return the next ``count`` events (blocks with data), skipping the rest."""
        found: list[Block] = []
        while len(found) < count:
            block = await self.next_block()
            if block.is_event:
                found.append(block)
        return found
