"""`cddbot audit [--since DATE]`: the audit log, one action a line, tab-separated:

    time (Thai time, ISO 8601)  actor (role#member id, cli)  action  area  target  detail

No names, LINE ids or message text: the province can hand the listing to an auditor."""

from __future__ import annotations

import click

from bot.cli_common import database, parse_since
from models.audit import AuditEntry, audit_trail
from thaitext import BANGKOK


@click.command("audit")
@click.option("--since", "since_text", default=None,
              help="from this Thai day on, YYYY-MM-DD (2567-10-01 or 2024-10-01) "
                   "[default: everything]")
def audit_command(since_text: str | None) -> None:
    """Staff actions: exports, announcements, code rotations, role changes, removals and
    deletions, oldest first."""
    since = parse_since(since_text) if since_text else None
    with database() as db, db.sessions() as session:
        entries = audit_trail(session, since)
    for entry in entries:
        click.echo(audit_line(entry))
    if not entries:
        click.echo("no actions recorded" + (f" since {since_text}" if since_text else ""),
                   err=True)


def audit_line(entry: AuditEntry) -> str:
    actor = entry.actor_role if entry.actor_id is None else \
        f"{entry.actor_role}#{entry.actor_id}"
    detail = " ".join(f"{key}={value}" for key, value in entry.detail.items())
    fields = (entry.at.astimezone(BANGKOK).isoformat(timespec="seconds"), actor,
              entry.action, entry.area, entry.target, detail or "-")
    return "\t".join(_one_line(field) for field in fields)


def _one_line(text: str) -> str:
    return " ".join(text.split())

