"""`cddbot labels export [--since DATE] [--out FILE]`: the types people gave the bot's reports,
as JSON Lines in the format of evaldata/ (see evaldata/README.md), to retrain the classifier's
model on the leaders' own words: `python -m classifier.train --with FILE`.

A label is a leader's type change with the receipt's quick reply ("report.label_type") or a
text the bot took for chatter and the leader saved as a report ("report.label_saved", which
says "a report" and becomes a label once a type is chosen). The latest type given to a report
wins. Each line carries the text, the type, the classifier's own answer and version, and the
dimension, sectors and head-count the classifier read (marked as not checked by a person);
never a name or a LINE id.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TextIO

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cli_common import database, parse_since
from models.audit import AuditLog
from models.reports import Report
from thaitext import thai_date

TYPE_CHANGED = "report.label_type"
SAVED = "report.label_saved"
TYPES = ("3.1", "3.2", "3.3")
# A LINE user, group or room id inside a text is blanked (the erasure does the same).
_LINE_ID = re.compile(r"\b[UCR][0-9a-f]{32}\b")
NOTE = ("FIELD: the type is a leader's choice in the bot; dimension, sectors and participants "
        "are the classifier's reading, not checked by a person.")


@click.group("labels")
def labels_group() -> None:
    """Labels people gave the classifier's answers, to retrain it."""


@labels_group.command("export")
@click.option("--since", "since_text", default=None,
              help="from this Thai day on, YYYY-MM-DD (2567-10-01 or 2024-10-01) "
                   "[default: everything]")
@click.option("--out", "out", type=click.File("w", encoding="utf-8"), default="-",
              help="file to write [default: standard output]")
def export_command(since_text: str | None, out: TextIO) -> None:
    """Write the labelled texts as JSON Lines (then: python -m classifier.train --with FILE)."""
    since = parse_since(since_text) if since_text else None
    with database() as db, db.sessions() as session:
        rows = list(field_labels(session, since))
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    click.echo(f"{len(rows)} labelled texts", err=True)


@dataclass
class _Label:
    report: int
    text: str = ""
    type: str | None = None
    classifier: str | None = None
    version: str | None = None
    saved: bool = False
    actions: list[str] = field(default_factory=list)


def field_labels(session: Session, since: datetime | None = None) -> Iterator[dict[str, Any]]:
    """One evaldata row per report a person gave a type, oldest first; the latest type wins."""
    query = select(AuditLog).where(AuditLog.action.in_((TYPE_CHANGED, SAVED)))
    if since is not None:
        query = query.where(AuditLog.at >= since)
    labels: dict[int, _Label] = {}
    for entry in session.scalars(query.order_by(AuditLog.at, AuditLog.id)):
        detail = entry.detail or {}
        report_id = detail.get("report")
        if not isinstance(report_id, int):
            continue
        label = labels.setdefault(report_id, _Label(report_id))
        label.text = str(detail.get("text") or label.text)
        label.classifier = label.classifier or _answer(detail, entry.action)
        label.version = label.version or _str(detail.get("version"))
        label.actions.append(entry.action)
        if entry.action == SAVED:
            label.saved = True
        elif detail.get("to") in TYPES:
            label.type = str(detail["to"])
    for label in labels.values():
        if label.type is None or not label.text.strip():
            continue  # saved as a report, but no type chosen yet: not a label of a type
        yield _row(label, session.get(Report, label.report))


def _answer(detail: dict[str, Any], action: str) -> str | None:
    """The classifier's own answer: recorded since version 1.1; before, the type it replaced."""
    answer = detail.get("classifier")
    if answer is None and action == TYPE_CHANGED:
        answer = detail.get("from") or "none"
    return _str(answer)


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _row(label: _Label, report: Report | None) -> dict[str, Any]:
    dimension = None
    if report is not None and report.activity_type == label.type == "3.2":
        dimension = report.dimension
    row: dict[str, Any] = {
        "id": f"field-{label.report}",
        "text": _LINE_ID.sub("deleted", label.text),
        "type": label.type,
        "dimension": dimension,
        "sectors": list(report.sectors or []) if report is not None else [],
        "participants": report.participants if report is not None else None,
        "source": "field:" + ("saved" if label.saved else "type-changed"),
        "classifier": label.classifier,
        "version": label.version,
        "note": NOTE,
    }
    if report is not None:
        row["sent_at"] = thai_date(report.created_at).isoformat()
    return row


