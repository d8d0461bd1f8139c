"""Demo personas: one API key each, so a newcomer sees the platform through several eyes.

``python -m gateway seed-demo`` issues them once and writes each secret to
``<var_dir>/demo-keys/<persona>`` (readable by its owner only); the local run prints them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pdp_common.db import Database
from pdp_common.identity import CENTRE_ORG, Clearance, Role
from pdp_common.migrations import upgrade
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.keys import service
from gateway.keys.schemas import ApiKeyCreate
from gateway.main import MIGRATIONS_DIR
from gateway.settings import GatewaySettings

ISSUER = "demo-seed"


@dataclass(frozen=True, slots=True)
class Persona:
    """Someone a demo key stands for."""

    name: str
    description: str
    org: str
    roles: tuple[Role, ...]
    clearance: Clearance


PERSONAS = (
    Persona("analyst", "Centre analyst", CENTRE_ORG, (Role.ANALYST,), Clearance.CONFIDENTIAL),
    Persona(
        "officer", "Centre political officer", CENTRE_ORG, (Role.OFFICER,), Clearance.CONFIDENTIAL
    ),
    Persona("osce", "OSCE, partner", "OSCE", (Role.PARTNER,), Clearance.CONFIDENTIAL),
    Persona("unama", "UNAMA, partner", "UNAMA", (Role.PARTNER,), Clearance.CONFIDENTIAL),
)


def key_directory(settings: GatewaySettings) -> Path:
    """Return the directory holding the demo personas' keys."""
    return settings.var_dir / "demo-keys"


def missing_personas(directory: Path) -> list[Persona]:
    """Return the personas with no key file in ``directory`` (created if need be)."""
    directory.mkdir(parents=True, exist_ok=True)
    return [p for p in PERSONAS if not (directory / p.name).exists()]


def write_key(path: Path, secret: str) -> None:
    """Write ``secret`` to ``path``, readable by its owner only."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secret + "\n")


async def issue_persona_keys(
    session: AsyncSession, personas: list[Persona]
) -> list[tuple[Persona, str]]:
    """Issue a key to each of ``personas``; return each persona with its secret."""
    issued = []
    for persona in personas:
        data = ApiKeyCreate(
            name=f"demo: {persona.description}",
            org=persona.org,
            roles=list(persona.roles),
            clearance=persona.clearance,
        )
        _, secret = await service.issue_key(session, data=data, issued_by=ISSUER)
        issued.append((persona, secret))
    return issued


async def seed_demo(settings: GatewaySettings) -> int:
    """Issue the demo personas' keys that are not issued yet; return how many.

    The secrets are written once the keys are committed, so a file always names a stored key.
    """
    await upgrade(MIGRATIONS_DIR, settings)
    directory = key_directory(settings)
    missing = missing_personas(directory)
    async with Database.for_service(settings) as db, db.transaction() as session:
        issued = await issue_persona_keys(session, missing)
    for persona, secret in issued:
        write_key(directory / persona.name, secret)
    return len(issued)
