"""The declarative registry every service's models are built on."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pdp_common.db import JSONDoc, UTCDateTime, make_registry
from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    registry = make_registry()


class OtherBase(DeclarativeBase):
    registry = make_registry()


class Parent(Base):
    __tablename__ = "parents"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(unique=True)


class Child(Base):
    __tablename__ = "children"
    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id"), index=True)
    name: Mapped[str]
    seen_at: Mapped[datetime]
    document: Mapped[dict[str, Any]]
    tags: Mapped[list[str]]


class TestMakeRegistry:
    def test_constraints_are_named_by_the_platform_convention(self) -> None:
        table = Base.metadata.tables["children"]
        names = {c.name for c in table.constraints} | {i.name for i in table.indexes}
        assert names >= {
            "pk_children",
            "fk_children_parent_id_parents",
            "uq_children_parent_id_name",
            "ix_children_parent_id",
        }
        assert {c.name for c in Base.metadata.tables["parents"].constraints} >= {"uq_parents_code"}

    def test_annotations_map_to_the_portable_column_types(self) -> None:
        columns = Child.__table__.c
        assert isinstance(columns.seen_at.type, UTCDateTime)
        assert columns.document.type is JSONDoc
        assert columns.tags.type is JSONDoc

    def test_each_base_has_its_own_metadata(self) -> None:
        assert Base.metadata is not OtherBase.metadata
        assert set(Base.metadata.tables) == {"parents", "children"}
        assert not OtherBase.metadata.tables
