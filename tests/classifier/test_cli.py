"""The classify and eval-classifier commands through click's test runner."""

import datetime
import json
from pathlib import Path

from click.testing import CliRunner

from classifier.cli import classify_command, eval_classifier_command

DEV = Path(__file__).resolve().parents[2] / "evaldata" / "dev.jsonl"


def test_classify_reads_and_writes_json_lines() -> None:
    lines = [
        {"id": "a1", "text": "๒๘ ก.ค. ๖๗ ทำความสะอาดวัด ๒๐ คน", "sent_at": "2024-07-29"},
        {"text": "สวัสดีค่ะ"},
    ]
    stdin = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    result = CliRunner().invoke(classify_command, input=stdin)
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert first["id"] == "a1"
    assert first["activity_type"] == "3.3"
    assert first["national_day"] == "king_birthday_jul28"
    assert first["participants"] == 20
    assert first["activity_date"] == "2024-07-28"
    assert isinstance(first["evidence"], list) and first["abstain"] is False
    assert second["activity_type"] == "none"
    assert "id" not in second
    assert second["activity_date"] == datetime.date.today().isoformat()


def test_classify_reports_bad_lines_and_goes_on() -> None:
    stdin = 'not json\n{"text": 5}\n{"text": "x", "sent_at": "31-12-2024"}\n{"text": "สถานะ"}\n'
    result = CliRunner().invoke(classify_command, input=stdin)
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o.get("line") for o in out[:3]] == [1, 2, 3]
    assert out[3]["activity_type"] == "none"


def test_eval_classifier_prints_figures_with_budgets() -> None:
    result = CliRunner().invoke(eval_classifier_command, [str(DEV)])
    assert result.exit_code == 0
    for figure in ("type_accuracy", "macro_f1", "silent_error_rate", "abstention_rate",
                   "none_recall", "dimension_accuracy", "sector_micro_f1", "participant_exact"):
        assert figure in result.output
    assert "PASS" in result.output and "FAIL" not in result.output
    assert "confusion" in result.output


def test_eval_classifier_exits_zero_even_when_over_budget(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "สวัสดีค่ะ", "type": "3.1", "dimension": None,
                               "sectors": ["รัฐ"], "participants": 3}) + "\n", "utf-8")
    result = CliRunner().invoke(eval_classifier_command, [str(bad)])
    assert result.exit_code == 0
    assert "FAIL" in result.output
