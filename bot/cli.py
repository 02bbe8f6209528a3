"""The `cddbot` command: a Flask CLI group around the app factory."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import click
from flask.cli import FlaskGroup
from sqlalchemy import func, select

from bot import create_app
from bot.audit_cli import audit_command
from bot.cli_common import database, operator, settings
from bot.labels_cli import labels_group
from bot.member_cli import member_group
from bot.reminder_cli import reminders_group
from bot.richmenu.cli import richmenu_group
from classifier.cli import classify_command, eval_classifier_command
from models import stats
from models.audit import do_audit
from models.base import utcnow
from models.calendar import do_calendar_change, important_days
from models.demo import DemoRefused, remove_demo, seed_demo
from models.divisions import Centre, District, Subdistrict
from models.inbox import InboxEvent
from models.landing import landed_count
from models.migrate import upgrade
from models.queue import FAILED
from models.seed import create_invite, seed_divisions
from models.stats import COUNTRY, Month, Scope
from thaitext import be_to_ce_year, parse_month, thai_date, to_arabic_digits
from thaitext.important_days import CalendarError, DayChange


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
            do_audit(session, "invite.create", f"invite:{invite.id}", actor=None, area=area,
                     at=utcnow(), role=role)
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


@cli.command("report")
@click.option("--month", "month_text", required=True,
              help="e.g. 2567-10, 2024-10, ต.ค. 67 or เดือนที่แล้ว")
@click.option("--province", default=None, help="province code, e.g. 43")
@click.option("--district", default=None, help="district code, e.g. 4301")
@click.option("--country", is_flag=True, help="the whole country")
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True), default=None,
              help="file to write [default: cddbot-<area>-<year BE>-<month>.xlsx]")
def report_command(month_text: str, province: str | None, district: str | None,
                   country: bool, out: str | None) -> None:
    """Write the monthly report file (the one `ส่งออก` links to) for an area."""
    # Here, not at the top: every `cddbot worker` imports this module, and openpyxl is some
    # 300 modules only this command needs.
    from reporting.workbook import file_name, monthly_workbook

    now = datetime.now(UTC)
    parsed = parse_month(month_text, thai_date(now))
    if parsed is None:
        raise click.BadParameter(f"not a month: {month_text!r}", param_hint="--month")
    month = Month(*parsed)
    scope = _report_scope(province, district, country)
    with database() as db, db.sessions() as session:
        try:
            summary = stats.summary(session, scope, month)
        except ValueError as exc:  # an area code the database does not have
            raise click.ClickException(str(exc)) from None
        lines = stats.report_lines(session, scope, month)
        missing = stats.not_reported(session, scope, month)
    path = Path(out or file_name(scope.code, month.year, month.month))
    path.write_bytes(monthly_workbook(summary, lines, missing, as_of=thai_date(now)))
    click.echo(f"{path}: {summary.status.scope_name}, {len(lines)} reports, "
               f"{len(missing)} centres without a report")


def _report_scope(province: str | None, district: str | None, country: bool) -> Scope:
    """The one area asked for; with none, the only configured province."""
    chosen = [given for given in (province, district, country or None) if given]
    if len(chosen) > 1:
        raise click.UsageError("give only one of --province, --district, --country")
    if country:
        return Scope("country", COUNTRY)
    if district:
        return Scope("district", district)
    if province:
        return Scope("province", province)
    provinces = settings().provinces
    if provinces is None or len(provinces) != 1:
        raise click.UsageError("give --province, --district or --country")
    return Scope("province", provinces[0])


@cli.group("days")
def days_group() -> None:
    """The calendar of important days: list a year, add, move or cancel a day in one year.
    Years may be written in the Buddhist era (2570) or the Gregorian (2027)."""


@days_group.command("list")
@click.option("--year", "year_text", default=None,
              help="e.g. 2027 or 2570 [default: this year in Thailand]")
def days_list_command(year_text: str | None) -> None:
    """One day a line: date, key, Thai name, whether it is a 3.3 volunteer day (tab-separated)."""
    year = _calendar_year(year_text) if year_text else thai_date(datetime.now(UTC)).year
    with database() as db, db.sessions() as session:
        days = important_days(session, year)
    for day in days:
        click.echo("\t".join((day.on.isoformat(), day.key, day.name_th,
                              "yes" if day.volunteer_day else "no")))


@days_group.command("add")
@click.option("--date", "date_text", required=True, help="YYYY-MM-DD")
@click.option("--key", required=True, help="a new key: lower-case ASCII, digits and _")
@click.option("--name", "name_th", required=True, help="the Thai name people read")
@click.option("--not-volunteer", is_flag=True,
              help="list the day, but not as a 3.3 volunteer day (no countdown, no reminders)")
@click.option("--by", default=None, help="who asked for the change [default: cli:$USER]")
def days_add_command(date_text: str, key: str, name_th: str, not_volunteer: bool,
                     by: str | None) -> None:
    """Add a day of the department's or province's own, for the year of its date."""
    on = _calendar_date(date_text, "--date")
    _change_calendar(DayChange.add(on, key, name_th.strip(), not not_volunteer), by)
    click.echo(f"added {key} on {on.isoformat()}")


@days_group.command("move")
@click.argument("key")
@click.option("--year", "year_text", required=True, help="the year the change is for")
@click.option("--to", "date_text", required=True, help="the new date, YYYY-MM-DD")
@click.option("--by", default=None, help="who asked for the change [default: cli:$USER]")
def days_move_command(key: str, year_text: str, date_text: str, by: str | None) -> None:
    """Move a day to another date in one year (also gives a day without a date, tree_day, one)."""
    on = _calendar_date(date_text, "--to")
    _change_calendar(DayChange.move(key, _calendar_year(year_text), on), by)
    click.echo(f"moved {key} to {on.isoformat()}")


@days_group.command("cancel")
@click.argument("key")
@click.option("--year", "year_text", required=True, help="the year the change is for")
@click.option("--by", default=None, help="who asked for the change [default: cli:$USER]")
def days_cancel_command(key: str, year_text: str, by: str | None) -> None:
    """Cancel a day in one year (a later `move` brings it back)."""
    year = _calendar_year(year_text)
    _change_calendar(DayChange.cancel(key, year), by)
    click.echo(f"cancelled {key} in {year}")


def _change_calendar(change: DayChange, by: str | None) -> None:
    try:
        with database() as db, db.transaction() as session:
            do_calendar_change(session, change, by or operator())
    except CalendarError as exc:
        raise click.ClickException(str(exc)) from None


def _calendar_year(text: str) -> int:
    """A four-digit year; above 2400 it is the Buddhist era."""
    value = to_arabic_digits(text).strip()
    if not (value.isdigit() and len(value) == 4) or not 1900 <= be_to_ce_year(int(value)) < 2200:
        raise click.BadParameter(f"not a year: {text!r}", param_hint="--year")
    return be_to_ce_year(int(value))


def _calendar_date(text: str, param_hint: str) -> date:
    """YYYY-MM-DD, with a Gregorian or a Buddhist-era year."""
    try:
        year, month, day = to_arabic_digits(text).strip().split("-")
        return date(_calendar_year(year), int(month), int(day))
    except (ValueError, click.BadParameter):
        raise click.BadParameter(f"not a date: {text!r} (YYYY-MM-DD)",
                                 param_hint=param_hint) from None


cli.add_command(richmenu_group, "richmenu")
cli.add_command(reminders_group, "reminders")
cli.add_command(member_group, "member")
cli.add_command(classify_command, "classify")
cli.add_command(eval_classifier_command, "eval-classifier")
cli.add_command(labels_group, "labels")
cli.add_command(audit_command, "audit")


def main() -> None:
    sys.exit(cli.main(prog_name="cddbot"))
