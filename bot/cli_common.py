"""What every `cddbot` command shares: settings read once from the environment (a bad one is
a clean error, not a traceback), a database for the command's life, who ran it, and a day
given on the command line."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import click

from bot.config import ConfigError, Settings
from models.session import Database
from thaitext import BANGKOK, be_to_ce_year, to_arabic_digits


def settings() -> Settings:
    try:
        return Settings.from_env()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


@contextmanager
def database() -> Iterator[Database]:
    db = Database(settings().database_url)
    try:
        yield db
    finally:
        db.dispose()


def operator() -> str:
    """Who ran the command, for the audit log and the calendar's changes."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name in some containers
        return "cli"


def parse_since(text: str) -> datetime:
    """Midnight in Thailand of a YYYY-MM-DD day; a year above 2400 is the Buddhist era."""
    try:
        year, month, day = (int(part) for part in to_arabic_digits(text).strip().split("-"))
        return datetime(be_to_ce_year(year), month, day, tzinfo=BANGKOK)
    except ValueError:
        raise click.BadParameter(f"not a date: {text!r} (YYYY-MM-DD)",
                                 param_hint="--since") from None
