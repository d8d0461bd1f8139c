"""An import job through the real gateway: a CSV larger than the gateway's body limits for
requests it reads whole is streamed to the incidents service, imported by the service's own worker,
and its progress and report read back through the gateway. Real services, NATS and databases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pdp_common.identity import Clearance, Role
from pdp_common.settings import ServiceSettings
from pdp_common.testing.databases import DatabaseTarget

from tests.e2e.gateway_platform import platform
from tests.incidents.test_imports import ACLED_ROWS, acled_csv
from tests.shared.polling import eventually

JOBS = "/api/v1/incidents/imports/jobs"
ROWS = 600


class TestImportJobThroughTheGateway:
    async def test_an_upload_past_the_default_body_limit_becomes_a_finished_job(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        notes = "Protest at the Osh bazaar over market fees. " * 120
        rows = [ACLED_ROWS[0] | {"event_id_cnty": f"KGZ{n}", "notes": notes} for n in range(ROWS)]
        rows.append(ACLED_ROWS[1] | {"event_id_cnty": "KGZ-BAD"})
        body = acled_csv(rows).encode()
        assert len(body) > ServiceSettings.model_fields["max_body_bytes"].default

        # Twice the limit of the bodies the gateway reads whole: only streaming takes it through.
        async with platform(
            database, nats_url, tmp_path, import_max_body_bytes=len(body) // 2
        ) as running:
            analyst = await running.key(
                Role.ANALYST, org="UNRCCA", clearance=Clearance.CONFIDENTIAL
            )
            submitted = await running.client.post(
                JOBS,
                content=body,
                params={"origin_org": "ACLED"},
                headers=analyst | {"Content-Type": "text/csv"},
            )
            assert submitted.status_code == 202, submitted.text
            assert submitted.json()["size_bytes"] == len(body)
            location = submitted.headers["location"]
            assert location.startswith(JOBS + "/")

            async def current() -> dict[str, Any]:
                job: dict[str, Any] = (await running.client.get(location, headers=analyst)).json()
                return job

            job = await eventually(
                current, until=lambda j: j["state"] not in {"queued", "running"}, timeout=120
            )
            assert job["state"] == "succeeded", job
            assert job["progress"] == {
                "rows_read": ROWS + 1,
                "accepted": ROWS,
                "rejected": 1,
                "duplicates": 0,
            }
            report = await running.client.get(f"{location}/report", headers=analyst)
            assert report.status_code == 200, report.text
            assert [item["row"] for item in report.json()["items"]] == [ROWS + 1]

            partner = await running.key(Role.PARTNER, org="OSCE", clearance=Clearance.PUBLIC)
            hidden = await running.client.get(location, headers=partner)
            assert hidden.status_code == 404, hidden.text
