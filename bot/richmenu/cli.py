"""`cddbot richmenu setup` and `cddbot richmenu show`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy import select

from bot.config import ConfigError, Settings
from bot.line_client import LineError
from bot.richmenu.setup import setup_rich_menus
from bot.services import Services
from models.richmenus import RichMenu


@contextmanager
def _services() -> Iterator[Services]:
    try:
        services = Services.from_settings(Settings.from_env())
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        yield services
    finally:
        services.close()


@click.group("richmenu")
def richmenu_group() -> None:
    """Per-role LINE rich menus."""


@richmenu_group.command("setup")
def setup_command() -> None:
    """Create (or replace) the rich menus of all roles on LINE and link them to members."""
    with _services() as services:
        if services.settings.simulator:
            # Without credentials the only LINE is the simulator's, inside `cddbot serve`.
            raise click.ClickException(
                "no LINE channel: set LINE_CHANNEL_ACCESS_TOKEN and LINE_CHANNEL_SECRET")
        try:
            with services.db.transaction() as session:
                created = setup_rich_menus(services.line, session)
        except LineError as exc:
            raise click.ClickException(str(exc)) from None
    for role, menu_id in created.items():
        click.echo(f"{role}\t{menu_id}")


@richmenu_group.command("show")
def show_command() -> None:
    """The current rich menu of each role: role, richMenuId (tab-separated)."""
    with _services() as services, services.db.sessions() as session:
        for row in session.scalars(select(RichMenu).order_by(RichMenu.role)):
            click.echo(f"{row.role}\t{row.rich_menu_id}")
