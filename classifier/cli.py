"""``cddbot classify`` and ``cddbot eval-classifier`` (registered on the app's CLI group)."""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Iterator
from typing import Any, TextIO

import click

from classifier.core import classify
from classifier.evaluate import BUDGETS, CLASSES, evaluate
from classifier.result import Classification


@click.command("classify")
def classify_command() -> None:
    """Classify JSON Lines from stdin ({"text", "sent_at"?, "id"?}); one JSON line out each."""
    today = datetime.date.today()
    for line_number, row in _read_jsonl(sys.stdin):
        if row is None or not isinstance(row.get("text"), str):
            click.echo(json.dumps({"line": line_number, "error": "need a JSON object with text"}))
            continue
        try:
            sent_on = _parse_date(row.get("sent_at")) or today
        except ValueError:
            click.echo(json.dumps({"line": line_number, "error": "sent_at is not an ISO date"}))
            continue
        output = result_to_json(classify(row["text"], sent_on))
        if "id" in row:
            output = {"id": row["id"], **output}
        click.echo(json.dumps(output, ensure_ascii=False))


@click.command("eval-classifier")
@click.argument("file", type=click.File("r", encoding="utf-8"))
def eval_classifier_command(file: TextIO) -> None:
    """Print the classifier's figures on a labelled JSON Lines FILE beside their budgets."""
    rows = [row for _, row in _read_jsonl(file) if row is not None]
    figures = evaluate(rows)
    click.echo(f"texts: {figures['n']}")
    click.echo(f"{'figure':<22}{'value':>8}  {'budget':<8}  result")
    for name in (
        "type_accuracy", "macro_f1", "silent_error_rate", "abstention_rate", "none_recall",
        "dimension_accuracy", "sector_precision", "sector_recall", "sector_micro_f1",
        "participant_exact",
    ):
        budget = BUDGETS.get(name)
        verdict = ("PASS" if budget.passes(figures[name]) else "FAIL") if budget else ""
        click.echo(f"{name:<22}{figures[name]:>8.3f}  {str(budget or '-'):<8}  {verdict}")
    click.echo("confusion (rows gold, columns predicted):")
    click.echo("gold\\pred " + "".join(f"{c:>6}" for c in CLASSES))
    for gold in CLASSES:
        counts = figures["confusion"][gold]
        click.echo(f"{gold:<10}" + "".join(f"{counts[p]:>6}" for p in CLASSES))


def result_to_json(result: Classification) -> dict[str, Any]:
    """The JSON shape both commands and the bot's logs use."""
    return {
        "activity_type": result.activity_type or "none",
        "dimension": result.dimension,
        "national_day": result.national_day,
        "sectors": list(result.sectors),
        "participants": result.participants,
        "activity_date": result.activity_date.isoformat(),
        "confidence": result.confidence,
        "evidence": list(result.evidence),
        "abstain": result.abstain,
    }


def _read_jsonl(stream: TextIO) -> Iterator[tuple[int, dict[str, Any] | None]]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            yield number, None
            continue
        yield number, row if isinstance(row, dict) else None


def _parse_date(value: object) -> datetime.date | None:
    if value in (None, ""):
        return None
    return datetime.date.fromisoformat(str(value)[:10])
