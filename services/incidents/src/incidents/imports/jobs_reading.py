"""Read a spooled import file lazily into numbered candidates, a batch at a time.

Only the current batch of rows is in memory: a CSV is read line by line (each line checked as
the one-request import checks the whole body: no NUL byte, at most ``MAX_CSV_LINE_BYTES``, UTF-8)
and a JSON batch ``{"incidents": [...]}`` one incident at a time (each at most
``MAX_JSON_ITEM_BYTES``). Rows are numbered as in the one-request import (from 1; CSV rows after
the header), so a job's report names the same rows. A fault in the file itself (no header, a
NUL byte, broken JSON) raises :class:`IncidentImportInvalid` when the reader reaches it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from pdp_common.json_limits import JsonLimits, JsonRefused, check_json
from pdp_common.request_limits import refusal

from incidents.acled import from_acled_row
from incidents.errors import IncidentImportInvalid
from incidents.imports.parsing import MAX_CSV_LINE_BYTES, Candidate
from incidents.imports.schemas import RowError

CSV = "csv"
JSON = "json"
MEDIA_TYPES = {"text/csv": CSV, "application/json": JSON}
READ_BYTES = 65_536
MAX_JSON_ITEM_BYTES = 1_048_576
ITEM_LIMITS = JsonLimits(max_items=64)
"""Each incident of a JSON job is checked with the platform's JSON limits, as one row of the
one-request import is (64 items per incident)."""
_BOM = b"\xef\xbb\xbf"
_WHITESPACE = " \t\r\n"


def batches(
    path: Path, media: str, *, origin_org: str, size: int, skip: int = 0
) -> Iterator[list[Candidate]]:
    """Yield the candidates of the file at ``path`` in lists of at most ``size``, leaving out the
    first ``skip`` rows (those a previous worker already imported)."""
    with path.open("rb") as handle:
        rows = csv_candidates(handle, origin_org) if media == CSV else json_candidates(handle)
        rest = islice(rows, skip, None)
        while batch := list(islice(rest, size)):
            yield batch


def check_start(path: Path, media: str, *, whole_up_to: int) -> None:
    """Refuse a file that cannot be an import of ``media`` from its first line or bytes.

    A JSON file that does not open as a batch and is at most ``whole_up_to`` bytes is first
    checked whole against the platform's JSON limits, so that it gets the answer any route gives
    such a body (413 ``body-too-complex``, 400 ``malformed-body``)."""
    with path.open("rb") as handle:
        if media == CSV:
            header = next(csv.reader(_csv_lines(handle)), None)
            _check_header(header)
            return
        try:
            _JsonItems(handle).open()
        except IncidentImportInvalid:
            if path.stat().st_size <= whole_up_to:
                try:
                    check_json(path.read_bytes(), JsonLimits())
                except JsonRefused as exc:
                    raise refusal(exc) from None
            raise


def _check_header(header: list[str] | None) -> None:
    if not header or "event_id_cnty" not in [f.strip().lower() for f in header]:
        raise IncidentImportInvalid("The CSV needs a header row with ACLED column names.")


def _csv_lines(handle: BinaryIO) -> Iterator[str]:
    first = True
    while line := handle.readline(MAX_CSV_LINE_BYTES + 2):
        if first:
            line, first = line.removeprefix(_BOM), False
        if len(line) - line.endswith(b"\n") - line.endswith(b"\r\n") > MAX_CSV_LINE_BYTES:
            raise IncidentImportInvalid(f"A CSV line holds at most {MAX_CSV_LINE_BYTES} bytes.")
        if b"\x00" in line:
            raise IncidentImportInvalid("The CSV holds a NUL byte; send UTF-8 text.")
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise IncidentImportInvalid("The CSV is not UTF-8 text.") from exc


def csv_candidates(handle: BinaryIO, origin_org: str) -> Iterator[Candidate]:
    """Yield the candidates of an ACLED-style CSV, one row at a time."""
    reader = csv.DictReader(_csv_lines(handle))
    try:
        _check_header(list(reader.fieldnames) if reader.fieldnames else None)
        for number, raw in enumerate(reader, start=1):
            parsed = from_acled_row(raw, origin_org=origin_org)
            errors = [RowError(field=e.column, message=e.message) for e in parsed.errors]
            yield Candidate(number, parsed.payload if parsed.ok else None, errors)
    except csv.Error as exc:
        raise IncidentImportInvalid(
            f"The CSV cannot be read ({exc}); fields hold at most {csv.field_size_limit()} "
            "characters."
        ) from exc


def json_candidates(handle: BinaryIO) -> Iterator[Candidate]:
    """Yield the candidates of a JSON batch ``{"incidents": [...]}``, one incident at a time."""
    items = _JsonItems(handle)
    items.open()
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            yield Candidate(number, item)
        else:
            yield Candidate(
                number, None, [RowError(field="row", message="An incident is a JSON object.")]
            )


class _JsonItems:
    """The items of the array under ``incidents``, decoded one at a time from a byte stream."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.text = ""
        self.pos = 0
        self.eof = False
        self.decoder = json.JSONDecoder()
        self.pending = b""
        self.started = False

    def _more(self) -> bool:
        if self.eof:
            return False
        chunk = self.pending + self.handle.read(READ_BYTES)
        if not self.started:
            chunk, self.started = chunk.removeprefix(_BOM), True
        if len(chunk) == len(self.pending):
            self.eof = True
            if self.pending:
                raise IncidentImportInvalid("The JSON body is not UTF-8 text.")
            return False
        cut = len(chunk)
        while cut > 0 and cut > len(chunk) - 4 and (chunk[cut - 1] & 0xC0) == 0x80:
            cut -= 1
        if cut > 0 and chunk[cut - 1] >= 0xC0:
            cut -= 1  # the lead byte of a character the next read completes
        self.pending = chunk[cut:]
        try:
            self.text = self.text[self.pos :] + chunk[:cut].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise IncidentImportInvalid("The JSON body is not UTF-8 text.") from exc
        self.pos = 0
        return True

    def _peek(self) -> str:
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self._more():
                return ""

    def _expect(self, token: str) -> None:
        for char in token:
            if self._peek() != char:
                raise IncidentImportInvalid(
                    'The body must be a JSON object {"incidents": [...]} of create payloads.'
                )
            self.pos += 1

    def open(self) -> None:
        """Read up to the opening bracket of the incidents array."""
        self._expect("{")
        self._expect('"incidents"')
        self._expect(":")
        self._expect("[")

    def __iter__(self) -> Iterator[object]:
        if self._peek() == "]":
            self.pos += 1
            self._close()
            return
        while True:
            yield self._item()
            following = self._peek()
            self.pos += 1
            if following == "]":
                self._close()
                return
            if following != ",":
                self._expect("]")

    def _item(self) -> object:
        self._peek()
        start = self.pos
        while True:
            try:
                item, end = self.decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.text) - self.pos > MAX_JSON_ITEM_BYTES:
                    raise IncidentImportInvalid(
                        f"An incident of a JSON import holds at most {MAX_JSON_ITEM_BYTES} bytes."
                    ) from exc
                if not self._more():
                    raise IncidentImportInvalid(f"The JSON body cannot be read ({exc}).") from exc
                continue
            except RecursionError as exc:
                raise IncidentImportInvalid("An incident of the JSON body nests too deep.") from exc
            if end == len(self.text) and not self.eof and self._more():
                continue  # a number might go on in the next read: decode again with more text
            self.pos = end
            try:
                check_json(self.text[start:end].encode("utf-8", "surrogatepass"), ITEM_LIMITS)
            except JsonRefused as exc:
                raise IncidentImportInvalid(f"An incident of the JSON body: {exc.detail}") from None
            return item

    def _close(self) -> None:
        self._expect("}")
        if self._peek() != "":
            raise IncidentImportInvalid("The JSON body holds more after the incidents object.")
