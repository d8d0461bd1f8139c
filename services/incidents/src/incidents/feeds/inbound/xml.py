"""Read partner XML safely: a defusedxml gate, then lxml that never resolves or fetches anything.

The gate refuses any document type declaration, entity declaration or external reference (the
billion-laughs expansion, XXE, external DTDs), before lxml builds the tree the mappers read. The
stdlib parsers never see partner XML on their own.
"""

from __future__ import annotations

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml import ElementTree as DefusedTree
from lxml import etree  # type: ignore[import-untyped]

from incidents.feeds.inbound.errors import FeedItemsInvalid

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


def parse_xml(body: bytes) -> etree._Element:
    """Return the root element of a partner document, refusing DTDs, entities and bad XML."""
    try:
        DefusedTree.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FeedItemsInvalid(
            f"XML refused: {type(exc).__name__}; document type declarations, entities and "
            "external references are not accepted."
        ) from exc
    except DefusedTree.ParseError as exc:
        raise FeedItemsInvalid(f"The body is not well-formed XML ({exc}).") from exc
    try:
        return etree.fromstring(body, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise FeedItemsInvalid(f"The body is not well-formed XML ({exc}).") from exc


def text_of(element: etree._Element | None, path: str, ns: dict[str, str]) -> str:
    """Return the stripped text of the first ``path`` under ``element`` ('' when absent)."""
    if element is None:
        return ""
    found = element.find(path, ns)
    return (found.text or "").strip() if found is not None else ""
