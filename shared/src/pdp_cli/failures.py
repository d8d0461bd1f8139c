"""Failures of a command: one exception that carries a readable message and the exit code."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

T = TypeVar("T")

EXIT_FAILED = 1
"""The platform refused the request, or the task failed."""
EXIT_USAGE = 2
"""The command line itself is wrong (click's own code for usage errors)."""
EXIT_UNREACHABLE = 3
"""The gateway, NATS or a database could not be reached."""
EXIT_NOT_FOUND = 4
"""What the command names does not exist."""
EXIT_INTERRUPTED = 130
"""Stopped with Ctrl-C."""


class CliError(Exception):
    """A failure to report in one or a few lines, and the exit code that goes with it."""

    def __init__(
        self, message: str, *, exit_code: int = EXIT_FAILED, details: tuple[str, ...] = ()
    ):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.details = details


def report(error: CliError) -> None:
    """Write ``error`` to standard error."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    console.print(f"[bold red]pdp:[/] {escape(error.message)}")
    for line in error.details:
        console.print(f"  {escape(line)}")


def run(task: Coroutine[Any, Any, T]) -> T:
    """Run a command's coroutine; turn a :class:`CliError` or Ctrl-C into a message and an
    exit code."""
    try:
        return asyncio.run(task)
    except CliError as exc:
        report(exc)
        raise typer.Exit(code=exc.exit_code) from None
    except KeyboardInterrupt:
        raise typer.Exit(code=EXIT_INTERRUPTED) from None
