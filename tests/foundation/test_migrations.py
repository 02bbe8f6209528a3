"""The Alembic chain builds the schema the models declare, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import models  # noqa: F401 (registers every model on the metadata)
from models.base import Base
from models.session import Database


def test_migrations_match_the_models(db: Database) -> None:
    with db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert differences == []
