"""Staff answers that are lists to read and act on: the centres that have not reported (with
whom to call) and the ranking. Plain data in (models.stats), text messages out, split
within LINE's limits (5,000 characters a text, 5 messages a reply) and never cut silently."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from handlers import staff_texts as texts
from models.stats import MissingCentre, Month, RankedCentre, Status
from thaitext import format_thai_month
from thaitext.areas import district_name, subdistrict_name

MAX_TEXT = 5000
MAX_MESSAGES = 5  # in one reply
MEDALS = ("🥇", "🥈", "🥉")


def not_reported_messages(status: Status, missing: list[MissingCentre],
                          month_arg: str) -> list[dict[str, Any]]:
    month = format_thai_month(status.month.first_day)
    if not missing:
        return [text_message(texts.NOT_REPORTED_NONE.format(
            month=month, scope=status.scope_name, centres=status.total.centres))]
    lines = [texts.NOT_REPORTED_HEAD.format(month=month, scope=status.scope_name,
                                            count=len(missing), centres=status.total.centres)]
    lines += centre_lines(missing)
    parts = pack(lines, lambda n: texts.NOT_REPORTED_REST.format(count=n, month_arg=month_arg),
                 is_centre_line)
    if len(parts) > 1:
        parts = [part + "\n" + texts.NOT_REPORTED_PART.format(part=i, parts=len(parts))
                 for i, part in enumerate(parts, start=1)]
    return [text_message(part) for part in parts]


CENTRE_MARK = "• "


def is_centre_line(line: str) -> bool:
    return line.startswith(CENTRE_MARK)


def centre_lines(missing: list[MissingCentre]) -> list[str]:
    """Grouped by district, in the order given (district, then sub-district code)."""
    counts: dict[str, int] = {}
    for centre in missing:
        counts[centre.district_code] = counts.get(centre.district_code, 0) + 1
    lines: list[str] = []
    district = None
    for centre in missing:
        if centre.district_code != district:
            district = centre.district_code
            lines.append(texts.NOT_REPORTED_DISTRICT.format(
                district=district_name(centre.district_th, centre.district_code),
                count=counts[district]))
        leaders = ", ".join(centre.leaders) if centre.leaders else texts.NO_LEADER
        lines.append(texts.NOT_REPORTED_CENTRE.format(
            centre=subdistrict_name(centre.subdistrict_th, centre.subdistrict_code),
            leaders=leaders))
    return lines


def pack(lines: list[str], rest_note: Callable[[int], str],
         counts: Callable[[str], bool]) -> list[str]:
    """Lines into at most MAX_MESSAGES texts of at most MAX_TEXT characters. If they do not
    all fit, the last text ends with `rest_note(n)`, n being how many of the lines left out
    `counts` (a list that says what it left out is not cut silently)."""
    budget = MAX_TEXT - 40  # room for the "(ต่อ 2/5)" mark

    def fits(chunk: list[str]) -> bool:
        return len("\n".join(chunk)) <= budget

    parts: list[str] = []
    current: list[str] = []
    for index, line in enumerate(lines):
        if fits([*current, line]):
            current.append(line)
            continue
        if len(parts) == MAX_MESSAGES - 1:
            left = lines[index:]
            while not fits([*current, rest_note(sum(map(counts, left)))]):
                left.insert(0, current.pop())
            parts.append("\n".join([*current, rest_note(sum(map(counts, left)))]))
            return parts
        parts.append("\n".join(current))
        current = [line]
    parts.append("\n".join(current))
    return parts


def ranking_text(ranked: list[RankedCentre], month: Month, scope_name: str) -> str:
    month_th = format_thai_month(month.first_day)
    if not ranked:
        return texts.RANKING_NONE.format(month=month_th, scope=scope_name)
    lines = [texts.RANKING_HEAD.format(month=month_th, scope=scope_name)]
    for place, centre in enumerate(ranked, start=1):
        medal = MEDALS[place - 1] if place <= len(MEDALS) else f"{place}."
        lines.append(texts.RANKING_LINE.format(
            medal=medal, centre=f"ตำบล{centre.subdistrict_th}",
            district=f"อำเภอ{centre.district_th}", reports=centre.reports,
            types=centre.types, participants=centre.participants, photos=centre.photos))
    lines.append(texts.RANKING_FOOT)
    return "\n".join(lines)


def text_message(text: str) -> dict[str, Any]:
    return {"type": "text", "text": text}
