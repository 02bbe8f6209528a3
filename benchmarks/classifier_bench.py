"""Classifier speed: throughput on ~200-character messages and time to the first answer.

Run ``python benchmarks/classifier_bench.py``; ``run()`` returns the rows for other tools.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
THROUGHPUT_BUDGET = 1000.0  # messages per second on one core
FIRST_CALL_BUDGET = 1.0  # seconds from a fresh process to the first classification (issue #15)
MESSAGE_CHARS = 200

_STARTUP_SCRIPT = """
import datetime, json, time
t0 = time.perf_counter()
import classifier
classifier.warm_up()
t1 = time.perf_counter()
classifier.classify({text!r}, datetime.date(2024, 7, 29))
t2 = time.perf_counter()
print(json.dumps({{"warm": t1 - t0, "first": t2 - t1}}))
"""


def _messages() -> list[str]:
    """Dev-set texts repeated/cut to about 200 characters each."""
    lines = (ROOT / "evaldata" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    return [(text + " ") * (MESSAGE_CHARS // max(1, len(text)) + 1) for text in texts]


def _per_second(call: Any, messages: list[str], rounds: int = 3) -> float:
    for message in messages[:5]:
        call(message)
    started = time.perf_counter()
    for _ in range(rounds):
        for message in messages:
            call(message)
    return rounds * len(messages) / (time.perf_counter() - started)


def _startup() -> dict[str, float]:
    script = _STARTUP_SCRIPT.format(text="28 ก.ค. 67 ทำความสะอาดวัด ผู้นำ อช. 20 คน")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env,
        cwd=ROOT,
    )
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def run() -> list[dict[str, Any]]:
    """Measure and return one row per figure (value, unit, budget, baseline, ok)."""
    from pythainlp.tokenize import word_tokenize

    import classifier

    classifier.warm_up()
    messages = [m[:MESSAGE_CHARS] for m in _messages()]
    sent_on = datetime.date(2024, 7, 29)
    baseline = _per_second(word_tokenize, messages)
    ours = _per_second(lambda m: classifier.classify(m, sent_on), messages)
    start = _startup()
    total = start["warm"] + start["first"]
    return [
        {"name": "classify throughput (200-char msgs, 1 core)", "value": round(ours, 1),
         "unit": "msg/s", "budget": f">= {THROUGHPUT_BUDGET:g}",
         "baseline": round(baseline, 1), "ok": ours >= THROUGHPUT_BUDGET},
        {"name": "fresh process: import + warm_up", "value": round(start["warm"], 3),
         "unit": "s", "budget": f"(part of < {FIRST_CALL_BUDGET:g} s)", "baseline": None,
         "ok": start["warm"] < FIRST_CALL_BUDGET},
        {"name": "fresh process: first classify after warm_up", "value": round(start["first"], 4),
         "unit": "s", "budget": f"(part of < {FIRST_CALL_BUDGET:g} s)", "baseline": None,
         "ok": start["first"] < 0.1},
        {"name": "fresh process: time to first classification", "value": round(total, 3),
         "unit": "s", "budget": f"< {FIRST_CALL_BUDGET:g}", "baseline": None,
         "ok": total < FIRST_CALL_BUDGET},
    ]


def _print_table(rows: list[dict[str, Any]]) -> None:
    header = f"{'name':<46}{'value':>10} {'unit':<6}{'budget':<16}{'baseline':>10}  ok"
    print(header)
    print("-" * len(header))
    for row in rows:
        baseline = "-" if row["baseline"] is None else f"{row['baseline']:g}"
        print(f"{row['name']:<46}{row['value']:>10g} {row['unit']:<6}{row['budget']:<16}"
              f"{baseline:>10}  {'yes' if row['ok'] else 'NO'}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    _print_table(run())
