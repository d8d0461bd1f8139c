"""``pdp keys``: issue, list and revoke API keys through the gateway (an admin key is needed)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import typer
from pdp_common.identity import Clearance, Role

from pdp_cli.failures import CliError, run
from pdp_cli.gateway_client import call, gateway
from pdp_cli.output import JsonOption, emit_fields, emit_json, emit_table, note
from pdp_cli.target import Target, target_of

app = typer.Typer(name="keys", help="Issue, list and revoke API keys (admin).")

KEYS = "/api/v1/api-keys"
PAGE = 100


@app.command("issue")
def issue_key(
    ctx: typer.Context,
    *,
    name: Annotated[str, typer.Option(help="What the key is for.")],
    org: Annotated[str, typer.Option(help="Organization code, e.g. UNRCCA, OSCE.")],
    role: Annotated[list[Role], typer.Option("--role", help="Role (repeatable).")],
    clearance: Annotated[Clearance, typer.Option(help="Highest sensitivity it reads.")] = (
        Clearance.PUBLIC
    ),
    expires_at: Annotated[
        datetime | None, typer.Option(help="When it stops working (UTC); default: never.")
    ] = None,
    rate_limit: Annotated[
        float | None, typer.Option(help="Requests per second; default: the gateway's.")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Issue an API key; its secret is printed this once and cannot be read again."""
    body: dict[str, Any] = {
        "name": name,
        "org": org,
        "roles": [r.value for r in role],
        "clearance": clearance.value,
    }
    if expires_at is not None:
        body["expires_at"] = expires_at.isoformat() + ("" if expires_at.tzinfo else "Z")
    if rate_limit is not None:
        body["rate_limit_per_second"] = rate_limit
    issued = run(_send(target_of(ctx), "POST", KEYS, json=body))
    if json_output:
        emit_json(issued)
        return
    emit_fields([(field, _shown(value)) for field, value in issued.items() if field != "key"])
    emit_fields([("key", issued["key"])])
    note("The key is shown this once: keep it now (header X-API-Key).")


@app.command("list")
def list_keys(
    ctx: typer.Context,
    org: Annotated[str | None, typer.Option(help="Only this organization's keys.")] = None,
    include_revoked: Annotated[bool, typer.Option(help="List revoked keys too.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many.")] = 500,
    json_output: JsonOption = False,
) -> None:
    """List API keys, newest first (never their secrets)."""
    keys = run(_list(target_of(ctx), org, include_revoked, limit))
    if json_output:
        emit_json(keys)
        return
    emit_table(
        ("id", "name", "prefix", "org", "roles", "clearance", "created", "expires", "revoked"),
        (
            (
                k["id"], k["name"], k["prefix"], k["org"], ",".join(k["roles"]), k["clearance"],
                _day(k["created_at"]), _day(k["expires_at"]), _day(k["revoked_at"]),
            )
            for k in keys
        ),
    )  # fmt: skip


async def _list(
    target: Target, org: str | None, include_revoked: bool, limit: int
) -> list[dict[str, Any]]:
    params: dict[str, Any] = {"include_revoked": str(include_revoked).lower()}
    if org:
        params["org"] = org
    keys: list[dict[str, Any]] = []
    async with gateway(target) as client:
        while len(keys) < limit:
            params["limit"] = min(PAGE, limit - len(keys))
            page = (await call(client, "GET", KEYS, params=params)).json()
            keys += page["items"]
            if not page.get("next_cursor"):
                break
            params["cursor"] = page["next_cursor"]
    return keys


@app.command("revoke")
def revoke_key(
    ctx: typer.Context,
    key_id: Annotated[uuid.UUID, typer.Argument(metavar="KEY_ID", help="Id of the key.")],
    json_output: JsonOption = False,
) -> None:
    """Revoke an API key at once; its record stays for the audit trail."""
    key = run(_revoke(target_of(ctx), key_id))
    if json_output:
        emit_json(key)
        return
    note(f"revoked {key['id']} ({key['name']}, {key['org']}) at {key['revoked_at']}")


async def _revoke(target: Target, key_id: uuid.UUID) -> dict[str, Any]:
    async with gateway(target) as client:
        await call(client, "DELETE", f"{KEYS}/{key_id}")
        try:
            key: dict[str, Any] = (await call(client, "GET", f"{KEYS}/{key_id}")).json()
        except CliError:  # the key revoked was the one calling
            key = {"id": str(key_id), "name": "", "org": "", "revoked_at": "now"}
    return key


async def _send(target: Target, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
    async with gateway(target) as client:
        document: dict[str, Any] = (await call(client, method, path, **kwargs)).json()
    return document


def _shown(value: Any) -> Any:
    return ",".join(value) if isinstance(value, list) else value


def _day(value: str | None) -> str:
    return value[:19].replace("T", " ") if value else ""
