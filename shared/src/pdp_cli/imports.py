"""``pdp imports``: start an incident import job, watch its progress, cancel it, read its report.

The file is streamed to the gateway (``POST /api/v1/incidents/imports/jobs``), which answers 202
with the job and its ``Location``; the incidents service imports it in the background.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from pdp_cli.failures import EXIT_FAILED, EXIT_USAGE, CliError, report, run
from pdp_cli.gateway_client import call, gateway
from pdp_cli.output import JsonOption, emit_fields, emit_json, emit_table, note
from pdp_cli.target import Target, target_of

app = typer.Typer(name="imports", help="Start, watch and cancel incident import jobs.")

JOBS = "/api/v1/incidents/imports/jobs"
FINISHED = frozenset({"succeeded", "failed", "cancelled"})
CHUNK = 256 * 1024


class FileFormat(StrEnum):
    """What the file holds."""

    CSV = "csv"
    JSON = "json"


MEDIA_TYPES = {FileFormat.CSV: "text/csv", FileFormat.JSON: "application/json"}

JobArgument = Annotated[
    str, typer.Argument(metavar="JOB", help="Job id, or its Location (path or URL).")
]
IntervalOption = Annotated[
    float, typer.Option(min=0.1, help="Seconds between two looks at the job.")
]
TimeoutOption = Annotated[
    float, typer.Option(min=1, help="Give up watching after this many seconds.")
]


def job_path(job: str) -> str:
    """Return the gateway path of a job named by its id or its Location."""
    job_id = job.rstrip("/").rsplit("/", 1)[-1]
    if not job_id or any(c not in "0123456789abcdefABCDEF-" for c in job_id):
        raise CliError(f"not a job id or Location: {job!r}", exit_code=EXIT_USAGE)
    return f"{JOBS}/{job_id}"


@app.command("start")
def start_import(
    ctx: typer.Context,
    *,
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="CSV or JSON file.")
    ],
    file_format: Annotated[
        FileFormat | None,
        typer.Option("--format", help="csv (ACLED columns) or json; default: from the suffix."),
    ] = None,
    origin_org: Annotated[
        str | None, typer.Option(help="Organization the records come from, e.g. ACLED.")
    ] = None,
    watch: Annotated[bool, typer.Option(help="Then watch the job until it ends.")] = False,
    interval: IntervalOption = 1.0,
    timeout: TimeoutOption = 3600.0,
    json_output: JsonOption = False,
) -> None:
    """Upload a file as an import job (202 + Location); with --watch, follow it to the end."""
    chosen = file_format or _format_of(file)
    job = run(_start(target_of(ctx), file, MEDIA_TYPES[chosen], origin_org))
    _print_job(job, json_output=json_output)
    if watch:
        _watch_to_end(ctx, job["links"]["self"], interval, timeout, json_output=json_output)
    elif not json_output:
        note(f"follow it with: pdp imports watch {job['id']}")


def _format_of(file: Path) -> FileFormat:
    suffix = file.suffix.lower().lstrip(".")
    if suffix in {f.value for f in FileFormat}:
        return FileFormat(suffix)
    raise typer.BadParameter(f"cannot tell the format of {file.name}: give --format csv|json")


async def _chunks(file: Path) -> AsyncIterator[bytes]:
    with file.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            yield chunk


async def _start(
    target: Target, file: Path, media_type: str, origin_org: str | None
) -> dict[str, Any]:
    params = {"origin_org": origin_org} if origin_org else {}
    headers = {"Content-Type": media_type}
    async with gateway(target) as client:
        response = await call(
            client, "POST", JOBS, content=_chunks(file), params=params, headers=headers
        )
    job: dict[str, Any] = response.json()
    return job


@app.command("watch")
def watch_import(
    ctx: typer.Context,
    job: JobArgument,
    *,
    interval: IntervalOption = 1.0,
    timeout: TimeoutOption = 3600.0,
    json_output: JsonOption = False,
) -> None:
    """Follow a job's progress until it ends; exit 0 when it succeeded, 1 otherwise."""
    _watch_to_end(ctx, job_path(job), interval, timeout, json_output=json_output)


