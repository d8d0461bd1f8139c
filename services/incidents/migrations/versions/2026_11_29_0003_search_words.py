"""Build PostgreSQL's search vector from the document's own words, without a text-search parser.

The search document is already folded and split into words by the service (``incidents.search.
text``); ``to_tsvector('simple', ...)`` parsed it again, which cost about a fifth of the server's
work to insert an incident. The vector is now ``array_to_tsvector`` of the document split at spaces
(the same lexemes, without positions, which no query uses), and queries name their lexemes as a
``tsquery``. PostgreSQL refuses lexemes over 2047 bytes where ``to_tsvector`` skipped them: the
service cuts document words to 255 characters, and this migration cuts those already stored.
SQLite (FTS5) is unchanged.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

WORDS_VECTOR = "array_to_tsvector(array_remove(string_to_array(search_document, ' '), ''))"
PARSED_VECTOR = "to_tsvector('simple'::regconfig, search_document)"
CUT_LONG_WORDS = (
    r"UPDATE incidents SET search_document = "
    r"regexp_replace(search_document, '(\S{255})\S+', '\1', 'g') "
    r"WHERE search_document ~ '\S{255}\S'"  # repetitions stop at 255
)


def _vector(expression: str) -> None:
    op.execute("DROP INDEX IF EXISTS ix_incidents_search_vector")
    op.execute("ALTER TABLE incidents DROP COLUMN IF EXISTS search_vector")
    op.execute(
        "ALTER TABLE incidents ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({expression}) STORED"
    )
    op.execute("CREATE INDEX ix_incidents_search_vector ON incidents USING gin (search_vector)")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(CUT_LONG_WORDS)
    _vector(WORDS_VECTOR)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _vector(PARSED_VECTOR)
