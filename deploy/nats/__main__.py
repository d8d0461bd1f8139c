"""Write the NATS users of the platform, with their permissions, as nats.conf or Helm values.

    uv run python -m deploy.nats conf [--tools FILE] [--output FILE]
    uv run python -m deploy.nats helm [--tools FILE] [--secret nats-users] [--output FILE]

Passwords are referenced, never written: nats-server reads ``PDP_<SERVICE>_NATS_PASSWORD`` and
``PDP_NATS_TOOL_<TOOL>_PASSWORD`` from its environment. The committed ``deploy/nats/auth.conf``
(Docker Compose) and ``deploy/k8s/nats/users.yaml`` (Kubernetes) are this output without tools.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from deploy.nats.authorization import render_conf, render_helm_values
from deploy.nats.users import load_tools, platform_users


def main(argv: list[str]) -> int:
    """Print or write the configuration asked for; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m deploy.nats", description=__doc__)
    parser.add_argument("format", choices=("conf", "helm"))
    parser.add_argument("--tools", type=Path, help="TOML file of read-only tool users")
    parser.add_argument("--secret", default="nats-users", help="Secret holding the passwords")
    parser.add_argument("--output", type=Path, help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    try:
        tools = load_tools(args.tools) if args.tools else ()
        users = platform_users(tools)
    except ValueError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    text = render_conf(users) if args.format == "conf" else render_helm_values(users, args.secret)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
