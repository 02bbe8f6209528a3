"""`cddbot audit [--since DATE]`: the audit log, one action a line, tab-separated:

    time (Thai time, ISO 8601)  actor (role#member id, cli)  action  area  target  detail

No names, LINE ids or message text: the province can hand the listing to an auditor."""

from __future__ import annotations

from datetime import datetime

import click

from bot.config import ConfigError, Settings
from models.audit import AuditEntry, audit_trail
from models.session import Database
from thaitext import BANGKOK, be_to_ce_year, to_arabic_digits


@click.command("audit")
@click.option("--since", "since_text", default=None,
              help="from this Thai day on, YYYY-MM-DD (2567-10-01 or 2024-10-01) "
                   "[default: everything]")
def audit_command(since_text: str | None) -> None:
    """Staff actions: exports, announcements, code rotations, role changes, removals and
    deletions, oldest first."""
    since = parse_since(since_text) if since_text else None
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    db = Database(settings.database_url)
    try:
        with db.sessions() as session:
            entries = audit_trail(session, since)
    finally:
        db.dispose()
    for entry in entries:
        click.echo(audit_line(entry))
    if not entries:
        click.echo("no actions recorded" + (f" since {since_text}" if since_text else ""),
                   err=True)


def parse_since(text: str) -> datetime:
    """Midnight in Thailand of a YYYY-MM-DD day; a year above 2400 is the Buddhist era."""
    try:
        year, month, day = (int(part) for part in to_arabic_digits(text).strip().split("-"))
        return datetime(be_to_ce_year(year), month, day, tzinfo=BANGKOK)
    except ValueError:
        raise click.BadParameter(f"not a date: {text!r} (YYYY-MM-DD)",
                                 param_hint="--since") from None


def audit_line(entry: AuditEntry) -> str:
    actor = entry.actor_role if entry.actor_id is None else \
        f"{entry.actor_role}#{entry.actor_id}"
    detail = " ".join(f"{key}={value}" for key, value in entry.detail.items())
    fields = (entry.at.astimezone(BANGKOK).isoformat(timespec="seconds"), actor,
              entry.action, entry.area, entry.target, detail or "-")
    return "\t".join(_one_line(field) for field in fields)


def _one_line(text: str) -> str:
    return " ".join(text.split())

