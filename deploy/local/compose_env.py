"""Create the secrets file of the Docker Compose platform once (`make up` does it).

`python3 -m deploy.local.compose_env [PATH]` writes var/compose.env (mode 0600) with a random
password for the PostgreSQL superuser and for each service's login role, one for each service's
NATS user, and a bootstrap admin API key. An existing file keeps its values, so the passwords keep
matching the roles already created in the database volume; variables it lacks (added by a newer
version of the platform) are appended. Standard library only.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

DEFAULT_PATH = Path("var/compose.env")
ROLES = ("incidents", "organizations", "country_teams", "briefings", "gateway")


def generated_values() -> dict[str, str]:
    """Return fresh random secrets for every variable docker-compose.yml requires."""
    values = {"PDP_POSTGRES_PASSWORD": secrets.token_urlsafe(24)}
    for role in ROLES:
        values[f"PDP_{role.upper()}_DB_PASSWORD"] = secrets.token_urlsafe(24)
    for role in ROLES:
        values[f"PDP_{role.upper()}_NATS_PASSWORD"] = secrets.token_urlsafe(24)
    values["PDP_BOOTSTRAP_ADMIN_KEY"] = "pdp_admin_" + secrets.token_urlsafe(32)
    return values


def render(values: dict[str, str]) -> str:
    """Return the env-file text for ``values``."""
    header = "# Secrets of the Docker Compose platform, generated once; keep this file private.\n"
    return header + "".join(f"{key}={value}\n" for key, value in values.items())


def _append_missing(path: Path) -> None:
    present = {
        line.split("=", 1)[0].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    }
    missing = {k: v for k, v in generated_values().items() if k not in present}
    if missing:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("".join(f"{key}={value}\n" for key, value in missing.items()))


def ensure_compose_env(path: Path) -> bool:
    """Write the secrets file unless it exists (then add what it lacks); return whether it was
    created."""
    if path.exists():
        _append_missing(path)
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(render(generated_values()))
    return True


def main(argv: list[str]) -> int:
    """Create the file named in ``argv`` (default var/compose.env) and say what happened."""
    path = Path(argv[0]) if argv else DEFAULT_PATH
    created = ensure_compose_env(path)
    sys.stdout.write(f"{'created' if created else 'kept'} {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
