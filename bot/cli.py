"""The `cddbot` command: a Flask CLI group around the app factory."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import click
from flask.cli import FlaskGroup
from sqlalchemy import func, select

from bot import create_app
from bot.config import ConfigError, Settings
from bot.richmenu.cli import richmenu_group
from classifier.cli import classify_command, eval_classifier_command
from models.demo import DemoRefused, remove_demo, seed_demo
from models.divisions import Centre, District, Subdistrict
from models.inbox import InboxEvent
from models.landing import landed_count
from models.migrate import upgrade
from models.queue import FAILED
from models.seed import create_invite, seed_divisions
from models.session import Database


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


def _create_app() -> object:
    return create_app(settings())


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False,
             load_dotenv=False, set_debug_flag=False)
def cli() -> None:
    """LINE bot for community-development volunteer-leader centres."""
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
def serve_command(host: str) -> None:
    """Web + worker + clock in one process (simulator mode without LINE credentials)."""
    from bot.runtime import serve

    serve(settings(), host=host)


@cli.command("worker")
def worker_command() -> None:
    """Handle inbox events and send outbox messages."""
    from bot.runtime import run_worker

    config = settings()
    if config.simulator:
        raise click.ClickException(
            "the worker talks to LINE: set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN "
            "(without them, `cddbot serve` runs everything with the simulator)")
    run_worker(config)


@cli.command("clock")
def clock_command() -> None:
    """Run the scheduler that plans reminders and housekeeping."""
    from bot.runtime import run_clock

    run_clock(settings())


@cli.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
def db_upgrade_command() -> None:
    """Apply the Alembic migrations."""
    upgrade(settings().database_url)
    click.echo("database is up to date")


@cli.command("seed")
@click.option("--demo", is_flag=True,
              help="also add marked demo members and a month of reports in Nong Khai")
@click.option("--remove-demo", "remove_demo_flag", is_flag=True, help="delete all demo data")
@click.option("--force", is_flag=True, help="add demo data even if real members exist")
def seed_command(demo: bool, remove_demo_flag: bool, force: bool) -> None:
    """Add provinces, districts, sub-districts and centres for BOT_PROVINCES (idempotent)."""
    with database() as db, db.transaction() as session:
        created = seed_divisions(session, settings().provinces)
        total = session.scalar(select(func.count()).select_from(Centre))
    click.echo(f"{created} centres created, {total} in all")
    if not (demo or remove_demo_flag):
        return
    with database() as db, db.transaction() as session:
        if remove_demo_flag:
            click.echo(f"{remove_demo(session)} demo members and reports removed")
            return
        try:
            summary = seed_demo(session, datetime.now(UTC), force=force)
        except DemoRefused as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(summary.describe())


@cli.command("invite")
@click.option("--role", type=click.Choice(["admin", "officer"]), required=True)
@click.option("--area", required=True, help="province code (admin) or district code (officer)")
def invite_command(role: str, area: str) -> None:
    """Print a one-time registration code (alone on the last line)."""
    try:
        with database() as db, db.transaction() as session:
            invite = create_invite(session, role, area)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"one-time code for {role} of {area}; send it to them: ลงทะเบียน {invite.code}")
    click.echo(invite.code)


@cli.command("centres")
@click.option("--district", default=None, help="only this district code")
def centres_command(district: str | None) -> None:
    """List centres: sub-district code, district, sub-district, join code (tab-separated)."""
    query = (
        select(Subdistrict.code, District.name_th, Subdistrict.name_th, Centre.join_code)
        .join(Centre, Centre.subdistrict_code == Subdistrict.code)
        .join(District, District.code == Subdistrict.district_code)
        .order_by(Subdistrict.code)
    )
    if district:
        query = query.where(District.code == district)
    with database() as db, db.sessions() as session:
        for row in session.execute(query):
            click.echo("\t".join(row))


@cli.command("inbox")
def inbox_command() -> None:
    """Inbox events by status, and the failed ones with their errors."""
    with database() as db, db.sessions() as session:
        if landed := landed_count(db):
            click.echo(f"landed\t{landed}")  # stored by the webhook, not yet queued
        counts = session.execute(
            select(InboxEvent.status, func.count()).group_by(InboxEvent.status)
            .order_by(InboxEvent.status)).all()
        for status, count in counts:
            click.echo(f"{status}\t{count}")
        failed = session.scalars(
            select(InboxEvent).where(InboxEvent.status == FAILED).order_by(InboxEvent.id))
        for event in failed:
            click.echo(f"failed #{event.id} {event.event_type} {event.webhook_event_id} "
                       f"after {event.attempts} attempts: {event.last_error}")


cli.add_command(richmenu_group, "richmenu")
cli.add_command(classify_command, "classify")
cli.add_command(eval_classifier_command, "eval-classifier")


def main() -> None:
    sys.exit(cli.main(prog_name="cddbot"))
