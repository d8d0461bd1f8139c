"""The outbox holds only the events still to publish: published rows go, with their marker.

The relay now deletes an outbox row once the broker has acknowledged its event (JetStream keeps
the events), so this revision deletes the rows already published and drops the outbox's
``published_at`` column and its partial index ``ix_outbox_unpublished``. Downgrading adds the
column and the index back; the rows deleted on the way up stay deleted.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from pdp_common.migrations import drop_outbox_published_marker, restore_outbox_published_marker

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    drop_outbox_published_marker()


def downgrade() -> None:
    restore_outbox_published_marker()
