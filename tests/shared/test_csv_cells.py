from __future__ import annotations

import pytest
from pdp_common.csv_cells import neutralise_cell, neutralise_row


class TestNeutraliseCell:
    @pytest.mark.parametrize(
        "value",
        ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1", "=HYPERLINK(x)"],
    )
    def test_formulas_become_text(self, value: str) -> None:
        assert neutralise_cell(value) == "'" + value

    @pytest.mark.parametrize("value", ["-12.5", "+3", "-1e5", "42", "", "Osh", "a=b", "it's"])
    def test_plain_numbers_and_text_are_kept(self, value: str) -> None:
        assert neutralise_cell(value) == value


class TestNeutraliseRow:
    def test_every_cell_is_neutralised(self) -> None:
        row = {"notes": "=1+1", "latitude": "-40.5", "actor1": "@x"}
        assert neutralise_row(row) == {"notes": "'=1+1", "latitude": "-40.5", "actor1": "'@x"}
