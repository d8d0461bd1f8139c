"""Fill an incidents database fast: generated incidents through the bulk storage path, then copies
of them made in SQL (new ids, references and times) up to the size wanted."""

from __future__ import annotations

import random
import time

from incidents.imports.storing import store_new
from incidents.models import incidents_table
from pdp_common.db import Database
from sqlalchemy import text

from bench.incidents_data import PRINCIPAL, SPAN_MINUTES, payload

BATCH = 5_000


async def fill(db: Database, total: int, seed: int) -> dict[str, float]:
    """Store ``total`` generated incidents through the bulk storage path, in batches."""
    rng = random.Random(seed)
    stored, elapsed, cpu = 0, 0.0, 0.0
    while stored < total:
        batch = [payload(rng, stored + n) for n in range(min(BATCH, total - stored))]
        started, cpu_started = time.perf_counter(), time.process_time()
        async with db.transaction() as session:
            await store_new(session, PRINCIPAL, batch)
        elapsed += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
        stored += len(batch)
    return {"per_s": total / elapsed, "cpu_us": cpu / total * 1e6}


CLONED = {
    "postgres": {
        "id": "gen_random_uuid()",
        "reference": "'INC-' || country || '-' || (3000 + :generation) || '-' "
        "|| right(reference, 6)",
        "created_by": "'bench-clone'",
        "occurred_at": "timestamptz '2025-01-01 00:00:00+00' "
        f"+ floor(random() * {SPAN_MINUTES}) * interval '1 minute'",
    },
    "sqlite": {
        "id": "lower(hex(randomblob(16)))",
        "reference": "'INC-' || country || '-' || (3000 + :generation) || '-' "
        "|| substr(reference, -6)",
        "created_by": "'bench-clone'",
        "occurred_at": "strftime('%Y-%m-%d %H:%M:%S', '2025-01-01', "
        f"'+' || (abs(random()) % {SPAN_MINUTES}) || ' minutes') || '.000000'",
    },
}


async def clone(db: Database, backend: str, total: int, generation: int) -> dict[str, float]:
    """Add ``total`` copies of stored incidents (new ids, references and times), in SQL."""
    columns = [c.key for c in incidents_table.columns]
    computed = CLONED[backend]
    select_list = ", ".join(computed.get(c, c) for c in columns)
    started = time.perf_counter()
    added = 0
    # The originals come first: in rowid order on SQLite, by id (UUIDv7, older) on PostgreSQL.
    originals = "ORDER BY rowid" if backend == "sqlite" else "WHERE created_by <> 'bench-clone'"
    while added < total:
        size = min(50_000, total - added)
        sql = (
            f"INSERT INTO incidents ({', '.join(columns)}) SELECT {select_list} FROM incidents "
            f"{originals} LIMIT {size}"
        )
        async with db.transaction() as session:
            if backend == "sqlite":  # a page cache for the indexes of a 1M-row table
                await session.execute(text("PRAGMA cache_size = -262144"))
            await session.execute(text(sql), {"generation": generation})
        added += size
        generation += 100
    return {"per_s": total / (time.perf_counter() - started)}
