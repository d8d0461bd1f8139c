"""Field types of API inputs that take only what their OpenAPI schema says.

Pydantic's lax mode turns a number into a date-time (seconds since 1970), ``0`` into a date and
``"yes"`` into ``true``. The documents promise RFC 3339 text and JSON booleans, so inputs refuse
the rest with a 422 that names the field; responses keep the ordinary types.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator, StrictBool

_NUMBER = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")


def _text_not_number(value: Any) -> Any:
    """Refuse numbers, and text that is a number, where a date or a time is expected."""
    if isinstance(value, bool | int | float) or (isinstance(value, str) and _NUMBER.match(value)):
        raise ValueError("expected RFC 3339 text, such as 2026-12-05 or 2026-12-05T08:00:00Z")
    return value


Timestamp = Annotated[AwareDatetime, BeforeValidator(_text_not_number)]
"""A date and time with its offset (RFC 3339 ``date-time``), never a bare number."""

Day = Annotated[date, BeforeValidator(_text_not_number)]
"""A calendar day (RFC 3339 ``full-date``), never a bare number."""

Flag = StrictBool
"""A JSON ``true`` or ``false`` in a body, never ``"yes"``, ``1`` or ``"true"``."""
