"""Import jobs over HTTP: submit, follow, report, cancel, ownership and the size limit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from incidents.imports.jobs_worker import ImportJobWorker
from incidents.settings import IncidentsSettings
from pdp_common.identity import Clearance, Role

from tests.incidents.factories import Callers, incident_payload
from tests.incidents.test_imports import ACLED_ROWS, acled_csv

JOBS = "/api/v1/incidents/imports/jobs"


def worker(app: FastAPI) -> ImportJobWorker:
    """Return a worker on the app's database, as a replica would run it."""
    platform = app.state.platform
    return ImportJobWorker(platform.db, IncidentsSettings(**_settings(app)))


def _settings(app: FastAPI) -> dict[str, Any]:
    settings: dict[str, Any] = app.state.settings.model_dump()
    return settings


async def submit_csv(
    client: httpx.AsyncClient, headers: dict[str, str], text: str
) -> httpx.Response:
    """Upload a CSV as a job."""
    return await client.post(
        JOBS,
        content=text.encode(),
        params={"origin_org": "ACLED"},
        headers=headers | {"Content-Type": "text/csv"},
    )


def spooled(app: FastAPI) -> list[Path]:
    """Return the files in the spool directory."""
    directory: Path = app.state.settings.import_job_spool()
    return sorted(directory.iterdir()) if directory.exists() else []


