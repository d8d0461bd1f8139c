"""Upload files of import jobs, streamed to the spool directory a chunk at a time.

A body is never held whole in memory: each chunk the server receives is written to a ``.part``
file and counted; past ``max_bytes`` the part file is removed and the upload refused with 413.
A complete upload is renamed to its final name, which the job row records. The spool directory
must be shared by every replica that runs the import worker (a shared volume), since any of them
may take a job.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from incidents.imports.jobs_errors import ImportJobTooLarge

SUFFIX = ".upload"
PART_SUFFIX = ".part"


def spool_path(directory: Path, name: str) -> Path:
    """Return the path of the spooled file ``name`` (a name this module made)."""
    return directory / name


async def spool(
    chunks: AsyncIterator[bytes], directory: Path, *, max_bytes: int
) -> tuple[str, int]:
    """Write ``chunks`` to a new file in ``directory``; return its name and size in bytes.

    Raise :class:`ImportJobTooLarge` as soon as the bytes written pass ``max_bytes``; on that or
    any other failure (a client gone mid-upload) the partial file is removed."""
    await asyncio.to_thread(directory.mkdir, parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}{SUFFIX}"
    part = directory / (name + PART_SUFFIX)
    size = 0
    handle = await asyncio.to_thread(part.open, "xb")
    try:
        try:
            async for chunk in chunks:
                if not chunk:
                    continue
                size += len(chunk)
                if size > max_bytes:
                    raise ImportJobTooLarge(
                        f"An import file holds at most {max_bytes} bytes; split it."
                    )
                await asyncio.to_thread(handle.write, chunk)
        finally:
            await asyncio.to_thread(handle.close)
        await asyncio.to_thread(part.rename, directory / name)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise
    return name, size


def remove(directory: Path, name: str) -> None:
    """Remove a spooled file (gone already is fine)."""
    with contextlib.suppress(OSError):
        spool_path(directory, name).unlink()
