"""The demo personas' keys: issued once, written for their owner only, each a working key."""

from __future__ import annotations

import stat
from pathlib import Path

from gateway.keys import demo
from gateway.keys.service import resolve_key
from gateway.settings import GatewaySettings
from pdp_common.db import Database
from pdp_common.identity import Role, generate_keypair
from pdp_common.testing.databases import DatabaseTarget


def _settings(target: DatabaseTarget, tmp_path: Path) -> GatewaySettings:
    private_pem, _ = generate_keypair()
    return GatewaySettings(
        database_url=target.url,
        database_schema=target.schema,
        identity_private_key=private_pem.decode(),
        var_dir=tmp_path,
    )


class TestSeedDemo:
    async def test_each_persona_gets_a_key_that_names_it(
        self, database: DatabaseTarget, tmp_path: Path
    ) -> None:
        settings = _settings(database, tmp_path)
        assert await demo.seed_demo(settings) == len(demo.PERSONAS)
        directory = demo.key_directory(settings)
        async with Database.for_service(settings) as db, db.read_sessions() as session:
            for persona in demo.PERSONAS:
                path = directory / persona.name
                assert stat.S_IMODE(path.stat().st_mode) == 0o600
                resolved = await resolve_key(session, secret=path.read_text().strip())
                assert resolved is not None, persona.name
                assert resolved.principal.org == persona.org
                assert resolved.principal.roles == frozenset(persona.roles)
                assert resolved.principal.clearance == persona.clearance
        partners = {p.org for p in demo.PERSONAS if Role.PARTNER in p.roles}
        assert partners == {"OSCE", "UNAMA"}

    async def test_a_second_run_keeps_the_keys(
        self, database: DatabaseTarget, tmp_path: Path
    ) -> None:
        settings = _settings(database, tmp_path)
        await demo.seed_demo(settings)
        first = (demo.key_directory(settings) / "osce").read_text()
        assert await demo.seed_demo(settings) == 0
        assert (demo.key_directory(settings) / "osce").read_text() == first
