"""Settings of a local run: the components, their ports and URLs, and each process's environment.

Values come from, in rising precedence: `.env.example` (the documented defaults), `.env` (the
operator's overrides, optional) and the real process environment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

DEFAULT_NATS_URL = "nats://127.0.0.1:14222"
DEFAULT_NATS_MONITOR_PORT = 18222
DEFAULT_HOST = "127.0.0.1"
DEFAULT_READY_TIMEOUT_SECONDS = 180.0
DEFAULT_DEMO_PARTNER_PORT = 8090
PUBLIC_KEY_VARIABLE = "PDP_IDENTITY_PUBLIC_KEY_FILE"
PRIVATE_KEY_VARIABLE = "PDP_GATEWAY_IDENTITY_PRIVATE_KEY_FILE"
ADMIN_KEY_VARIABLE = "PDP_BOOTSTRAP_ADMIN_KEY"
DEFAULT_VAR_DIR = "var"
PUBLIC_KEY_NAME = "identity-ed25519.pub.pem"
PRIVATE_KEY_NAME = "identity-ed25519.pem"


@dataclass(frozen=True, slots=True)
class Component:
    """One process of the platform that the supervisor migrates, starts and watches."""

    name: str
    package: str
    default_port: int
    seeds_demo_data: bool

    @property
    def env_prefix(self) -> str:
        """Return the settings prefix of this component, e.g. ``PDP_COUNTRY_TEAMS_``."""
        return "PDP_" + self.name.upper().replace("-", "_") + "_"


SERVICES: tuple[Component, ...] = (
    Component("incidents", "incidents", 8001, seeds_demo_data=True),
    Component("organizations", "organizations", 8002, seeds_demo_data=True),
    Component("country-teams", "country_teams", 8003, seeds_demo_data=True),
    Component("briefings", "briefings", 8004, seeds_demo_data=True),
)
GATEWAY = Component("gateway", "gateway", 8000, seeds_demo_data=True)
# The analyst console (services/console): pages over the gateway's API, no data of its own.
CONSOLE = Component("console", "console", 8005, seeds_demo_data=False)
COMPONENTS: tuple[Component, ...] = (*SERVICES, CONSOLE, GATEWAY)


def selected_components(settings: Mapping[str, str]) -> tuple[Component, ...]:
    """Return the components to run: all, or those named in ``PDP_LOCAL_COMPONENTS``, in order."""
    raw = settings.get("PDP_LOCAL_COMPONENTS", "")
    names = {name.strip() for name in raw.split(",") if name.strip()}
    if not names:
        return COMPONENTS
    unknown = names - {c.name for c in COMPONENTS}
    if unknown:
        known = ", ".join(c.name for c in COMPONENTS)
        raise ValueError(f"PDP_LOCAL_COMPONENTS names unknown {sorted(unknown)}; known: {known}")
    return tuple(c for c in COMPONENTS if c.name in names)


def ready_timeout(settings: Mapping[str, str]) -> float:
    """Return how long a process may take to become ready (PDP_LOCAL_READY_TIMEOUT_SECONDS)."""
    raw = settings.get("PDP_LOCAL_READY_TIMEOUT_SECONDS") or str(DEFAULT_READY_TIMEOUT_SECONDS)
    try:
        seconds = float(raw)
    except ValueError as exc:
        raise ValueError(f"PDP_LOCAL_READY_TIMEOUT_SECONDS must be a number, got {raw!r}") from exc
    if seconds <= 0:
        raise ValueError("PDP_LOCAL_READY_TIMEOUT_SECONDS must be positive")
    return seconds


def read_env_file(path: Path) -> dict[str, str]:
    """Return the non-empty assignments of a dotenv file (empty means unset), if it exists."""
    if not path.is_file():
        return {}
    return {key: value for key, value in dotenv_values(path).items() if value}


def load_settings(root: Path, environ: Mapping[str, str]) -> dict[str, str]:
    """Merge `.env.example`, `.env` and ``environ``, later sources winning."""
    merged = read_env_file(root / ".env.example")
    merged.update(read_env_file(root / ".env"))
    merged.update(environ)
    return merged


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where a component listens."""

    host: str
    port: int

    @property
    def url(self) -> str:
        """Return the base HTTP URL."""
        return f"http://{self.host}:{self.port}"


def endpoint_of(component: Component, settings: Mapping[str, str]) -> Endpoint:
    """Return the host and port a component listens on, from its prefixed settings."""
    host = settings.get(component.env_prefix + "HOST") or DEFAULT_HOST
    raw_port = settings.get(component.env_prefix + "PORT") or str(component.default_port)
    try:
        port = int(raw_port)
    except ValueError as exc:
        raise ValueError(f"{component.env_prefix}PORT must be a number, got {raw_port!r}") from exc
    if not 0 < port < 65536:
        raise ValueError(f"{component.env_prefix}PORT is out of range: {port}")
    return Endpoint(host, port)


