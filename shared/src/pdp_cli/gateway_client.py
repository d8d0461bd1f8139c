"""Calls to the gateway, with its refusals (RFC 9457 problem+json) turned into readable errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from pdp_cli.failures import EXIT_FAILED, EXIT_NOT_FOUND, EXIT_UNREACHABLE, CliError
from pdp_cli.target import Target

API_KEY_HEADER = "X-API-Key"


@asynccontextmanager
async def gateway(target: Target) -> AsyncIterator[httpx.AsyncClient]:
    """Yield a client of the gateway that sends the target's API key (refuse without one)."""
    if not target.api_key:
        raise CliError(
            "no API key: pass --api-key or set PDP_API_KEY "
            "(`make run` prints the admin key and keeps it in var/admin-api-key)",
            exit_code=EXIT_FAILED,
        )
    async with httpx.AsyncClient(
        base_url=target.gateway_url.rstrip("/"),
        headers={API_KEY_HEADER: target.api_key, "Accept": "application/json"},
        timeout=target.timeout,
    ) as client:
        yield client


async def call(client: httpx.AsyncClient, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """Send one request; raise :class:`CliError` when the gateway is unreachable or refuses."""
    try:
        response = await client.request(method, path, **kwargs)
    except httpx.TimeoutException as exc:
        raise CliError(
            f"the gateway at {client.base_url} did not answer in time ({type(exc).__name__})",
            exit_code=EXIT_UNREACHABLE,
        ) from exc
    except httpx.TransportError as exc:
        raise CliError(
            f"cannot reach the gateway at {client.base_url}: {exc or type(exc).__name__} "
            "(is the platform running? see --gateway-url / PDP_GATEWAY_URL)",
            exit_code=EXIT_UNREACHABLE,
        ) from exc
    if response.is_error:
        raise refusal(response)
    return response


def refusal(response: httpx.Response) -> CliError:
    """Return the error to report for an error response, from its problem document if any."""
    status = response.status_code
    problem = _problem(response)
    if problem is None:
        text = response.text.strip().splitlines()[0][:200] if response.text.strip() else ""
        message = f"the gateway answered {status} {response.reason_phrase}" + (
            f": {text}" if text else ""
        )
        return CliError(message, exit_code=_exit_code(status))
    title = str(problem.get("title") or response.reason_phrase)
    detail = problem.get("detail")
    message = f"{title} ({status})" + (f": {detail}" if detail else "")
    details = [
        _field_error(error) for error in problem.get("errors") or [] if isinstance(error, dict)
    ]
    if problem.get("request_id"):
        details.append(f"request id: {problem['request_id']}")
    return CliError(message, exit_code=_exit_code(status), details=tuple(details))


def _problem(response: httpx.Response) -> dict[str, Any] | None:
    if "json" not in response.headers.get("content-type", ""):
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _field_error(error: dict[str, Any]) -> str:
    location = ".".join(str(part) for part in error.get("loc") or [])
    message = error.get("msg") or error.get("message") or error.get("detail") or ""
    return f"{location}: {message}" if location else str(message)


def _exit_code(status: int) -> int:
    if status == 404:
        return EXIT_NOT_FOUND
    if status in {502, 503, 504}:
        return EXIT_UNREACHABLE
    return EXIT_FAILED
