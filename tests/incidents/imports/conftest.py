"""Fixtures of the import job tests: the app with its worker driven by the test, a spool in tmp."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from incidents.main import create_app
from incidents.settings import IncidentsSettings


@pytest.fixture
def job_settings(service_settings: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """Return the service's settings with a spool in tmp, small batches and no worker of its
    own (tests run workers themselves, so they know when a job moves)."""
    return service_settings | {
        "import_job_spool_dir": tmp_path / "spool",
        "import_job_batch_rows": 2,
        "import_job_worker_enabled": False,
        "import_job_max_bytes": 64_000,
    }


@pytest.fixture
def app(job_settings: dict[str, Any]) -> FastAPI:
    """Return the incidents app on the database under test."""
    return create_app(IncidentsSettings(**job_settings))
