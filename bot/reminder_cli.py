"""`cddbot reminders plan --date YYYY-MM-DD [--dry-run]`: the reminders of one day, planned
into the outbox (sent at their time by the worker's sender) or only shown."""

from __future__ import annotations

from datetime import date, datetime

import click

from bot.config import ConfigError, Settings
from bot.services import Services
from models.reminders import mark_day_planned
from scheduler.clock import volunteer_days_near
from scheduler.planning import plan_and_queue, read_situation
from scheduler.reminders import Planned, plan_day
from thaitext import BANGKOK

PREVIEW = 70


@click.group("reminders")
def reminders_group() -> None:
    """Reminders before important days and the monthly report's due day."""


@reminders_group.command("plan")
@click.option("--date", "day_text", required=True, help="the Thai day, YYYY-MM-DD")
@click.option("--dry-run", is_flag=True, help="only print what would be planned")
def plan_command(day_text: str, dry_run: bool) -> None:
    """Plan the reminders due on a day; a second run for the same day plans nothing."""
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        raise click.BadParameter(f"not a date: {day_text!r}", param_hint="--date") from None
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    services = Services.from_settings(settings)
    try:
        days = volunteer_days_near(services.db, day.year)
        rules = settings.reminders
        if dry_run:
            with services.db.sessions() as session:
                situation = read_situation(session, day, days, rules, settings.provinces)
            show(plan_day(day, days, situation, rules), [])
            return
        quota = services.line.quota_left() if not settings.simulator else None
        with services.db.transaction() as session:
            outcome = plan_and_queue(session, day, days, datetime.now(BANGKOK), rules=rules,
                                     provinces=settings.provinces, quota_left=quota,
                                     late_ok=True)
            mark_day_planned(session, day, len(outcome.planned), len(outcome.held))
        show(outcome.planned, outcome.held)
        if outcome.already:
            click.echo(f"{outcome.already} planned before for {day}: not again")
    finally:
        services.close()


def show(planned: list[Planned], held: list[Planned]) -> None:
    for p, note in [(p, "") for p in planned] + [(p, "\tHELD (quota)") for p in held]:
        preview = p.text.replace("\n", " ")[:PREVIEW]
        click.echo(f"{'+'.join(p.rules)}\t{p.role}\t{p.line_user_id}\t{preview}{note}")
    click.echo(f"{len(planned)} messages, {len(planned)} quota units"
               + (f", {len(held)} held" if held else ""))
