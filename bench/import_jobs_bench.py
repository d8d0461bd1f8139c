"""Import jobs: a large JSON file imported by the background worker, on SQLite and PostgreSQL.

A file of ``ROWS`` generated incidents (``{"incidents": [...]}``, each with its ACLED origin) is
written to a spool directory a few thousand rows at a time, queued as a job through
``incidents.imports.jobs_store.create`` and run to the end by one
``incidents.imports.jobs_worker.ImportJobWorker`` with the service's default batch of
``import_job_batch_rows`` rows per transaction (reading the file lazily, the existing import
pipeline for each batch, the job's progress committed with it). Figures: rows imported per second
(wall clock, ``per_s``), this process's CPU time per row (``cpu_us``) and its peak resident memory
while the job ran (``peak_rss_mb``, the kernel's high-water mark, reset just before the job), which
stays flat however large the file is, since only one batch is in memory.
"""

from __future__ import annotations

import gc
import json
import random
import time
from pathlib import Path

from incidents.imports import jobs_store
from incidents.imports.jobs_models import ImportJob
from incidents.imports.jobs_worker import ImportJobWorker
from incidents.settings import IncidentsSettings
from pdp_common.db import Database

from bench.harness import BenchContext, Result, Target
from bench.incidents_data import PRINCIPAL, check_generator, migrated, payload

ROWS = 200_000
WRITE_ROWS = 5_000
DISTINCT = 1_000
BATCH = IncidentsSettings.model_fields["import_job_batch_rows"].default


def write_file(path: Path, count: int, seed: int) -> int:
    """Write ``count`` incidents as a JSON batch to ``path``, a few thousand rows at a time;
    return its size. ``DISTINCT`` generated incidents are repeated with their own titles and
    ACLED event ids (generating each one would take far longer than importing it)."""
    rng = random.Random(seed)
    models = [payload(rng, n).model_dump(mode="json") for n in range(DISTINCT)]
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"incidents": [\n')
        for start in range(0, count, WRITE_ROWS):
            rows = []
            for n in range(start, min(count, start + WRITE_ROWS)):
                row = models[n % DISTINCT] | {"title": f"Generated incident {n}"}
                row["origin"] = {"org": "ACLED", "external_id": f"{row['country']}{seed}{n:07d}"}
                rows.append(json.dumps(row, ensure_ascii=False))
            handle.write(("," if start else "") + ",\n".join(rows))
        handle.write("\n]}\n")
    return path.stat().st_size


def _peak_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak_rss() -> None:
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
        clear.write("5")


async def _run_job(db: Database, spool: Path, count: int) -> dict[str, float]:
    name = f"bench-{count}.upload"
    size = write_file(spool / name, count, seed=7)
    settings = IncidentsSettings(import_job_spool_dir=spool, nats_enabled=False)
    async with db.transaction() as session:
        job_id = (
            await jobs_store.create(
                session, PRINCIPAL, media="json", origin_org=None, spool_name=name, size_bytes=size
            )
        ).id
    worker = ImportJobWorker(db, settings)
    gc.collect()
    _reset_peak_rss()
    rss_before = _peak_rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    assert await worker.run_once()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    async with db.sessions() as session:
        job = await session.get(ImportJob, job_id)
        assert job is not None, job_id
        assert job.accepted == count, (job.state, job.error, job.accepted)
    return {
        "per_s": count / elapsed,
        "cpu_us": cpu / count * 1e6,
        "peak_rss_mb": _peak_rss_mb(),
        "rss_before_mb": rss_before,
        "file_mb": size / 1_048_576,
    }


async def run(ctx: BenchContext) -> list[Result]:
    """Import a ``ROWS``-row file as a job on every backend."""
    check_generator()
    count = ctx.pick(ROWS, 10_000)
    results: list[Result] = []
    for backend in ctx.backends:
        async with migrated(ctx, backend, "import_jobs") as db:
            spool = ctx.work_dir / f"import-jobs-{backend}"
            spool.mkdir(parents=True, exist_ok=True)
            ctx.log(f"import_jobs/{backend}: a {count}-row JSON file as one job")
            values = await _run_job(db, spool, count)
        rate = 10_000 if backend == "postgres" else 3_000
        results += [
            Result(
                "job_rows",
                backend,
                {k: values[k] for k in ("per_s", "cpu_us", "file_mb")},
                Target("per_s", rate, "at_least"),
                {"rows": count, "batch_rows": BATCH},
            ),
            Result(
                "job_memory",
                backend,
                {k: values[k] for k in ("peak_rss_mb", "rss_before_mb")},
                Target("peak_rss_mb", 400, "at_most"),
                {"rows": count, "batch_rows": BATCH},
            ),
        ]
    return results
