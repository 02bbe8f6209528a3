"""Looking for what is left of a person: every table, every column, as text."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

import models  # noqa: F401 (registers every table on the metadata)
from models.base import Base
from models.session import Database


def personal_data_left(db: Database, *needles: str) -> list[str]:
    """"table.column: value" for every value in the database that holds one of `needles`
    (a LINE id, a name), JSON columns included; [] when nothing does."""
    found = []
    with db.sessions() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                for column, value in row._mapping.items():
                    text = value if isinstance(value, str) else \
                        json.dumps(value, ensure_ascii=False, default=str)
                    if any(needle in text for needle in needles):
                        found.append(f"{table.name}.{column}: {text[:160]}")
    return found


def files_under(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file()) if directory.exists() else []
