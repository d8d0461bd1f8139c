"""The feed as CAP 1.2 alerts (OASIS), one alert per entry, collected in an Atom feed whose
entries carry each alert as ``application/cap+xml`` content (the usual CAP index form).

An incident's first version is an ``Alert``; later versions (updates and corrections) are
``Update`` and tombstones are ``Cancel``, each referencing the first alert
(``sender,identifier,sent``). Alerts are ``Restricted`` to the partner served. ``sent`` carries
``+00:00``; the area is a circle ``"lat,lon radius_km"`` around the incident's point.
"""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree  # type: ignore[import-untyped]

from incidents.feeds.outbound.service import FeedEntry, FeedPage
from incidents.feeds.outbound.vocabulary import EntryKind
from incidents.models import Incident

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"
CAP_MEDIA_TYPE = "application/cap+xml"
SEVERITIES = {1: "Minor", 2: "Minor", 3: "Moderate", 4: "Severe", 5: "Extreme"}
CERTAINTIES = {"high": "Likely", "moderate": "Possible", "low": "Unlikely"}
RADIUS_KM = {0: 1.0, 1: 5.0, 2: 25.0, 3: 100.0}


def cap_time(instant: datetime) -> str:
    """Return an instant as CAP wants it: seconds, and ``+00:00`` rather than ``Z``."""
    return instant.astimezone(UTC).replace(microsecond=0).isoformat()


def identifier(incident: Incident, version: int) -> str:
    """Return the CAP identifier of one version of an incident."""
    return f"UNRCCA-{incident.reference}-v{version}"


def _sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CAP_NS}}}{name}")
    if text is not None:
        element.text = text
    return element


def _info(alert: etree._Element, incident: Incident) -> None:
    info = _sub(alert, "info")
    _sub(info, "language", incident.language)
    _sub(info, "category", "Security")
    _sub(info, "event", incident.event_type)
    _sub(info, "urgency", "Unknown")
    _sub(info, "severity", SEVERITIES.get(incident.severity, "Unknown"))
    certainty = "Observed" if incident.status in {"verified", "corrected"} else None
    _sub(info, "certainty", certainty or CERTAINTIES.get(incident.confidence, "Unknown"))
    _sub(info, "onset", cap_time(incident.occurred_at))
    _sub(info, "senderName", "UN Regional Centre for Preventive Diplomacy for Central Asia")
    _sub(info, "headline", incident.title[:160])
    _sub(info, "description", incident.summary or incident.title)
    for name, value in (("category", incident.category), ("status", incident.status)):
        parameter = _sub(info, "parameter")
        _sub(parameter, "valueName", name)
        _sub(parameter, "value", value)
    area = _sub(info, "area")
    place = [incident.location, incident.admin2, incident.admin1, incident.country]
    _sub(area, "areaDesc", ", ".join(p for p in place if p))
    radius = RADIUS_KM.get(incident.geo_precision, 25.0)
    _sub(area, "circle", f"{incident.latitude},{incident.longitude} {radius}")
    geocode = _sub(area, "geocode")
    _sub(geocode, "valueName", "ISO3166-1-alpha-3")
    _sub(geocode, "value", incident.country)


def cap_alert(entry: FeedEntry, page: FeedPage, *, sender: str) -> etree._Element:
    """Return one entry as a CAP 1.2 ``alert`` element."""
    incident = entry.incident
    tombstone = entry.kind is EntryKind.TOMBSTONE
    alert = etree.Element(f"{{{CAP_NS}}}alert", nsmap={None: CAP_NS})
    _sub(
        alert,
        "identifier",
        identifier(incident, incident.version) + ("-cancel" if tombstone else ""),
    )
    _sub(alert, "sender", sender)
    _sub(alert, "sent", cap_time(page.served_at if tombstone else incident.updated_at))
    _sub(alert, "status", "Actual")
    first = incident.version == 1 and not tombstone
    _sub(alert, "msgType", "Alert" if first else ("Cancel" if tombstone else "Update"))
    _sub(alert, "scope", "Restricted")
    _sub(alert, "restriction", f"Shared with {page.partner} under its sharing agreement.")
    if tombstone:
        reason = entry.reason.value if entry.reason else "withdrawn"
        _sub(alert, "note", f"Incident {incident.reference} is {reason}.")
    if not first:
        original = f"{sender},{identifier(incident, 1)},{cap_time(incident.created_at)}"
        _sub(alert, "references", original)
    _sub(alert, "incidents", incident.reference)
    if not tombstone:
        _info(alert, incident)
    return alert


def cap_feed(page: FeedPage, *, sender: str, feed_url: str, next_url: str) -> bytes:
    """Return a page as an Atom feed of CAP 1.2 alerts."""
    feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})

    def atom(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
        element = etree.SubElement(parent, f"{{{ATOM_NS}}}{name}")
        element.text = text
        return element

    atom(feed, "id", f"urn:pdp:incidents:cap:{page.partner}")
    atom(feed, "title", f"UNRCCA CAP alerts shared with {page.partner}")
    atom(feed, "updated", cap_time(page.served_at))
    atom(atom(feed, "author"), "name", "UNRCCA")
    for rel, href in (("self", feed_url), ("next", next_url)):
        atom(feed, "link").attrib.update({"rel": rel, "href": href})
    for entry in page.entries:
        alert = cap_alert(entry, page, sender=sender)
        item = atom(feed, "entry")
        atom(item, "id", f"urn:pdp:cap:{alert[0].text}")
        atom(item, "title", f"{entry.incident.reference} ({alert[4].text})")
        atom(item, "updated", alert[2].text)
        content = atom(item, "content")
        content.set("type", CAP_MEDIA_TYPE)
        content.append(alert)
    document: bytes = etree.tostring(feed, xml_declaration=True, encoding="UTF-8")
    return document
