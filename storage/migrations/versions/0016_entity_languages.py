"""Languages of the cross-language keys per day: linking skips archives of one language.

``story_entity_languages(day, language)`` records each UTC day on which keys of a
story in ``language`` ("" for none) were stored. Linking looks for stories in
*other* languages within days of a story; where the table has none, the lookup
that read every posting of the story's keys in the window is skipped. Filled
here from the keys already stored.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_entity_languages",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("language", sa.String, primary_key=True),
        sqlite_with_rowid=False,
    )
    day = (
        "date(published)"
        if op.get_bind().dialect.name == "sqlite"
        else "CAST(published AT TIME ZONE 'UTC' AS date)"
    )
    op.execute(
        "INSERT INTO story_entity_languages (day, language) "
        f"SELECT DISTINCT {day}, COALESCE(language, '') FROM story_entities"
    )


def downgrade() -> None:
    op.drop_table("story_entity_languages")