class TestSubmit:
    async def test_a_csv_job_runs_to_success_with_counts_and_report(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await submit_csv(client, callers.analyst, acled_csv(ACLED_ROWS))
        assert response.status_code == 202, response.text
        job = response.json()
        assert response.headers["location"] == f"{JOBS}/{job['id']}"
        assert job["state"] == "queued"
        assert job["progress"] == {"rows_read": 0, "accepted": 0, "rejected": 0, "duplicates": 0}
        early = await client.get(f"{JOBS}/{job['id']}/report", headers=callers.analyst)
        assert early.status_code == 409, early.text

        assert await worker(app).run_once()

        done = (await client.get(response.headers["location"], headers=callers.analyst)).json()
        assert done["state"] == "succeeded"
        assert done["progress"] == {"rows_read": 4, "accepted": 1, "rejected": 2, "duplicates": 1}
        assert spooled(app) == []
        report = await client.get(f"{JOBS}/{job['id']}/report", headers=callers.analyst)
        assert report.status_code == 200, report.text
        items = {i["row"]: i for i in report.json()["items"]}
        assert sorted(items) == [2, 3, 4]
        assert items[2]["errors"][0]["field"] == "sub_event_type"
        assert "outside" in items[3]["errors"][0]["message"]
        assert items[4]["outcome"] == "duplicate"
        count = await client.get("/api/v1/incidents/count", headers=callers.analyst)
        assert count.json() == {"count": 1}

    async def test_the_report_pages_and_streams_as_csv(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        job = (await submit_csv(client, callers.analyst, acled_csv(ACLED_ROWS))).json()
        await worker(app).run_once()
        base = f"{JOBS}/{job['id']}/report"
        first = (await client.get(base, params={"limit": 2}, headers=callers.analyst)).json()
        assert [i["row"] for i in first["items"]] == [2, 3]
        rest = await client.get(
            base, params={"limit": 2, "after": first["next_after"]}, headers=callers.analyst
        )
        assert [i["row"] for i in rest.json()["items"]] == [4]
        assert rest.json()["next_after"] is None
        as_csv = await client.get(base, params={"format": "csv"}, headers=callers.analyst)
        assert as_csv.headers["content-type"].startswith("text/csv")
        lines = as_csv.text.splitlines()
        assert lines[0] == "row,outcome,external_id,reference,field,message"
        assert [line.split(",")[0] for line in lines[1:]] == ["2", "3", "4"]

    async def test_a_json_job_takes_the_batch_the_import_takes(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        batch = {"incidents": [incident_payload(), {"title": "incomplete"}, incident_payload()]}
        response = await client.post(JOBS, json=batch, headers=callers.analyst)
        assert response.status_code == 202, response.text
        await worker(app).run_once()
        job = (await client.get(response.headers["location"], headers=callers.analyst)).json()
        assert job["state"] == "succeeded"
        assert job["progress"]["accepted"] == 2
        assert job["progress"]["rejected"] == 1

    async def test_a_file_that_is_no_import_is_refused_and_not_kept(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await submit_csv(client, callers.analyst, "a,b\n1,2\n")
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert spooled(app) == []

    async def test_a_json_body_that_is_no_batch_gets_the_platform_answer(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await client.post(
            JOBS,
            content=b'{"title": "a\\u0000b"}',
            headers=callers.analyst | {"Content-Type": "application/json"},
        )
        assert response.status_code == 400, response.text
        assert response.json()["type"] == "/problems/malformed-body"
        assert spooled(app) == []

    async def test_a_viewer_may_not_submit(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await submit_csv(client, callers.viewer, acled_csv(ACLED_ROWS))
        assert response.status_code == 403, response.text


class TestLargeJSON:
    @pytest.fixture
    def job_settings(self, job_settings: dict[str, Any]) -> dict[str, Any]:
        """Let the upload be a few megabytes."""
        return job_settings | {"import_job_max_bytes": 16 * 1_048_576}

    async def test_a_json_job_may_hold_more_than_a_request_body_may(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        body = json.dumps({"incidents": [incident_payload()] * 5_000}).encode()
        refused = await client.post(
            "/api/v1/incidents",
            content=body,
            headers=callers.analyst | {"Content-Type": "application/json"},
        )
        assert refused.json()["type"] == "/problems/body-too-complex", refused.text
        response = await client.post(
            JOBS, content=body, headers=callers.analyst | {"Content-Type": "application/json"}
        )
        assert response.status_code == 202, response.text


class TestSizeLimit:
    async def test_an_oversized_upload_is_refused_with_nothing_kept(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        rows = [ACLED_ROWS[0] | {"event_id_cnty": f"KGZ{n}"} for n in range(500)]
        text = acled_csv(rows)
        assert len(text.encode()) > 64_000

        async def chunks() -> Any:
            data = text.encode()
            for start in range(0, len(data), 8_192):
                yield data[start : start + 8_192]

        response = await client.post(
            JOBS, content=chunks(), headers=callers.analyst | {"Content-Type": "text/csv"}
        )
        assert response.status_code == 413, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert spooled(app) == []
        assert not await worker(app).run_once()

    async def test_a_declared_oversized_upload_is_refused_before_reading(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await submit_csv(client, callers.analyst, "x" * 64_001)
        assert response.status_code == 413, response.text
        assert spooled(app) == []

    async def test_other_routes_keep_the_service_limit(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        big = "x" * (16 * 1_048_576 + 1)
        response = await client.post(
            "/api/v1/incidents/imports",
            content=big,
            headers=callers.analyst | {"Content-Type": "text/csv"},
        )
        assert response.status_code == 413


class TestOwnership:
    async def test_another_organization_sees_and_cancels_nothing(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        osce = callers.headers(org="OSCE", roles=(Role.SYSTEM,), clearance=Clearance.CONFIDENTIAL)
        job = (await submit_csv(client, callers.analyst, acled_csv(ACLED_ROWS))).json()
        for method, path in (
            ("GET", f"{JOBS}/{job['id']}"),
            ("GET", f"{JOBS}/{job['id']}/report"),
            ("POST", f"{JOBS}/{job['id']}/cancel"),
            ("DELETE", f"{JOBS}/{job['id']}"),
        ):
            response = await client.request(method, path, headers=osce)
            assert response.status_code == 404, (method, path, response.text)
        still = await client.get(f"{JOBS}/{job['id']}", headers=callers.analyst)
        assert still.json()["state"] == "queued"

    async def test_a_centre_officer_sees_a_partner_job(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        osce = callers.headers(org="OSCE", roles=(Role.SYSTEM,), clearance=Clearance.CONFIDENTIAL)
        batch = {"incidents": [incident_payload()]}
        job = (await client.post(JOBS, json=batch, headers=osce)).json()
        seen = await client.get(f"{JOBS}/{job['id']}", headers=callers.officer)
        assert seen.status_code == 200, seen.text
        assert seen.json()["org"] == "OSCE"
        partner = callers.partner("CSTO")
        assert (await client.get(f"{JOBS}/{job['id']}", headers=partner)).status_code == 404


class TestCancel:
    async def test_a_queued_job_is_cancelled_and_never_runs(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        job = (await submit_csv(client, callers.analyst, acled_csv(ACLED_ROWS))).json()
        cancelled = await client.post(f"{JOBS}/{job['id']}/cancel", headers=callers.analyst)
        assert cancelled.status_code == 200, cancelled.text
        assert cancelled.json()["state"] == "cancelled"
        assert spooled(app) == []
        assert not await worker(app).run_once()
        again = await client.delete(f"{JOBS}/{job['id']}", headers=callers.analyst)
        assert again.status_code == 409, again.text

    async def test_a_running_job_stops_at_the_next_batch_keeping_stored_ones(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        rows = [ACLED_ROWS[0] | {"event_id_cnty": f"KGZ{n}"} for n in range(6)]
        job = (await submit_csv(client, callers.analyst, acled_csv(rows))).json()
        platform = app.state.platform

        async def cancel_after_first(job_id: Any, rows_read: int) -> None:
            if rows_read == 2:
                response = await client.delete(f"{JOBS}/{job_id}", headers=callers.analyst)
                assert response.status_code == 200, response.text

        runner = ImportJobWorker(
            platform.db, IncidentsSettings(**_settings(app)), after_batch=cancel_after_first
        )
        assert await runner.run_once()
        done = (await client.get(f"{JOBS}/{job['id']}", headers=callers.analyst)).json()
        assert done["state"] == "cancelled"
        assert done["progress"]["rows_read"] == 2
        assert done["progress"]["accepted"] == 2
        count = await client.get("/api/v1/incidents/count", headers=callers.analyst)
        assert count.json() == {"count": 2}
