"""Register the demo partner's feeds with the platform, through the gateway, as an officer would.

Once per ``var/`` (a marker file remembers it): UNAMA's situation feed is registered as a pulled
feed (``POST /api/v1/incidents/feeds/sources``), fetched every ``PULL_INTERVAL_SECONDS``, and at
once (``.../fetch``); OSCE's receiver is registered as a webhook (``POST
/api/v1/incidents/feeds/webhooks``), and the secret it is given, shown only then, is stored where
the demo partner reads it to check signatures. The incidents service reaches the demo partner on
loopback only because a local run allows it (``PDP_INCIDENTS_OUTBOUND_ALLOW_HTTP`` and
``PDP_INCIDENTS_OUTBOUND_ALLOWED_NETWORKS``, set by ``deploy.local.settings.process_environment``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

SOURCES = "/api/v1/incidents/feeds/sources"
WEBHOOKS = "/api/v1/incidents/feeds/webhooks"
MARKER = "registered.json"
SECRET_FILE = "osce-webhook.secret"  # noqa: S105 - a file name, not a secret
"""Where the OSCE webhook's secret is kept for the demo partner to check signatures with."""
PULL_INTERVAL_SECONDS = 300
TIMEOUT_SECONDS = 30.0


class RegistrationFailed(RuntimeError):
    """The platform refused a demo registration."""


def register_demo_feeds(
    *, gateway_url: str, admin_key: str, partner_url: str, state_dir: Path
) -> dict[str, Any] | None:
    """Register UNAMA's feed and OSCE's webhook unless done before; return what was registered
    (None when the marker says it is done)."""
    marker = state_dir / MARKER
    if marker.exists():
        return None
    state_dir.mkdir(parents=True, exist_ok=True)
    headers = {"X-API-Key": admin_key}
    with httpx.Client(base_url=gateway_url, headers=headers, timeout=TIMEOUT_SECONDS) as client:
        source = _created(
            client.post(
                SOURCES,
                json={
                    "partner_org": "UNAMA",
                    "url": f"{partner_url}/unama/situation.atom",
                    "media": None,
                    "interval_seconds": PULL_INTERVAL_SECONDS,
                },
            )
        )
        _accepted(client.post(f"{SOURCES}/{source['id']}/fetch"))
        webhook = _created(
            client.post(
                WEBHOOKS,
                json={
                    "partner_org": "OSCE",
                    "url": f"{partner_url}/osce/webhook",
                    "format": "json",
                },
            )
        )
    (state_dir / SECRET_FILE).write_text(webhook["secret"] + "\n", encoding="utf-8")
    registered = {"pulled_feed": source["id"], "webhook": webhook["id"]}
    marker.write_text(json.dumps(registered) + "\n", encoding="utf-8")
    return registered


def _created(response: httpx.Response) -> dict[str, Any]:
    if response.status_code != 201:
        raise RegistrationFailed(f"{response.request.url.path}: {response.text}")
    created: dict[str, Any] = response.json()
    return created


def _accepted(response: httpx.Response) -> None:
    if response.status_code != 202:
        raise RegistrationFailed(f"{response.request.url.path}: {response.text}")