def _watch_to_end(
    ctx: typer.Context, path: str, interval: float, timeout: float, *, json_output: bool
) -> None:
    final = run(_watch(target_of(ctx), path, interval, timeout, json_output=json_output))
    if not json_output:
        _print_job(final, json_output=False)
    if final["state"] != "succeeded":
        reason = f": {final['error']}" if final.get("error") else ""
        report(CliError(f"import job {final['id']} {final['state']}{reason}"))
        raise typer.Exit(code=EXIT_FAILED)


async def _watch(
    target: Target, path: str, interval: float, timeout: float, *, json_output: bool
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    last: tuple[Any, ...] | None = None
    async with gateway(target) as client:
        while True:
            job: dict[str, Any] = (await call(client, "GET", path)).json()
            seen = (job["state"], tuple(job["progress"].values()))
            if seen != last:
                last = seen
                if json_output:
                    emit_json(job)
                else:
                    note(_progress_line(job))
            if job["state"] in FINISHED:
                return job
            if time.monotonic() > deadline:
                raise CliError(
                    f"import job {job['id']} still {job['state']} after {timeout:.0f} s; "
                    "it goes on: watch it again later",
                    exit_code=EXIT_FAILED,
                )
            await asyncio.sleep(interval)


def _progress_line(job: dict[str, Any]) -> str:
    p = job["progress"]
    return (
        f"{job['state']}: {p['rows_read']} rows read, {p['accepted']} accepted, "
        f"{p['rejected']} rejected, {p['duplicates']} duplicates"
    )


@app.command("cancel")
def cancel_import(ctx: typer.Context, job: JobArgument, json_output: JsonOption = False) -> None:
    """Cancel a queued or running job (rows already stored stay stored)."""
    cancelled = run(_post(target_of(ctx), job_path(job) + "/cancel"))
    _print_job(cancelled, json_output=json_output)


async def _post(target: Target, path: str) -> dict[str, Any]:
    async with gateway(target) as client:
        document: dict[str, Any] = (await call(client, "POST", path)).json()
    return document


@app.command("report")
def import_report(
    ctx: typer.Context,
    job: JobArgument,
    limit: Annotated[int, typer.Option(min=1, max=50_000, help="At most this many rows.")] = 1000,
    json_output: JsonOption = False,
) -> None:
    """Show a finished job's rejected and duplicate rows with their reasons."""
    rows = run(_report(target_of(ctx), job_path(job), limit))
    if json_output:
        emit_json(rows)
        return
    emit_table(
        ("row", "outcome", "external id", "reference", "errors"),
        (
            (
                r["row"], r["outcome"], r["external_id"], r["reference"],
                "; ".join(f"{e['field']}: {e['message']}" for e in r["errors"]),
            )
            for r in rows
        ),
    )  # fmt: skip


async def _report(target: Target, path: str, limit: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    params: dict[str, Any] = {"after": 0}
    async with gateway(target) as client:
        while len(rows) < limit:
            params["limit"] = min(1000, limit - len(rows))
            page = (await call(client, "GET", path + "/report", params=params)).json()
            rows += page["items"]
            if page.get("next_after") is None:
                break
            params["after"] = page["next_after"]
    return rows


def _print_job(job: dict[str, Any], *, json_output: bool) -> None:
    if json_output:
        emit_json(job)
        return
    progress = job["progress"]
    emit_fields(
        [
            ("job", job["id"]),
            ("state", job["state"]),
            ("file", f"{job['media_type']}, {job['size_bytes']} bytes"),
            ("rows read", progress["rows_read"]),
            ("accepted", progress["accepted"]),
            ("rejected", progress["rejected"]),
            ("duplicates", progress["duplicates"]),
            ("error", job.get("error")),
            ("location", job["links"]["self"]),
        ]
    )
