"""Points in time as an operator types them: ISO 8601, or a duration back from now."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import typer

_AGO = re.compile(r"^(\d+)\s*([smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str, *, now: datetime | None = None) -> datetime:
    """Return the UTC time ``value`` names: ``2026-12-06T03:00:00Z``, ``2026-12-06`` or ``15m``
    (``s``, ``m``, ``h``, ``d``, ``w`` back from now). A time without a zone is UTC."""
    text = value.strip()
    ago = _AGO.match(text)
    if ago:
        amount, unit = int(ago.group(1)), ago.group(2)
        return (now or datetime.now(UTC)) - timedelta(**{_UNITS[unit]: amount})
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is neither an ISO 8601 time nor a duration like 15m, 2h, 3d"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
