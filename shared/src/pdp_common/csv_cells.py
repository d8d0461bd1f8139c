"""Cells of CSV files the platform writes, made safe to open in a spreadsheet.

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula, so text a reporter typed (``=HYPERLINK(...)``,
``=cmd|' /C calc'!A0``) would run on the analyst's machine. Following the OWASP guidance on CSV
injection, such a cell is written with a leading apostrophe, which spreadsheets show as text and
never evaluate. Plain numbers (``-12.5``, ``+3``) are left as they are: they are data, not
formulas.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")


def neutralise_cell(value: str) -> str:
    """Return ``value`` with an apostrophe in front when a spreadsheet would run it."""
    if value.startswith(FORMULA_PREFIXES) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_row(row: Mapping[str, str]) -> dict[str, str]:
    """Return ``row`` with every cell neutralised."""
    return {column: neutralise_cell(value) for column, value in row.items()}
