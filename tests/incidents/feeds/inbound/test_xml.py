"""The XML gate: entity expansion, external entities and DTDs never reach the parser's tree."""

from __future__ import annotations

import pytest
from incidents.feeds.inbound.errors import FeedItemsInvalid
from incidents.feeds.inbound.xml import parse_xml

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol3;</identifier></alert>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>&xxe;</title></feed>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE feed SYSTEM "http://127.0.0.1:9/evil.dtd">
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]><x/>"""

HOSTILE = {
    "billion-laughs": BILLION_LAUGHS,
    "external-entity": EXTERNAL_ENTITY,
    "external-dtd": EXTERNAL_DTD,
    "parameter-entity": PARAMETER_ENTITY,
}


class TestParseXml:
    @pytest.mark.parametrize("name", sorted(HOSTILE))
    def test_hostile_documents_are_refused(self, name: str) -> None:
        with pytest.raises(FeedItemsInvalid) as raised:
            parse_xml(HOSTILE[name])
        assert "refused" in raised.value.detail or "well-formed" in raised.value.detail

    def test_malformed_xml_is_refused(self) -> None:
        with pytest.raises(FeedItemsInvalid, match="well-formed"):
            parse_xml(b"<feed><entry></feed>")

    def test_plain_document_is_read(self) -> None:
        root = parse_xml(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>')
        assert root.tag == "{http://www.w3.org/2005/Atom}feed"
