"""Run the benchmarks and print one table: ``python -m benchmarks.run [NAME ...]``.

Every ``benchmarks/*_bench.py`` module's ``run()`` returns rows
``{"name", "value", "unit", "budget", "baseline", "ok"}``. NAME selects benchmarks whose module
name contains it (``webhook`` runs ``webhook_bench``). Exit status 1 if any row is not ok or a
benchmark failed to run, 2 if NAME matches nothing.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
COLUMNS = ("name", "value", "unit", "budget", "baseline", "ok")


def available() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*_bench.py"))


def select(names: list[str], wanted: list[str]) -> list[str]:
    if not wanted:
        return names
    return [n for n in names if any(w.lower() in n.lower() for w in wanted)]


def _cell(column: str, value: Any) -> str:
    if column == "ok":
        return "yes" if value else "NO"
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def format_table(rows: list[dict[str, Any]]) -> str:
    cells = [[_cell(c, row.get(c)) for c in COLUMNS] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(COLUMNS)]
    right = {"value", "baseline"}

    def line(items: list[str]) -> str:
        return "  ".join(
            item.rjust(w) if col in right else item.ljust(w)
            for col, item, w in zip(COLUMNS, items, widths, strict=True)
        ).rstrip()

    header = line(list(COLUMNS))
    return "\n".join([header, "-" * len(header)] + [line(r) for r in cells])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__.strip())
        print("available:", ", ".join(available()))
        return 0
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    chosen = select(available(), argv)
    if not chosen:
        print(f"no benchmark matches {argv}; available: {', '.join(available())}",
              file=sys.stderr)
        return 2
    rows: list[dict[str, Any]] = []
    for name in chosen:
        started = time.monotonic()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            rows.extend(module.run())
        except Exception as exc:
            traceback.print_exc()
            rows.append({"name": f"{name}: did not complete ({type(exc).__name__})",
                         "value": None, "unit": "", "budget": "runs", "baseline": None,
                         "ok": False})
        print(f"{name} took {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
    print(format_table(rows))
    return 0 if all(row.get("ok") for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
