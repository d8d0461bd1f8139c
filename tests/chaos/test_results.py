"""A case's result: its verdict, its JSON file and its lines in the printed table."""

from __future__ import annotations

import json
from pathlib import Path

from chaos.results import CaseResult, table


def _result(**checks: bool) -> CaseResult:
    return CaseResult("broker-kill", {"incidents": 10}, {"briefings": {"applied": 10}}, checks)


class TestCaseResult:
    def test_passes_when_every_check_holds(self) -> None:
        assert _result(applied=True, published=True).passed

    def test_fails_on_a_failed_check_an_error_or_no_check(self) -> None:
        errored = _result(applied=True)
        errored.error = "ProcessDied: nats-server exited"

        assert not _result(applied=True, published=False).passed
        assert not errored.passed
        assert not _result().passed

    def test_writes_its_json_under_the_case_name(self, tmp_path: Path) -> None:
        path = _result(applied=True).write(tmp_path)

        assert path == tmp_path / "broker-kill.json"
        assert json.loads(path.read_text())["counts"] == {"briefings": {"applied": 10}}


class TestTable:
    def test_lists_parameters_nested_counts_and_checks(self) -> None:
        text = table([_result(applied=False)])

        assert "== broker-kill: FAIL" in text
        assert "briefings.applied" in text
        assert "check applied" in text
        assert "FAILED" in text
