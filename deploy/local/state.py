"""Local state under var/: directory layout, the bootstrap admin key and demo-data markers."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from deploy.local.settings import ADMIN_KEY_VARIABLE, Component


@dataclass(frozen=True, slots=True)
class VarLayout:
    """Where a local run keeps its databases, keys, NATS store, logs and markers."""

    root: Path

    @property
    def keys(self) -> Path:
        """Return the identity key directory."""
        return self.root / "keys"

    @property
    def nats_store(self) -> Path:
        """Return the JetStream store directory."""
        return self.root / "nats"

    @property
    def logs(self) -> Path:
        """Return the log directory."""
        return self.root / "log"

    @property
    def markers(self) -> Path:
        """Return the directory of one-time-step markers."""
        return self.root / "markers"

    @property
    def admin_key_file(self) -> Path:
        """Return the file holding the generated bootstrap admin API key."""
        return self.root / "admin-api-key"

    @property
    def demo_keys(self) -> Path:
        """Return the directory where the gateway's demo seeding writes one key per persona."""
        return self.root / "demo-keys"

    def demo_key_lines(self) -> list[tuple[str, str]]:
        """Return (persona, key) for every demo persona key written so far, by persona."""
        if not self.demo_keys.is_dir():
            return []
        return [
            (path.name, path.read_text(encoding="utf-8").strip())
            for path in sorted(self.demo_keys.iterdir())
            if path.is_file()
        ]

    def log_file(self, name: str) -> Path:
        """Return the log file of one process."""
        return self.logs / f"{name}.log"

    def create(self) -> None:
        """Create the directories of the layout."""
        for directory in (self.root, self.keys, self.nats_store, self.logs, self.markers):
            directory.mkdir(parents=True, exist_ok=True)


def ensure_admin_key(layout: VarLayout, settings: Mapping[str, str]) -> str:
    """Return the configured admin key, or the one in var/, generating it on first use."""
    configured = settings.get(ADMIN_KEY_VARIABLE)
    if configured:
        return configured
    path = layout.admin_key_file
    if path.is_file():
        stored = path.read_text(encoding="utf-8").strip()
        if stored:
            return stored
    key = "pdp_admin_" + secrets.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


def database_url_of(component: Component, env: Mapping[str, str]) -> str:
    """Return the database URL a component gets from ``env``, as its settings would work it out."""
    prefix = component.env_prefix
    var_dir = Path(env.get(prefix + "VAR_DIR") or "var")
    return (
        env.get(prefix + "DATABASE_URL")
        or env.get("PDP_DATABASE_URL")
        or f"sqlite+aiosqlite:///{var_dir / component.name.replace('-', '_')}.db"
    )


class SeedMarkers:
    """Remember which databases already received demo data, so a later run never reseeds."""

    def __init__(self, layout: VarLayout) -> None:
        self._directory = layout.markers

    def path_for(self, component: Component, database_url: str) -> Path:
        """Return the marker file for a component and the database it uses."""
        digest = hashlib.sha256(database_url.encode("utf-8")).hexdigest()[:16]
        return self._directory / f"seeded-{component.name}-{digest}"

    def is_seeded(self, component: Component, database_url: str) -> bool:
        """Tell whether demo data was loaded into this database already."""
        return self.path_for(component, database_url).exists()

    def mark_seeded(self, component: Component, database_url: str) -> None:
        """Record that demo data was loaded into this database."""
        path = self.path_for(component, database_url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(datetime.now(UTC).isoformat() + "\n", encoding="utf-8")