@dataclass(frozen=True, slots=True)
class NatsEndpoint:
    """Where the local nats-server listens for clients and for monitoring."""

    host: str
    port: int
    monitor_port: int

    @property
    def url(self) -> str:
        """Return the client URL."""
        return f"nats://{self.host}:{self.port}"

    @property
    def health_url(self) -> str:
        """Return the monitoring URL that answers 200 once JetStream is ready."""
        return f"http://{self.host}:{self.monitor_port}/healthz?js-enabled-only=true"


def nats_endpoint(settings: Mapping[str, str]) -> NatsEndpoint:
    """Return the local nats-server endpoint derived from ``PDP_NATS_URL``."""
    parts = urlsplit(settings.get("PDP_NATS_URL") or DEFAULT_NATS_URL)
    if parts.scheme != "nats" or not parts.hostname or not parts.port:
        raise ValueError("PDP_NATS_URL must look like nats://127.0.0.1:14222")
    monitor = int(settings.get("PDP_LOCAL_NATS_MONITOR_PORT") or DEFAULT_NATS_MONITOR_PORT)
    return NatsEndpoint(parts.hostname, parts.port, monitor)


def demo_partner_port(settings: Mapping[str, str]) -> int | None:
    """Return the port of the demo partner (``PDP_LOCAL_DEMO_PARTNER_PORT``, 8090), or None when
    the run has none (``PDP_LOCAL_DEMO_PARTNER=0``, or no incidents, organizations or gateway)."""
    if settings.get("PDP_LOCAL_DEMO_PARTNER", "1").strip().lower() in {"0", "false", "no", "off"}:
        return None
    names = {component.name for component in selected_components(settings)}
    # Registering needs the gateway, incidents, and partners' agreements (organizations).
    if not {"incidents", "organizations", GATEWAY.name} <= names:
        return None
    raw = settings.get("PDP_LOCAL_DEMO_PARTNER_PORT") or str(DEFAULT_DEMO_PARTNER_PORT)
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ValueError(f"PDP_LOCAL_DEMO_PARTNER_PORT must be a port number, got {raw!r}")
    return int(raw)


def var_directory(settings: Mapping[str, str], root: Path) -> Path:
    """Return where the run keeps its state: ``PDP_LOCAL_VAR_DIR`` (default var/) under ``root``."""
    return root / (settings.get("PDP_LOCAL_VAR_DIR") or DEFAULT_VAR_DIR)


def key_files(settings: Mapping[str, str], root: Path) -> tuple[Path, Path]:
    """Return the (private, public) identity key paths: as configured, else under var/keys."""
    keys = var_directory(settings, root) / "keys"
    private = settings.get(PRIVATE_KEY_VARIABLE)
    public = settings.get(PUBLIC_KEY_VARIABLE)
    return (
        root / private if private else keys / PRIVATE_KEY_NAME,
        root / public if public else keys / PUBLIC_KEY_NAME,
    )


def upstream_variable(service: Component) -> str:
    """Return the gateway setting that holds a service's base URL."""
    return GATEWAY.env_prefix + service.name.upper().replace("-", "_") + "_URL"


def process_environment(
    settings: Mapping[str, str], *, root: Path, admin_key: str
) -> dict[str, str]:
    """Return the environment shared by every child process of a local run."""
    env = dict(settings)
    private, public = key_files(settings, root)
    env[PRIVATE_KEY_VARIABLE] = str(private)
    env[PUBLIC_KEY_VARIABLE] = str(public)
    env["PDP_NATS_URL"] = nats_endpoint(settings).url
    env[ADMIN_KEY_VARIABLE] = admin_key
    for service in SERVICES:
        env.setdefault(upstream_variable(service), endpoint_of(service, settings).url)
    for component in COMPONENTS:
        env.setdefault(component.env_prefix + "VAR_DIR", str(var_directory(settings, root)))
    env.setdefault(CONSOLE.env_prefix + "GATEWAY_URL", endpoint_of(GATEWAY, settings).url)
    if demo_partner_port(settings) is not None:
        # The demo partner listens on loopback, which outbound requests refuse unless allowed.
        env.setdefault("PDP_INCIDENTS_OUTBOUND_ALLOW_HTTP", "true")
        env.setdefault("PDP_INCIDENTS_OUTBOUND_ALLOWED_NETWORKS", f"{DEFAULT_HOST}/32")
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def validate(settings: Mapping[str, str]) -> None:
    """Raise ValueError naming the first setting of a local run that cannot be used."""
    for component in selected_components(settings):
        endpoint_of(component, settings)
    nats_endpoint(settings)
    ready_timeout(settings)
    demo_partner_port(settings)
