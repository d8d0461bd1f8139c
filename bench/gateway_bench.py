"""The gateway's cost: an authenticated read through the gateway against the same read sent
straight to the service, in one run.

Three processes on loopback: a small upstream service (``python -m bench.gateway_bench upstream``;
it verifies the gateway-signed identity like every service and answers a ~1 KB incident), the real
gateway (``python -m gateway serve``, default settings but a rate limit out of the way) and this
load generator (aiohttp). Figures:

- ``gateway.added_latency``: p50 / p99 of sequential reads (one in flight), alternating between
  the gateway and the service; ``added_p50_ms`` / ``added_p99_ms`` are the differences (target:
  <= 1 ms at p50).
- ``gateway.throughput``: requests per second of a closed loop with 32 in flight, direct then via
  the gateway, in alternating rounds; ``throughput_ratio`` = gateway / direct (target: >= 0.5).

The caller is an analyst API key of internal clearance (a read the audit trail does not record);
the gateway's database (SQLite, or the first backend asked for) only serves the cached key lookups.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import aiohttp
import uvicorn
from fastapi import Depends, FastAPI, Header, HTTPException, Request
from pdp_common.identity import (
    Clearance,
    IdentityError,
    IdentitySigner,
    IdentityVerifier,
    Principal,
    Role,
    load_private_key,
    load_public_key,
)

from bench.credentials import identity_keys, issue_api_key
from bench.harness import BenchContext, Result, Target

CONCURRENCY = 32
INCIDENT_ID = "0193a0c4-0000-7000-8000-000000000001"
READ_PATH = f"/api/v1/incidents/{INCIDENT_ID}"


BENCH_KEY = {
    "name": "bench analyst",
    "org": "UNRCCA",
    "roles": ["analyst"],
    "clearance": "internal",
}
"""The API key the gateway benchmark calls with."""


@dataclass(frozen=True)
class Endpoint:
    """Where to send the read and with which headers."""

    base_url: str
    headers: dict[str, str]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _wait_ready(url: str, process: asyncio.subprocess.Process, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise RuntimeError(f"{url} exited with {process.returncode}")
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not become ready")


@asynccontextmanager
async def _process(args: list[str], env: dict[str, str], ready_url: str) -> AsyncIterator[None]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, *args, env=os.environ | env, stdout=asyncio.subprocess.DEVNULL
    )
    try:
        await _wait_ready(ready_url, process)
        yield
    finally:
        if process.returncode is None:
            process.terminate()
            await process.wait()


async def _alternating(
    direct: Endpoint, via: Endpoint, count: int
) -> tuple[list[float], list[float]]:
    """Time ``count`` sequential reads each way, alternating, so both see the same machine."""
    timings: tuple[list[float], list[float]] = ([], [])
    async with (
        aiohttp.ClientSession(headers=direct.headers) as direct_session,
        aiohttp.ClientSession(headers=via.headers) as via_session,
    ):
        for _ in range(count):
            for index, (session, endpoint) in enumerate(
                ((direct_session, direct), (via_session, via))
            ):
                started = time.perf_counter()
                async with session.get(endpoint.base_url + READ_PATH) as response:
                    await response.read()
                    if response.status != 200:
                        raise RuntimeError(f"read failed: {response.status}")
                timings[index].append((time.perf_counter() - started) * 1000)
    return timings


async def _closed_loop(endpoint: Endpoint, seconds: float) -> float:
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    done = 0
    async with aiohttp.ClientSession(headers=endpoint.headers, connector=connector) as session:
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < deadline:
                async with session.get(endpoint.base_url + READ_PATH) as response:
                    await response.read()
                    if response.status != 200:
                        raise RuntimeError(f"read failed: {response.status}")
                done += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - started
    return done / elapsed


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _latency_result(direct: list[float], via: list[float], backend: str) -> Result:
    d50, d99 = _percentile(direct, 0.5), _percentile(direct, 0.99)
    g50, g99 = _percentile(via, 0.5), _percentile(via, 0.99)
    values = {
        "direct_p50_ms": d50,
        "direct_p99_ms": d99,
        "gateway_p50_ms": g50,
        "gateway_p99_ms": g99,
        "added_p50_ms": g50 - d50,
        "added_p99_ms": g99 - d99,
        "gateway_mean_ms": statistics.fmean(via),
        "count": float(len(via)),
    }
    return Result(
        name="gateway.added_latency",
        backend=backend,
        values=values,
        target=Target("added_p50_ms", 1.0),
        params={"requests": len(via), "in_flight": 1, "read": READ_PATH},
    )


def _throughput_result(
    direct: list[float], via: list[float], seconds: float, backend: str
) -> Result:
    direct_rps, via_rps = statistics.fmean(direct), statistics.fmean(via)
    return Result(
        name="gateway.throughput",
        backend=backend,
        values={
            "direct_rps": direct_rps,
            "gateway_rps": via_rps,
            "throughput_ratio": via_rps / direct_rps,
        },
        target=Target("throughput_ratio", 0.5, "at_least"),
        params={
            "duration_s": seconds,
            "rounds": len(via),
            "in_flight": CONCURRENCY,
            "read": READ_PATH,
        },
    )


async def _measure(
    ctx: BenchContext, direct: Endpoint, via: Endpoint, backend: str
) -> list[Result]:
    count, seconds, rounds = ctx.pick(3000, 300), ctx.pick(4.0, 1.0), ctx.pick(2, 1)
    await _alternating(direct, via, count // 10)
    direct_lat, via_lat = await _alternating(direct, via, count)
    await _closed_loop(via, seconds / 4)
    direct_rates, via_rates = [], []
    for _ in range(rounds):
        direct_rates.append(await _closed_loop(direct, seconds))
        via_rates.append(await _closed_loop(via, seconds))
    return [
        _latency_result(direct_lat, via_lat, backend),
        _throughput_result(direct_rates, via_rates, seconds, backend),
    ]


async def run(ctx: BenchContext) -> list[Result]:
    """Measure the gateway's added latency and relative throughput for an authenticated read."""
    ctx.work_dir.mkdir(parents=True, exist_ok=True)
    private, public = identity_keys(ctx.work_dir)
    upstream_port, gateway_port = _free_port(), _free_port()
    upstream_url = f"http://127.0.0.1:{upstream_port}"
    gateway_url = f"http://127.0.0.1:{gateway_port}"
    admin_key = "pdp_bench-admin-" + os.urandom(16).hex()
    backend = "sqlite" if "sqlite" in ctx.backends else ctx.backends[0]
    async with ctx.database(backend, "gateway_bench") as target:
        gateway_env = {
            "PDP_GATEWAY_PORT": str(gateway_port),
            "PDP_GATEWAY_DATABASE_URL": target.url,
            "PDP_GATEWAY_INCIDENTS_URL": upstream_url,
            "PDP_GATEWAY_IDENTITY_PRIVATE_KEY_FILE": str(private),
            "PDP_GATEWAY_RATE_LIMIT_PER_SECOND": "1000000",
            "PDP_GATEWAY_RATE_LIMIT_BURST": "1000000",
            "PDP_GATEWAY_LOG_LEVEL": "WARNING",
            "PDP_BOOTSTRAP_ADMIN_KEY": admin_key,
        }
        if target.schema:
            gateway_env["PDP_GATEWAY_DATABASE_SCHEMA"] = target.schema
        upstream_args = ["-m", "bench.gateway_bench", str(upstream_port), str(public)]
        async with (
            _process(upstream_args, {}, f"{upstream_url}/readyz"),
            _process(["-m", "gateway", "serve"], gateway_env, f"{gateway_url}/livez"),
        ):
            api_key = await issue_api_key(gateway_url, admin_key, BENCH_KEY)
            identity = _direct_identity(private)
            direct = Endpoint(upstream_url, {"X-PDP-Identity": identity})
            via = Endpoint(gateway_url, {"X-API-Key": api_key})
            return await _measure(ctx, direct, via, backend)


