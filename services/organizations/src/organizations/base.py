"""The declarative base of the service's tables and the portable list-of-codes column."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pdp_common.db import make_registry
from sqlalchemy import ColumnElement, Text, literal, type_coerce
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator


class Base(DeclarativeBase):
    """Declarative base of the service's tables, with the platform's naming convention."""

    registry = make_registry()


SEPARATOR = "|"


class CodeList(TypeDecorator[list[str]]):
    """A list of codes (ISO3, organization or category codes) stored as ``|A|B|`` text.

    The delimited form lets both SQLite and PostgreSQL test membership with one ``LIKE``.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Iterable[str] | None, dialect: Dialect) -> str:
        codes = sorted(set(value or ()))
        return SEPARATOR + SEPARATOR.join(codes) + SEPARATOR if codes else SEPARATOR

    def process_result_value(self, value: str | None, dialect: Dialect) -> list[str]:
        return [code for code in (value or "").split(SEPARATOR) if code]


def has_code(column: Any, code: str) -> ColumnElement[bool]:
    """Return the condition that the code-list ``column`` holds ``code``."""
    escaped = code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = literal(f"%|{escaped}|%", Text())
    condition: ColumnElement[bool] = type_coerce(column, Text()).like(pattern, escape="\\")
    return condition
