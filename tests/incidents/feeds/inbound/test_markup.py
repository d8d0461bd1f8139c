"""CAP 1.2 and Atom documents read into items: keys, versions, places, refusals per item."""

from __future__ import annotations

import pytest
from incidents.feeds.inbound.errors import FeedItemsInvalid, FeedItemsTooLarge
from incidents.feeds.inbound.markup import parse_atom, parse_cap

from tests.incidents.feeds.inbound import samples

SENT = "2026-12-04T10:00:00+00:00"


class TestParseCap:
    def test_alert_maps_to_an_incident_payload(self) -> None:
        (item,) = parse_cap(samples.cap_alert("cap-9", sent=SENT).encode(), max_items=10)
        assert item.item_id == "cap-9"
        assert item.version == SENT
        assert item.payload is not None
        assert item.payload["country"] == "AFG"
        assert (item.payload["latitude"], item.payload["longitude"]) == (36.709, 67.11)
        assert item.payload["severity"] == 4
        assert item.payload["category"] == "terrorism"

    def test_update_and_cancel_are_keyed_by_the_original_alert(self) -> None:
        refs = f"feeds@unama.example,cap-9,{SENT}"
        update = samples.cap_alert("cap-10", sent=SENT, kind="Update", references=refs)
        cancel = samples.cap_alert("cap-11", sent=SENT, kind="Cancel", references=refs)
        items = parse_cap(f"<alerts>{update}{cancel}</alerts>".encode(), max_items=10)
        assert [i.item_id for i in items] == ["cap-9", "cap-9"]
        assert [i.is_retraction for i in items] == [False, True]

    def test_polygon_centre_and_missing_country(self) -> None:
        alert = samples.cap_alert("cap-12", sent=SENT).replace(
            "<circle>36.709,67.11 5</circle>", "<polygon>36,67 37,67 37,68 36,68 36,67</polygon>"
        )
        (item,) = parse_cap(alert.encode(), max_items=10)
        assert item.payload is not None
        assert (item.payload["latitude"], item.payload["longitude"]) == (36.5, 67.5)
        no_country = alert.replace("<value>AFG</value>", "<value></value>")
        (bad,) = parse_cap(no_country.encode(), max_items=10)
        assert bad.errors
        assert bad.errors[0][0].endswith("/geocode")

    def test_no_alert_and_too_many_alerts_are_refused(self) -> None:
        with pytest.raises(FeedItemsInvalid):
            parse_cap(b"<alerts/>", max_items=10)
        alert = samples.cap_alert("cap-13", sent=SENT)
        with pytest.raises(FeedItemsTooLarge):
            parse_cap(f"<alerts>{alert * 3}</alerts>".encode(), max_items=2)


class TestParseAtom:
    def test_entries_and_tombstones(self) -> None:
        entry = samples.atom_entry("urn:x:1", updated=SENT)
        tombstone = f'<at:deleted-entry ref="urn:x:2" when="{SENT}"/>'
        items = parse_atom(samples.atom_feed(entry, tombstone), max_items=10)
        assert [(i.item_id, i.is_retraction) for i in items] == [
            ("urn:x:1", False),
            ("urn:x:2", True),
        ]
        assert items[0].payload is not None
        assert items[0].payload["event_type"] == "Protests"
        assert items[0].payload["category"] == "political_unrest"

    def test_entry_without_a_point_is_refused_alone(self) -> None:
        entry = samples.atom_entry("urn:x:3", updated=SENT).replace("<georss:point>", "<x>")
        entry = entry.replace("</georss:point>", "</x>")
        (item,) = parse_atom(samples.atom_feed(entry), max_items=10)
        assert item.payload is None
        assert item.errors[0][0].endswith("georss:point")

    def test_other_root_is_refused(self) -> None:
        with pytest.raises(FeedItemsInvalid, match="Atom feed"):
            parse_atom(b"<rss/>", max_items=10)
