"""Text normalization shared by the stored search document and the query, on both databases.

Both sides are folded in Python (Unicode case folding, compatibility decomposition, combining marks
removed), so "Ош", "ОШ" and "ош" match alike, and "Hérat" matches "Herat", whatever the database's
locale. Words are runs of letters and digits, cut to ``MAX_DOCUMENT_WORD`` characters in the
document (PostgreSQL refuses longer lexemes; queries are shorter still). SQLite indexes the
document with FTS5 (unicode61 tokenizer); PostgreSQL takes its words as they are for a ``tsvector``
(``array_to_tsvector`` of the document split at spaces) and queries them as ``tsquery`` lexemes,
so that no text-search parser splits a word differently on either side. Every query word matches
as a prefix, and all words must match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 12
MAX_WORD_LENGTH = 64
MAX_DOCUMENT_WORD = 255
LONG_WORD = re.compile(rf"[^\W_]{{{MAX_DOCUMENT_WORD + 1},}}")


COMBINING_MARKS = frozenset(cp for cp in range(0x10000) if unicodedata.combining(chr(cp)))


def _character_class(code_points: Iterable[int]) -> str:
    """Return a regular expression character class matching exactly ``code_points``."""
    spans: list[list[int]] = []
    for cp in sorted(code_points):
        if spans and spans[-1][1] == cp - 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    ranges = (re.escape(chr(a)) + ("" if a == b else "-" + re.escape(chr(b))) for a, b in spans)
    return "[" + "".join(ranges) + "]"


# Removing the marks with one pattern is three times faster than str.translate with a table.
MARKS = re.compile(_character_class(COMBINING_MARKS) + "+")
ASCII_SEPARATORS = bytes(byte if chr(byte).isalnum() else 0x20 for byte in range(256))
r"""A ``bytes.translate`` table turning every ASCII byte that is not a letter or digit into a space:
on ASCII text, the words ``WORD`` finds (``[^\W_]`` is what ``str.isalnum`` accepts) are then the
runs between spaces, four times faster to split than to match."""


def fold(text: str) -> str:
    """Return ``text`` case-folded, without diacritics, in compatibility form."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = MARKS.sub("", decomposed)
    return unicodedata.normalize("NFC", stripped.casefold())


FOLDED_TOKENS_KEPT = 50_000
"""How many distinct whitespace-separated tokens :func:`words` remembers the words of."""
_folded_tokens: dict[str, list[str]] = {}


def words(text: str) -> list[str]:
    """Return the folded words of ``text``: ``WORD.findall(fold(text))``, computed faster.

    ASCII text is split with one ``bytes.translate``. Other text is folded a whitespace-separated
    token at a time, each token's words remembered (natural text repeats its words): whitespace
    never belongs to a word, decomposes only into whitespace and composes with nothing, so the
    words of the tokens, in turn, are the words of the whole text (the tests compare both).
    """
    if text.isascii():
        return text.lower().encode().translate(ASCII_SEPARATORS).decode().split()
    found: list[str] = []
    known = _folded_tokens
    for token in text.split():
        folded = known.get(token)
        if folded is None:
            if len(known) >= FOLDED_TOKENS_KEPT:
                known.clear()
            folded = known[token] = WORD.findall(fold(token))
        found += folded
    return found


def search_document(parts: Iterable[str | None]) -> str:
    """Return the searchable document made of the non-empty ``parts``."""
    # Parts are joined with a space (never part of a word, never composed with a neighbour),
    # so folding and splitting the whole text once gives the words of each part in turn.
    document = " ".join(words(" ".join(part for part in parts if part)))
    if len(document) > MAX_DOCUMENT_WORD and LONG_WORD.search(document):
        document = LONG_WORD.sub(lambda word: word[0][:MAX_DOCUMENT_WORD], document)
    return document


def query_words(query: str) -> list[str]:
    """Return the distinct folded words of a query, capped in number and length."""
    seen: list[str] = []
    for word in words(query):
        cut = word[:MAX_WORD_LENGTH]
        if cut not in seen:
            seen.append(cut)
    return seen[:MAX_QUERY_WORDS]


def fts5_query(terms: list[str]) -> str:
    """Return an SQLite FTS5 MATCH expression requiring every term as a prefix."""
    return " AND ".join(f'"{term}"*' for term in terms)


def tsquery(terms: list[str]) -> str:
    """Return a PostgreSQL ``tsquery`` (its text form) requiring every term as a prefix."""
    return " & ".join(_lexeme(term) + ":*" for term in terms)


def _lexeme(term: str) -> str:
    """Return a term as a quoted ``tsquery`` lexeme."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"
