"""Credentials of a benchmark run: the identity key pair the gateway signs with, and API keys
issued through a running gateway as a caller would get them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
from pdp_common.identity import ensure_keypair


def identity_keys(work_dir: Path) -> tuple[Path, Path]:
    """Return the private and public identity key files under ``work_dir``, made if missing."""
    work_dir.mkdir(parents=True, exist_ok=True)
    private, public = work_dir / "identity.pem", work_dir / "identity.pub.pem"
    ensure_keypair(private, public)
    return private, public


async def issue_api_key(gateway_url: str, admin_key: str, body: dict[str, Any]) -> str:
    """Issue an API key described by ``body`` through the gateway and return its secret."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{gateway_url}/api/v1/api-keys", json=body, headers={"X-API-Key": admin_key}
        ) as response,
    ):
        if response.status != 201:
            raise RuntimeError(f"could not issue an API key: {await response.text()}")
        return str((await response.json())["key"])