def _direct_identity(private: Path) -> str:
    signer = IdentitySigner(load_private_key(private.read_bytes()), ttl_seconds=3600)
    principal = Principal(
        subject="bench",
        org="UNRCCA",
        roles=frozenset({Role.ANALYST}),
        clearance=Clearance.INTERNAL,
        credential="bench",
    )
    return signer.sign(principal)


def _caller(request: Request, x_pdp_identity: Annotated[str | None, Header()] = None) -> Principal:
    verifier: IdentityVerifier = request.app.state.verifier
    try:
        return verifier.verify(x_pdp_identity)
    except IdentityError as exc:
        raise HTTPException(status_code=401) from exc


CallerDep = Annotated[Principal, Depends(_caller)]


def upstream_app(public_pem: bytes) -> FastAPI:
    """Return the bench's upstream: one identity-checked read of a ~1 KB incident."""
    app = FastAPI()
    app.state.verifier = IdentityVerifier(load_public_key(public_pem))
    incident: dict[str, Any] = {
        "id": INCIDENT_ID,
        "title": "Water distribution dispute at the Isfara river crossing",
        "summary": "Residents of two border villages blocked the canal gates. " * 10,
        "country": "KGZ",
        "category": "water_energy_dispute",
        "severity": 3,
        "sensitivity": "internal",
        "status": "verified",
        "casualties": {"best": 0, "low": 0, "high": 2},
    }

    @app.get("/readyz")
    async def read_readiness() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/v1/incidents/{incident_id}")
    async def read_incident(incident_id: str, caller: CallerDep) -> dict[str, Any]:
        return incident | {"id": incident_id, "read_by": caller.org}

    return app


def _serve_upstream(port: int, public_key_file: Path) -> None:
    uvicorn.run(
        upstream_app(public_key_file.read_bytes()),
        host="127.0.0.1",
        port=port,
        access_log=False,
        log_level="warning",
    )


if __name__ == "__main__":
    _serve_upstream(int(sys.argv[1]), Path(sys.argv[2]))
