"""Classification works with no network and an empty PyThaiNLP data directory."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = """
import socket

def _refuse(*args, **kwargs):
    raise OSError("network blocked by test")

socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse

import datetime, json, warnings
warnings.simplefilter("error")
# PyThaiNLP >= 5.3 warns that PYTHAINLP_DATA_DIR is deprecated (the pyproject ignores it too).
warnings.filterwarnings("ignore", category=DeprecationWarning, module="pythainlp")
import classifier
classifier.warm_up()
text = "๒๘ ก.ค. ๖๗ ผู้นำ อช. กับ อบต. ทำความสะอาดวัด ๓๐ คน"
r = classifier.classify(text, datetime.date(2024, 7, 29))
print(json.dumps([r.activity_type, r.national_day, list(r.sectors), r.participants,
                  r.activity_date.isoformat()]))
"""


# PYTHAINLP_DATA_DIR is the name PyThaiNLP 5.0-5.2 reads; later 5.x read PYTHAINLP_DATA
# (and refuse both at once), so each is tried alone.
@pytest.mark.parametrize("variable", ["PYTHAINLP_DATA_DIR", "PYTHAINLP_DATA"])
def test_classifies_with_network_blocked(tmp_path: Path, variable: str) -> None:
    data_dir = tmp_path / "pythainlp-data"
    data_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHAINLP_DATA")}
    env.update({variable: str(data_dir), "PYTHONPATH": str(ROOT)})
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, env=env, cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [
        "3.3", "king_birthday_jul28", ["รัฐ"], 30, "2024-07-28",
    ]
    assert not [p for p in data_dir.rglob("*") if p.is_file()], "PyThaiNLP downloaded data"
