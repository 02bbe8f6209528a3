#!/usr/bin/env python3
"""The README's two commands, on a machine with nothing but Python:

    python3 dev.py run     # set up, migrate, seed (with demo data), start the bot and simulator
    python3 dev.py test    # set up, run the checks and the whole test suite (extra args go to
                           # pytest; CDDBOT_SKIP_CHECKS=1 runs the tests alone)
    python3 dev.py check   # ruff, mypy and the import layers only

Set-up is a virtualenv in .venv with the project installed; it is redone only when
pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".cddbot-installed"


def python() -> str:
    return str(BIN / "python")


def setup() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (dev.py runs on whatever python3 is)
        sys.exit(f"Python 3.11 or newer is needed, this is {sys.version.split()[0]}")
    if not (BIN / "python").exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("installing dependencies into .venv (first run takes a minute) ...", flush=True)
    pip = [python(), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "-e", f"{ROOT}[test]"], check=True, cwd=ROOT)
    STAMP.write_text(wanted)


def cddbot(*args: str, env: dict[str, str] | None = None) -> int:
    return subprocess.run([python(), "-m", "bot", *args], cwd=ROOT, env=env).returncode


def run(args: list[str]) -> int:
    setup()
    # The embedded default is a training database: the demo leaders and a month of reports
    # show a new user what the bot does (seed_demo refuses a database with real members).
    for step in (["db", "upgrade"], ["seed", "--demo"]):
        if cddbot(*step) != 0:
            return 1
    return cddbot("serve", *args)


BROWSER_PACKAGES = ["chromium", "fonts-thai-tlwg", "fonts-noto-color-emoji"]
# LibreOffice Calc and poppler's pdftotext/pdftoppm check that the monthly report file renders
# Thai (with fonts-thai-tlwg above). Without recommends: LibreOffice's would add hundreds of
# megabytes the tests never use.
REPORT_PACKAGES = ["libreoffice-calc", "poppler-utils"]
TEST_PROGRAMS = ["/usr/bin/chromium", "/usr/bin/soffice", "/usr/bin/pdftotext"]


def system_packages() -> None:
    """The simulator's browser test drives Debian's Chromium, the report file test Debian's
    LibreOffice; Thai and emoji fonts make their output readable. Without root or apt, those
    tests fail or skip and say why."""
    if all(Path(program).exists() for program in TEST_PROGRAMS) or not shutil.which("apt-get"):
        return
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        print("missing test packages: apt-get install "
              f"{' '.join(BROWSER_PACKAGES + REPORT_PACKAGES)} (as root)", file=sys.stderr)
        return
    print("installing Chromium and LibreOffice for the tests ...", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    for extra, packages in (([], BROWSER_PACKAGES),
                            (["--no-install-recommends"], REPORT_PACKAGES)):
        subprocess.run(["apt-get", "install", "-y", "-qq", *extra, *packages], check=False,
                       env=env, stdout=subprocess.DEVNULL)


# The checks that keep the structure: lint, types (Any must not leak), and the import
# layers (the edge calls the conversation, never the other way), each failing the run.
CHECKS = (
    ("ruff", ["ruff", "check", "."]),
    ("mypy", ["mypy"]),
    ("import layers", ["lint-imports", "--no-cache"]),
)


def check(args: list[str]) -> int:
    setup()
    for name, command in CHECKS:
        print(f"== {name}", flush=True)
        if subprocess.run([str(BIN / command[0]), *command[1:]], cwd=ROOT).returncode != 0:
            print(f"{name} failed", file=sys.stderr)
            return 1
    return 0


def test(args: list[str]) -> int:
    setup()
    if os.environ.get("CDDBOT_SKIP_CHECKS") != "1" and check([]) != 0:
        return 1
    system_packages()
    code = subprocess.run([python(), "-m", "pytest", *args], cwd=ROOT).returncode
    if code == 5:
        print("pytest collected no tests: that is a failure here", file=sys.stderr)
        return 1
    return code


def main() -> int:
    commands = {"run": run, "test": test, "check": check}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
