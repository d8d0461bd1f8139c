"""Reading spooled import files lazily: CSV line by line, JSON one incident at a time."""

from __future__ import annotations

import io
import json
from itertools import islice
from pathlib import Path

import pytest
from incidents.errors import IncidentImportInvalid
from incidents.imports import jobs_reading

from tests.incidents.factories import incident_payload
from tests.incidents.test_imports import ACLED_ROWS, acled_csv


def large_csv(path: Path, count: int) -> Path:
    """Write ``count`` ACLED rows to ``path``."""
    rows = [ACLED_ROWS[0] | {"event_id_cnty": f"KGZ{n}"} for n in range(count)]
    path.write_text(acled_csv(rows), encoding="utf-8")
    return path


class TestCSV:
    def test_a_large_file_is_read_as_far_as_the_rows_taken(self, tmp_path: Path) -> None:
        path = large_csv(tmp_path / "large.csv", 20_000)
        with path.open("rb") as handle:
            candidates = jobs_reading.csv_candidates(handle, "ACLED")
            first = list(islice(candidates, 500))
            assert [c.row for c in first] == list(range(1, 501))
            assert handle.tell() < path.stat().st_size // 10

    def test_batches_skip_the_rows_already_imported(self, tmp_path: Path) -> None:
        path = large_csv(tmp_path / "rows.csv", 7)
        batches = list(jobs_reading.batches(path, "csv", origin_org="ACLED", size=3, skip=2))
        assert [[c.row for c in batch] for batch in batches] == [[3, 4, 5], [6, 7]]
        assert batches[0][0].payload is not None
        assert batches[0][0].payload["origin"] == {"org": "ACLED", "external_id": "KGZ2"}

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            (b"a,b\n1,2\n", "header"),
            (b"event_id_cnty,notes\nKGZ1,a\x00b\n", "NUL"),
            (b"event_id_cnty,notes\nKGZ1,\xff\n", "UTF-8"),
            (b"event_id_cnty,notes\nKGZ1," + b"x" * 70_000 + b"\n", "line"),
        ],
    )
    def test_faults_of_the_file_stop_it(self, body: bytes, message: str) -> None:
        with pytest.raises(IncidentImportInvalid, match=message):
            list(jobs_reading.csv_candidates(io.BytesIO(body), "ACLED"))

    def test_a_byte_order_mark_is_ignored(self) -> None:
        body = b"\xef\xbb\xbf" + acled_csv(ACLED_ROWS[:1]).encode()
        assert [c.row for c in jobs_reading.csv_candidates(io.BytesIO(body), "ACLED")] == [1]


class TestJSON:
    def test_items_are_decoded_one_at_a_time_across_reads(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(jobs_reading, "READ_BYTES", 7)
        items = [incident_payload(title=f"Столкновение у водораспределителя {n}") for n in range(5)]
        body = json.dumps({"incidents": [*items, 12345678, "x"]}, ensure_ascii=False, indent=1)
        candidates = list(jobs_reading.json_candidates(io.BytesIO(body.encode())))
        assert [c.payload for c in candidates[:5]] == items
        assert [c.row for c in candidates] == [1, 2, 3, 4, 5, 6, 7]
        assert candidates[5].payload is None
        assert candidates[6].errors[0].message == "An incident is a JSON object."

    def test_an_empty_batch_has_no_rows(self) -> None:
        assert list(jobs_reading.json_candidates(io.BytesIO(b' {"incidents" : [ ] } '))) == []

    @pytest.mark.parametrize(
        "body",
        [b'{"rows": []}', b'{"incidents": [{"a": 1} {"b": 2}]}', b'{"incidents": [{"a": 1}',
         b'{"incidents": []} trailing', b'[1, 2]', b'{"incidents": [], "id": "forged"}'],
    )  # fmt: skip
    def test_a_body_that_is_no_batch_is_refused(self, body: bytes) -> None:
        with pytest.raises(IncidentImportInvalid):
            list(jobs_reading.json_candidates(io.BytesIO(body)))

    @pytest.mark.parametrize(
        "item", [b'{"title": "a\\u0000b"}', b'{"title": "\\ud800"}', b'{"severity": NaN}']
    )
    def test_each_incident_passes_the_platform_json_checks(self, item: bytes) -> None:
        body = b'{"incidents": [{"title": "fine"}, ' + item + b"]}"
        candidates = jobs_reading.json_candidates(io.BytesIO(body))
        assert next(candidates).row == 1
        with pytest.raises(IncidentImportInvalid, match="An incident of the JSON body"):
            next(candidates)
