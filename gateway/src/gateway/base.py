"""The declarative base of the gateway's own tables (API keys, audit records)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pdp_common.db import JSONDoc, UTCDateTime, make_metadata
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Base of the gateway's models, with the platform's naming convention and column types."""

    metadata = make_metadata()
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSONDoc, list[str]: JSONDoc}
