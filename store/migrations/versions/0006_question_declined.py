"""question: FAQ entries the member already turned down

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 07:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("question", schema=None) as batch_op:
        # Existing rows get an empty list, so the column can be NOT NULL at once.
        batch_op.add_column(sa.Column("declined", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_column("declined")
