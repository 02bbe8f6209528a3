"""Running the Alembic chain from code (`cddbot db upgrade`, tests, the embedded default)."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config

from models.landing import create_landing
from models.session import normalise_url


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("models") / "migrations"))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)
    create_landing(url)
