"""How commands print: rich tables and lines for people, JSON for programs.

``--json`` prints one JSON document, or one JSON document per line for a stream of results (tail,
watch). Everything else a command says (progress, hints) goes to standard error, so standard output
stays parseable.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import typer
from pdp_common.terminal import console
from rich.console import Console
from rich.markup import escape
from rich.table import Table

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON (one document, or JSON lines for a stream).")
]


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def emit_json(document: Any) -> None:
    """Write ``document`` as one line of JSON to standard output."""
    sys.stdout.write(json.dumps(document, default=_default, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def note(message: str) -> None:
    """Tell the operator something on standard error (never part of the data)."""
    Console(stderr=True, highlight=False, soft_wrap=True).print(escape(message))


def emit_table(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str | None = None
) -> None:
    """Print a table; a cell is shown as text, an absent one as an empty cell."""
    table = Table(*columns, title=title)
    table.columns[0].no_wrap = True
    for row in rows:
        table.add_row(*("" if cell is None else escape(str(cell)) for cell in row))
    console().print(table)


def emit_fields(fields: Sequence[tuple[str, Any]]) -> None:
    """Print ``name: value`` lines, names aligned."""
    width = max((len(name) for name, _ in fields), default=0)
    out = console()
    for name, value in fields:
        shown = "" if value is None else str(value)
        out.print(f"[bold]{escape(name.ljust(width))}[/]  {escape(shown)}")
