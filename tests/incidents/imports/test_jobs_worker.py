"""The import job worker: batches, resumption after a crash, one worker per job, large files."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from incidents.imports.jobs_worker import ImportJobWorker
from incidents.settings import IncidentsSettings
from pdp_common.db import Database, utcnow

from tests.incidents.factories import Callers
from tests.incidents.imports.test_jobs_endpoints import JOBS, spooled, submit_csv
from tests.incidents.test_imports import ACLED_ROWS, acled_csv


class Crash(BaseException):
    """Stands for the process dying: nothing below the worker catches it."""


def settings_of(app: FastAPI, **changes: Any) -> IncidentsSettings:
    """Return the app's settings with ``changes``."""
    return IncidentsSettings(**app.state.settings.model_dump() | changes)


def rows(count: int) -> list[dict[str, str]]:
    """Return ``count`` valid ACLED rows with distinct event ids."""
    return [ACLED_ROWS[0] | {"event_id_cnty": f"KGZ{n}"} for n in range(count)]


async def state_of(client: httpx.AsyncClient, callers: Callers, job_id: str) -> dict[str, Any]:
    """Return the job resource."""
    response = await client.get(f"{JOBS}/{job_id}", headers=callers.analyst)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


class TestResumption:
    async def test_a_crashed_job_is_resumed_from_its_last_batch_once_the_lease_expires(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        job = (await submit_csv(client, callers.analyst, acled_csv(rows(6)))).json()
        db: Database = app.state.platform.db

        async def crash_after_first(job_id: uuid.UUID, rows_read: int) -> None:
            raise Crash

        first = ImportJobWorker(db, settings_of(app), after_batch=crash_after_first)
        with contextlib.suppress(Crash):
            await first.run_once()
        crashed = await state_of(client, callers, job["id"])
        assert crashed["state"] == "running"
        assert crashed["progress"]["rows_read"] == 2

        second = ImportJobWorker(db, settings_of(app))
        assert not await second.run_once()  # the lease still holds
        later = utcnow() + timedelta(seconds=settings_of(app).import_job_lease_seconds + 1)
        assert await second.run_once(now=later)

        done = await state_of(client, callers, job["id"])
        assert done["state"] == "succeeded"
        assert done["attempts"] == 2
        assert done["progress"] == {"rows_read": 6, "accepted": 6, "rejected": 0, "duplicates": 0}
        count = await client.get("/api/v1/incidents/count", headers=callers.analyst)
        assert count.json() == {"count": 6}

    async def test_a_job_interrupted_too_often_fails_cleanly(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        job = (await submit_csv(client, callers.analyst, acled_csv(rows(6)))).json()
        db: Database = app.state.platform.db
        settings = settings_of(app, import_job_max_attempts=1)

        async def crash(job_id: uuid.UUID, rows_read: int) -> None:
            raise Crash

        with contextlib.suppress(Crash):
            await ImportJobWorker(db, settings, after_batch=crash).run_once()
        later = utcnow() + timedelta(seconds=settings.import_job_lease_seconds + 1)
        assert not await ImportJobWorker(db, settings).run_once(now=later)
        failed = await state_of(client, callers, job["id"])
        assert failed["state"] == "failed"
        assert "interrupted 1 times" in failed["error"]
        assert failed["progress"]["accepted"] == 2

    async def test_a_stopped_worker_hands_its_job_back(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        job = (await submit_csv(client, callers.analyst, acled_csv(rows(6)))).json()
        db: Database = app.state.platform.db
        reached = asyncio.Event()

        async def hold(job_id: uuid.UUID, rows_read: int) -> None:
            reached.set()
            await asyncio.Event().wait()

        worker = ImportJobWorker(db, settings_of(app, import_job_poll_seconds=60), after_batch=hold)
        worker.start()
        await reached.wait()
        await worker.stop()
        back = await state_of(client, callers, job["id"])
        assert back["state"] == "queued"
        assert back["progress"]["rows_read"] == 2
        assert await ImportJobWorker(db, settings_of(app)).run_once()
        done = await state_of(client, callers, job["id"])
        assert done["progress"]["accepted"] == 6


class TestOneWorkerPerJob:
    async def test_concurrent_claims_take_a_job_once(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await submit_csv(client, callers.analyst, acled_csv(rows(2)))
        settings = settings_of(app)
        async with (
            Database.for_service(settings) as one,
            Database.for_service(settings) as two,
        ):
            claims = await asyncio.gather(
                *(ImportJobWorker(db, settings).claim() for db in (one, two, one, two))
            )
        assert len([c for c in claims if c is not None]) == 1


class TestLargeFile:
    @pytest.fixture
    def job_settings(self, job_settings: dict[str, Any]) -> dict[str, Any]:
        """Let the upload be as large as the file."""
        return job_settings | {"import_job_max_bytes": 64 * 1_048_576}

    async def test_a_20k_row_file_is_imported_batch_by_batch(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers, tmp_path: Path
    ) -> None:
        source = tmp_path / "large.csv"
        source.write_text(acled_csv(rows(20_000)), encoding="utf-8")
        size = source.stat().st_size

        async def chunks() -> Any:
            with source.open("rb") as handle:
                while chunk := handle.read(1_048_576):
                    yield chunk

        response = await client.post(
            JOBS,
            content=chunks(),
            params={"origin_org": "ACLED"},
            headers=callers.analyst | {"Content-Type": "text/csv"},
        )
        assert response.status_code == 202, response.text
        job = response.json()
        assert job["size_bytes"] == size
        progress: list[int] = []

        async def seen(job_id: uuid.UUID, rows_read: int) -> None:
            progress.append(rows_read)

        settings = settings_of(app, import_job_batch_rows=5_000)
        db: Database = app.state.platform.db
        assert await ImportJobWorker(db, settings, after_batch=seen).run_once()
        assert progress == [5_000, 10_000, 15_000, 20_000]
        done = await state_of(client, callers, job["id"])
        assert done["state"] == "succeeded"
        assert done["progress"]["accepted"] == 20_000
        assert spooled(app) == []
