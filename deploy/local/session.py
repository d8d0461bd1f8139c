"""One local run of the platform, from key generation to a clean stop."""

from __future__ import annotations

import signal
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from pdp_common.identity import ensure_keypair

from deploy.local.nats_users import LocalNatsUsers, prepare_nats_users
from deploy.local.platform import LocalPlatform, Report
from deploy.local.readiness import StartupError
from deploy.local.restart_policy import restart_policy
from deploy.local.settings import (
    ADMIN_KEY_VARIABLE,
    CONSOLE,
    DEFAULT_HOST,
    GATEWAY,
    Component,
    demo_partner_port,
    endpoint_of,
    key_files,
    load_settings,
    nats_endpoint,
    process_environment,
    ready_timeout,
    validate,
    var_directory,
)
from deploy.local.state import SeedMarkers, VarLayout, ensure_admin_key
from deploy.local.watcher import ComponentFailed, Watcher

# SIGTERM and SIGHUP stop the run like Ctrl-C does (they raise KeyboardInterrupt).
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
Handler = Callable[[int, FrameType | None], Any] | int | None


def summary(
    settings: Mapping[str, str],
    components: Sequence[Component],
    layout: VarLayout,
    admin_key: str,
    nats_users: LocalNatsUsers | None = None,
) -> str:
    """Return the banner printed once everything is ready."""
    lines = ["", "The platform is running. Press Ctrl-C to stop it."]
    if GATEWAY in components:
        gateway = endpoint_of(GATEWAY, settings).url
        lines += [
            f"  gateway        {gateway}",
            f"  API docs       {gateway}/docs  (OpenAPI: {gateway}/openapi.json)",
        ]
    if CONSOLE in components:
        console = endpoint_of(CONSOLE, settings).url
        lines.append(f"  console        {console}  (analyst console: open it in a browser)")
    services = [c for c in components if c not in (GATEWAY, CONSOLE)]
    lines += [f"  {s.name:<14} {endpoint_of(s, settings).url}  (docs at /docs)" for s in services]
    partner_port = demo_partner_port(settings)
    if partner_port is not None:
        partner = f"http://{DEFAULT_HOST}:{partner_port}"
        lines.append(f"  demo partner   {partner}/unama/situation.atom, {partner}/osce/deliveries")
    lines += [f"  nats           {nats_endpoint(settings).url}", *nats_lines(nats_users)]
    lines += [
        f"  admin API key  {admin_key}  (header X-API-Key; also in {layout.admin_key_file})",
    ]
    personas = layout.demo_key_lines() if GATEWAY in components else []
    if personas:
        lines.append(f"  demo keys      one per persona, also in {layout.demo_keys}/<persona>:")
        lines += [f"    {name:<12} {key}" for name, key in personas]
    lines += [f"  logs           {layout.logs}/<name>.log", ""]
    return "\n".join(lines)


def nats_lines(nats_users: LocalNatsUsers | None) -> list[str]:
    """Return the banner lines that tell who may connect to NATS, and how a tool does."""
    if nats_users is None:
        return ["  nats users     none: anyone may connect (PDP_LOCAL_NATS_AUTH=false)"]
    lines = [f"  nats users     one per service, passwords in {nats_users.password_dir}/<user>"]
    tools = nats_users.tools()
    if not tools:
        lines.append(
            "  nats tools     none; list read-only tools in nats-tools.toml "
            "(see deploy/nats/tools.example.toml) and restart"
        )
    for tool in tools:
        password = nats_users.passwords[tool.name]
        lines.append(
            f"  nats tool      {tool.name}  password {password}  "
            f"(inbox prefix _INBOX.{tool.name}; reads {', '.join(tool.permissions.subscribe[:-1])})"
        )
    return lines


def install_stop_handlers() -> dict[signal.Signals, Handler]:
    """Make SIGTERM and SIGHUP interrupt the run; return the handlers they had.

    A signal the run was started with ignored (SIGHUP under nohup) stays ignored, as SIGINT
    already does in Python.
    """
    previous: dict[signal.Signals, Handler] = {}
    for signum in STOP_SIGNALS:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            previous[signum] = signal.signal(signum, signal.default_int_handler)
    return previous


def watch(platform: LocalPlatform) -> None:
    """Restart whatever ends on its own until interrupted; raise ComponentFailed on giving up."""
    watcher = Watcher(
        platform.watched(),
        respawn=platform.respawn,
        policy=restart_policy(platform.settings),
        ready_timeout=ready_timeout(platform.settings),
        report=platform.report,
    )
    watcher.run()


def prepare(root: Path, environ: Mapping[str, str], report: Report) -> LocalPlatform:
    """Load and check settings, create var/, keys and the admin key, and build the platform.

    Raises ValueError when a setting cannot be used.
    """
    settings = load_settings(root, environ)
    validate(settings)
    restart_policy(settings)
    layout = VarLayout(var_directory(settings, root))
    layout.create()
    ensure_keypair(*key_files(settings, root))
    admin_key = ensure_admin_key(layout, settings)
    nats_users = prepare_nats_users(settings, root, layout.root)
    env = process_environment(settings, root=root, admin_key=admin_key)
    if nats_users is not None:
        env.update(nats_users.environment())
    return LocalPlatform(
        root=root,
        layout=layout,
        settings=settings,
        env=env,
        report=report,
        nats_users=nats_users,
    )


def run(root: Path, environ: Mapping[str, str], report: Report) -> int:
    """Start the platform, keep it running until interrupted, then stop it; return the exit code."""
    try:
        platform = prepare(root, environ, report)
    except ValueError as exc:
        report(f"configuration error: {exc}")
        return 2
    previous = install_stop_handlers()
    try:
        platform.check_ports_free()
        platform.start_nats()
        platform.start_demo_partner()
        platform.migrate()
        platform.start_components()
        platform.seed_demo_data(SeedMarkers(platform.layout))
        platform.register_demo_feeds()
        admin_key = platform.env[ADMIN_KEY_VARIABLE]
        report(
            summary(
                platform.settings,
                platform.components,
                platform.layout,
                admin_key,
                platform.nats_users,
            )
        )
        watch(platform)
        return 0
    except StartupError as exc:
        report(f"startup failed: {exc}")
        return 1
    except ComponentFailed as exc:
        report(f"stopping the platform: {exc}")
        return 1
    except KeyboardInterrupt:
        report("stopping...")
        return 0
    finally:
        interrupt = signal.getsignal(signal.SIGINT)
        for signum in (signal.SIGINT, *previous):
            signal.signal(signum, signal.SIG_IGN)
        platform.stop()
        for signum, handler in (*previous.items(), (signal.SIGINT, interrupt)):
            if handler is not None:
                signal.signal(signum, handler)
