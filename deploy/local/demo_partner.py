"""The demo partner of a local run: UNAMA's situation feed to pull, and OSCE's webhook receiver.

`make run` starts it on loopback (``PDP_LOCAL_DEMO_PARTNER_PORT``, 8090) beside the platform, and
registers both with the incidents service through the gateway (:mod:`deploy.local.demo_feeds`), so
that the demo shows the feed exchange at work: the Centre pulls UNAMA's Atom feed on a schedule and
takes its items as UNAMA's reports, and pushes OSCE's share of incidents to OSCE's endpoint, signed.

- ``GET /unama/situation.atom``: a few fictional cross-border items (Atom with GeoRSS points and
  the platform's category schemes), with an ETag for conditional fetches.
- ``POST /osce/webhook``: receives deliveries; checks their Standard Webhooks signature with the
  secret the registration stored in ``<var>/demo-partner/osce-webhook.secret`` and keeps each one,
  with the verdict, in ``<var>/demo-partner/osce-deliveries.jsonl``.
- ``GET /osce/deliveries``: what it received, newest last.

Run alone: ``python -m deploy.local.demo_partner --port 8090 --var var``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI, Request, Response
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from deploy.local.demo_feeds import SECRET_FILE

ATOM = "application/atom+xml"
DELIVERIES_FILE = "osce-deliveries.jsonl"

# Fictional items about real places on the Afghan side of the border (demo data, like the rest).
ITEMS: tuple[dict[str, Any], ...] = (
    {
        "id": "urn:unama:demo:2026:bdk-0412",
        "title": "Border guards seize heroin consignment near Ishkashim",
        "summary": "De facto border officials report the seizure of a heroin consignment on a "
        "boat crossing the Panj near Ishkashim; two men were detained.",
        "days_ago": 6,
        "point": (36.7109, 71.6130),
        "country": "AFG",
        "category": "drug_trafficking",
        "event_type": "Strategic developments",
        "sub_event_type": "Arrests",
        "severity": 2,
    },
    {
        "id": "urn:unama:demo:2026:kdz-0977",
        "title": "Exchange of fire at a border post in Imam Sahib district",
        "summary": "UNAMA's Kunduz office reports a night-time exchange of fire between de facto "
        "border forces and unidentified armed men at a post facing Uzbekistan; no casualties.",
        "days_ago": 3,
        "point": (37.1633, 68.9226),
        "country": "AFG",
        "category": "border_incident",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "severity": 3,
    },
    {
        "id": "urn:unama:demo:2026:tkh-0318",
        "title": "Propaganda leaflets of a banned group found in Rustaq markets",
        "summary": "Local sources report leaflets of a banned violent extremist group in two "
        "markets of Rustaq district; de facto authorities removed them the same day.",
        "days_ago": 1,
        "point": (37.1261, 69.8325),
        "country": "AFG",
        "category": "violent_extremism",
        "event_type": "Strategic developments",
        "sub_event_type": "Other",
        "severity": 2,
    },
)


def situation_feed(now: datetime) -> bytes:
    """Return UNAMA's Atom feed of :data:`ITEMS`, dated relative to ``now`` (by whole days)."""
    today = now.replace(hour=6, minute=0, second=0, microsecond=0)
    entries = []
    for item in ITEMS:
        at = (today - timedelta(days=item["days_ago"])).isoformat()
        lat, lon = item["point"]
        entries.append(
            f"""<entry><id>{item["id"]}</id><title>{item["title"]}</title>
  <updated>{at}</updated><published>{at}</published><summary>{item["summary"]}</summary>
  <georss:point>{lat} {lon}</georss:point>
  <category scheme="urn:pdp:country" term="{item["country"]}"/>
  <category scheme="urn:pdp:category" term="{item["category"]}"/>
  <category scheme="urn:pdp:event_type" term="{item["event_type"]}"/>
  <category scheme="urn:pdp:sub_event_type" term="{item["sub_event_type"]}"/>
  <category scheme="urn:pdp:severity" term="{item["severity"]}"/></entry>"""
        )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:georss="http://www.georss.org/georss">
  <id>urn:unama:demo:situation</id><title>UNAMA cross-border situation (demo)</title>
  <updated>{today.isoformat()}</updated>
  {"".join(entries)}
</feed>
""".encode()


def create_app(state_dir: Path) -> FastAPI:
    """Return the demo partner's app, keeping its files in ``state_dir``."""
    app = FastAPI(title="Demo partner (UNAMA feed, OSCE webhook)", openapi_url=None)
    state_dir.mkdir(parents=True, exist_ok=True)
    deliveries = state_dir / DELIVERIES_FILE

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/unama/situation.atom")
    async def unama_feed(request: Request) -> Response:
        body = situation_feed(datetime.now(UTC))
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers={"ETag": etag})
        return Response(body, media_type=ATOM, headers={"ETag": etag})

    @app.post("/osce/webhook", status_code=204)
    async def osce_webhook(request: Request) -> Response:
        body = await request.body()
        headers = dict(request.headers.items())
        record = {
            "received_at": datetime.now(UTC).isoformat(),
            "webhook_id": headers.get("webhook-id"),
            "content_type": headers.get("content-type"),
            "signature": _verdict(state_dir / SECRET_FILE, body, headers),
            "body": body.decode("utf-8", "replace"),
        }
        with deliveries.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
        return Response(status_code=204)

    @app.get("/osce/deliveries")
    async def osce_deliveries() -> list[dict[str, Any]]:
        if not deliveries.exists():
            return []
        lines = deliveries.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    return app


def _verdict(secret_file: Path, body: bytes, headers: dict[str, str]) -> str:
    if not secret_file.exists():
        return "unchecked (no secret stored)"
    try:
        Webhook(secret_file.read_text(encoding="utf-8").strip()).verify(body, headers)
    except WebhookVerificationError as exc:
        return f"invalid ({exc})"
    return "valid"


def main() -> None:
    """Serve the demo partner on loopback."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--var", type=Path, default=Path("var"))
    args = parser.parse_args()
    app = create_app(args.var / "demo-partner")
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
