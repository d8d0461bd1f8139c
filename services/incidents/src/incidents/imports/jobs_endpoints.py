"""HTTP endpoints of import jobs: upload a file, follow the job, cancel it, read its report."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from enum import StrEnum
from typing import Annotated, cast

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import StreamingResponse
from pdp_common.csv_cells import neutralise_cell
from pdp_common.dependencies import PlatformDep, PrincipalDep, SessionDep
from pdp_common.openapi import problems
from pdp_common.platform import Platform

from incidents.errors import IncidentActionForbidden, IncidentImportInvalid, IncidentImportMediaType
from incidents.imports import jobs_reading, jobs_spool, jobs_store
from incidents.imports.endpoints import IMPORT_BODY, OriginParam
from incidents.imports.jobs_errors import (
    ImportJobFinished,
    ImportJobNotFinished,
    ImportJobNotFound,
    ImportJobTooLarge,
)
from incidents.imports.jobs_models import FINISHED
from incidents.imports.jobs_schemas import (
    ImportJobRead,
    ImportJobReport,
    ReportRow,
    ReportRowError,
)
from incidents.imports.jobs_worker import running_worker
from incidents.permissions import require_editor
from incidents.settings import IncidentsSettings

router = APIRouter(prefix="/incidents/imports/jobs", tags=["imports"])

JOBS_PATH = "/api/v1/incidents/imports/jobs"
REPORT_PAGE = 1_000
REPORT_COLUMNS = ("row", "outcome", "external_id", "reference", "field", "message")


class ReportFormat(StrEnum):
    """How the report is given: a JSON page, or every row as streamed CSV or JSON lines."""

    JSON = "json"
    CSV = "csv"
    NDJSON = "ndjson"


def _settings(platform: Platform) -> IncidentsSettings:
    return cast(IncidentsSettings, platform.settings)


@router.post(
    "",
    status_code=202,
    responses={
        202: {"description": "The file is stored and its import queued; follow Location."},
        **problems(
            IncidentActionForbidden,
            IncidentImportInvalid,
            IncidentImportMediaType,
            ImportJobTooLarge,
        ),
    },
    openapi_extra=IMPORT_BODY,
)
async def submit_import_job(
    *,
    request: Request,
    response: Response,
    principal: PrincipalDep,
    platform: PlatformDep,
    content_type: Annotated[str, Header()] = "",
    origin_org: OriginParam = None,
) -> ImportJobRead:
    """Upload an ACLED-style CSV or a JSON batch of any size up to the import job limit; it is
    streamed to disk and imported in the background with the same checks as the one-request
    import. Answers 202 with the job; follow its progress at ``Location``."""
    require_editor(principal)
    settings = _settings(platform)
    media = jobs_reading.MEDIA_TYPES.get(content_type.split(";")[0].strip().lower())
    if media is None:
        raise IncidentImportMediaType("Send text/csv (ACLED columns) or application/json.")
    directory = settings.import_job_spool()
    name, size = await jobs_spool.spool(
        request.stream(), directory, max_bytes=settings.import_job_max_bytes
    )
    try:
        jobs_reading.check_start(
            jobs_spool.spool_path(directory, name), media, whole_up_to=settings.max_body_bytes
        )
        async with platform.db.transaction() as session:
            job = await jobs_store.create(
                session,
                principal,
                media=media,
                origin_org=origin_org,
                spool_name=name,
                size_bytes=size,
            )
            read = ImportJobRead.of(job, JOBS_PATH)
    except BaseException:
        jobs_spool.remove(directory, name)
        raise
    worker = running_worker(platform)
    if worker is not None:
        worker.wake()
    response.headers["Location"] = read.links["self"]
    return read


@router.get("/{job_id}", responses=problems(ImportJobNotFound))
async def get_import_job(
    job_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> ImportJobRead:
    """Return a job's state and progress (your organization's jobs; the Centre's officers see
    every job)."""
    return ImportJobRead.of(await jobs_store.get_for(session, principal, job_id), JOBS_PATH)


async def _cancel(
    job_id: uuid.UUID, session: SessionDep, principal: PrincipalDep, platform: Platform
) -> ImportJobRead:
    job = await jobs_store.cancel(session, principal, job_id)
    jobs_spool.remove(_settings(platform).import_job_spool(), job.spool_name)
    return ImportJobRead.of(job, JOBS_PATH)


@router.post("/{job_id}/cancel", responses=problems(ImportJobNotFound, ImportJobFinished))
async def cancel_import_job(
    job_id: uuid.UUID, session: SessionDep, principal: PrincipalDep, platform: PlatformDep
) -> ImportJobRead:
    """Cancel a queued or running job. A running job stops at its next batch: the batches it
    already stored stay stored (their rows are counted in its progress and report)."""
    return await _cancel(job_id, session, principal, platform)


@router.delete("/{job_id}", responses=problems(ImportJobNotFound, ImportJobFinished))
async def delete_import_job(
    job_id: uuid.UUID, session: SessionDep, principal: PrincipalDep, platform: PlatformDep
) -> ImportJobRead:
    """Cancel a job, as ``POST .../cancel`` does (the job itself stays, to be read)."""
    return await _cancel(job_id, session, principal, platform)


@router.get(
    "/{job_id}/report",
    response_model=ImportJobReport,
    responses={
        200: {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/x-ndjson": {"schema": {"type": "string"}},
            },
            "description": "A JSON page of rejected and duplicate rows; format=csv or "
            "format=ndjson streams every such row instead.",
        },
        **problems(ImportJobNotFound, ImportJobNotFinished),
    },
)
async def import_job_report(  # noqa: PLR0917 (path, dependencies and query parameters)
    job_id: uuid.UUID,
    session: SessionDep,
    principal: PrincipalDep,
    platform: PlatformDep,
    format: Annotated[ReportFormat, Query(description="json (paged), csv or ndjson.")] = (
        ReportFormat.JSON
    ),
    after: Annotated[int, Query(ge=0, description="Rows after this row number.")] = 0,
    limit: Annotated[int, Query(ge=1, le=50_000)] = REPORT_PAGE,
) -> ImportJobReport | StreamingResponse:
    """Return a finished job's rejected rows with their reasons, and its duplicates."""
    job = await jobs_store.get_for(session, principal, job_id)
    if job.state not in FINISHED:
        raise ImportJobNotFinished(f"The import job is {job.state}; its report comes at the end.")
    if format is ReportFormat.JSON:
        limit = min(limit, _settings(platform).import_job_report_page_max)
        rows = await jobs_store.report_rows(session, job_id, after=after, limit=limit + 1)
        more = len(rows) > limit
        items = [ReportRow.of(r) for r in rows[:limit]]
        return ImportJobReport(
            job=ImportJobRead.of(job, JOBS_PATH),
            items=items,
            next_after=items[-1].row if more else None,
        )
    stream = _report_stream(platform, job_id, after, csv_format=format is ReportFormat.CSV)
    if format is ReportFormat.CSV:
        headers = {"Content-Disposition": f'attachment; filename="import-{job_id}-report.csv"'}
        return StreamingResponse(stream, media_type="text/csv; charset=utf-8", headers=headers)
    return StreamingResponse(stream, media_type="application/x-ndjson")


async def _report_stream(
    platform: Platform, job_id: uuid.UUID, after: int, *, csv_format: bool
) -> AsyncIterator[str]:
    if csv_format:
        yield _csv_lines([REPORT_COLUMNS])
    while True:
        async with platform.db.read_sessions() as session:
            rows = await jobs_store.report_rows(session, job_id, after=after, limit=REPORT_PAGE)
        if not rows:
            return
        items = [ReportRow.of(r) for r in rows]
        after = items[-1].row
        if csv_format:
            yield _csv_lines(_report_cells(items))
        else:
            yield "".join(json.dumps(i.model_dump(mode="json")) + "\n" for i in items)


def _report_cells(items: list[ReportRow]) -> Iterator[tuple[str, ...]]:
    for item in items:
        first = (str(item.row), item.outcome, item.external_id or "", item.reference or "")
        for error in item.errors or [ReportRowError(field="", message="")]:
            yield (*first, error.field, error.message)


def _csv_lines(rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(neutralise(row) for row in rows)
    return buffer.getvalue()


def neutralise(row: Sequence[str]) -> list[str]:
    """Keep a spreadsheet from reading a cell (a row's own text) as a formula."""
    return [neutralise_cell(cell) for cell in row]
