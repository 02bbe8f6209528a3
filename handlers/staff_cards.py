"""Staff answers as LINE Flex messages: the month's status and summary with bar charts drawn
in Flex boxes. Plain data in (models.stats), message objects out.

LINE's limits shape the split: a bubble's JSON at most 30 KB, a carousel at most 12 bubbles
and 50 KB; so long tables go over several bubbles, and over several messages if need be."""

from __future__ import annotations

import json
from typing import Any

from handlers import staff_texts as texts
from handlers.cards import GREEN, GREY, ORANGE
from models.stats import DIMENSIONS, SECTORS, TYPES, AreaFigures, ReportLine, Status, Summary
from thaitext import format_thai_date_short, format_thai_month
from thaitext.activities import DIMENSION_NAMES, TYPE_SHORT
from thaitext.important_days import NATIONAL_DAYS

Message = dict[str, Any]
BLUE, LIGHT, DARK = "#2F6FDB", "#EEEEEE", "#111111"
TYPE_COLOURS = {"3.1": BLUE, "3.2": GREEN, "3.3": ORANGE, "": GREY}
ROWS_PER_BUBBLE = 16
MAX_BUBBLE_BYTES = 30_000
MAX_CAROUSEL_BYTES = 50_000
MAX_CAROUSEL_BUBBLES = 12
ALT_TEXT_LIMIT = 400


def month_label(status: Status) -> str:
    return format_thai_month(status.month.first_day)


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def text(value: str, **style: Any) -> dict[str, Any]:
    return {"type": "text", "text": value, "wrap": True, "size": "sm", "color": DARK, **style}


def bar(value: int, top: int, colour: str) -> dict[str, Any]:
    """A horizontal bar, `value` of `top` long, on a light track."""
    track: dict[str, Any] = {"type": "box", "layout": "horizontal", "height": "8px",
                             "backgroundColor": LIGHT, "cornerRadius": "4px", "contents": []}
    share = percent(value, top)
    if share:
        track["contents"] = [{"type": "box", "layout": "vertical", "contents": [],
                              "width": f"{share}%", "backgroundColor": colour,
                              "cornerRadius": "4px"}]
    else:
        track["contents"] = [{"type": "filler"}]
    return track


def labelled_bar(label: str, figure: str, value: int, top: int, colour: str) -> dict[str, Any]:
    return {"type": "box", "layout": "vertical", "spacing": "xs", "contents": [
        {"type": "box", "layout": "horizontal", "contents": [
            text(label, flex=5), text(figure, flex=2, align="end", color=GREY)]},
        bar(value, top, colour),
    ]}


def header(title: str, subtitle: str, colour: str = BLUE) -> dict[str, Any]:
    return {"type": "box", "layout": "vertical", "backgroundColor": colour,
            "paddingAll": "lg", "contents": [
                text(title, color="#FFFFFF", weight="bold", size="md"),
                text(subtitle, color="#FFFFFF", size="xs")]}


def bubble(head: dict[str, Any], body: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "bubble", "size": "mega", "header": head,
            "body": {"type": "box", "layout": "vertical", "spacing": "md", "contents": body}}


def section(title: str) -> dict[str, Any]:
    return text(title, weight="bold", margin="lg")


def type_bars(by_type: dict[str, int]) -> list[dict[str, Any]]:
    top = max(by_type.values(), default=0)
    bars = [labelled_bar(f"{code} {TYPE_SHORT[code]}", f"{by_type.get(code, 0):,}",
                         by_type.get(code, 0), top, TYPE_COLOURS[code]) for code in TYPES]
    if by_type.get(""):
        bars.append(labelled_bar(texts.STATUS_UNTYPED, f"{by_type['']:,}", by_type[""], top,
                                 GREY))
    return bars


def status_overview(status: Status) -> list[dict[str, Any]]:
    total = status.total
    body: list[dict[str, Any]] = [
        text(texts.STATUS_REPORTED.format(reported=total.centres_reported,
                                          centres=total.centres,
                                          percent=percent(total.centres_reported,
                                                          total.centres)),
             weight="bold", size="md"),
        bar(total.centres_reported, total.centres, GREEN),
        text(texts.STATUS_REPORTS.format(count=total.reports), color=GREY, margin="md"),
        *type_bars(total.by_type),
        text(texts.STATUS_PHOTOS.format(photos=total.photos,
                                        participants=total.participants), margin="md"),
    ]
    if total.failed_photos:
        body.append(text(texts.STATUS_FAILED_PHOTOS.format(count=total.failed_photos),
                         color=ORANGE, size="xs"))
    return body


def area_row(status: Status, row: AreaFigures, top_reports: int) -> dict[str, Any]:
    """A district or province: how many of its centres reported. A centre: its reports."""
    if status.scope.level == "district":
        figure = (texts.STATUS_CENTRE_REPORTS.format(count=row.reports) if row.reports
                  else texts.STATUS_CENTRE_NONE)
        return labelled_bar(row.name_th, figure, row.reports, top_reports,
                            GREEN if row.reports else GREY)
    return labelled_bar(row.name_th, f"{row.centres_reported}/{row.centres}",
                        row.centres_reported, row.centres, GREEN)


def rows_title(status: Status) -> str:
    return {"country": texts.STATUS_BY_PROVINCE, "province": texts.STATUS_BY_DISTRICT,
            "district": texts.STATUS_BY_CENTRE}[status.scope.level]


def status_messages(status: Status) -> list[Message]:
    """The overview bubble, then the areas below the scope over as many bubbles as they need,
    in as few carousels as LINE allows."""
    month = month_label(status)
    title = texts.STATUS_TITLE
    subtitle = f"{status.scope_name} · {texts.STATUS_MONTH.format(month=month)}"
    top = max((row.reports for row in status.rows), default=0)
    chunks = [status.rows[i:i + ROWS_PER_BUBBLE]
              for i in range(0, len(status.rows), ROWS_PER_BUBBLE)]
    bubbles = [bubble(header(title, subtitle), status_overview(status))]
    for n, chunk in enumerate(chunks, start=1):
        page = f" · {texts.STATUS_MORE_PAGES.format(page=n, pages=len(chunks))}" \
            if len(chunks) > 1 else ""
        bubbles.append(bubble(header(title, subtitle + page),
                              [section(rows_title(status)),
                               *(area_row(status, row, top) for row in chunk)]))
    return carousels(bubbles, status_alt(status))


def status_alt(status: Status) -> str:
    total = status.total
    return texts.STATUS_ALT.format(
        month=month_label(status), scope=status.scope_name, reported=total.centres_reported,
        centres=total.centres, percent=percent(total.centres_reported, total.centres),
        reports=total.reports, t31=total.by_type.get("3.1", 0),
        t32=total.by_type.get("3.2", 0), t33=total.by_type.get("3.3", 0),
        photos=total.photos, participants=total.participants)


def carousels(bubbles: list[dict[str, Any]], alt: str) -> list[Message]:
    """Bubbles packed into Flex messages: one bubble alone, else carousels within LINE's
    count and size limits."""
    for item in bubbles:
        if size_of(item) > MAX_BUBBLE_BYTES:
            raise ValueError(f"a bubble of {size_of(item)} bytes is over LINE's limit")
    groups: list[list[dict[str, Any]]] = [[]]
    for item in bubbles:
        group = groups[-1]
        if group and (len(group) == MAX_CAROUSEL_BUBBLES
                      or size_of(group) + size_of(item) > MAX_CAROUSEL_BYTES):
            groups.append([])
        groups[-1].append(item)
    return [flex(alt, group[0] if len(group) == 1 else {"type": "carousel", "contents": group})
            for group in groups]


def flex(alt: str, contents: dict[str, Any]) -> Message:
    return {"type": "flex", "altText": alt[:ALT_TEXT_LIMIT], "contents": contents}


def size_of(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode())


def counted_bars(counts: dict[str, int], names: dict[str, str], colour: str) -> list[Any]:
    top = max(counts.values(), default=0)
    return [labelled_bar(names.get(key, key), f"{count:,}", count, top, colour)
            for key, count in counts.items()]


def summary_messages(summary: Summary) -> list[Message]:
    status = summary.status
    month = month_label(status)
    subtitle = f"{status.scope_name} · {texts.STATUS_MONTH.format(month=month)}"
    sectors = {name: summary.sectors.get(name, 0) for name in SECTORS}
    dimensions = {key: summary.dimensions.get(key, 0) for key in DIMENSIONS}
    figures = bubble(header(texts.SUMMARY_TITLE, subtitle, GREEN), [
        *status_overview(status),
        section(texts.SUMMARY_SECTORS), *counted_bars(sectors, {}, BLUE),
    ])
    days = [text(f"• {NATIONAL_DAYS[key].name_th if key in NATIONAL_DAYS else key}: "
                 f"{count:,}", size="xs")
            for key, count in sorted(summary.national_days.items(), key=lambda kv: -kv[1])]
    kinds = bubble(header(texts.SUMMARY_TITLE, subtitle, GREEN), [
        section(texts.SUMMARY_DIMENSIONS), *counted_bars(dimensions, DIMENSION_NAMES, GREEN),
        section(texts.SUMMARY_DAYS),
        *(days or [text(texts.SUMMARY_NO_DAYS, color=GREY, size="xs")]),
    ])
    bubbles = [figures, kinds]
    if summary.showcases:
        bubbles.append(bubble(header(texts.SUMMARY_SHOWCASES, subtitle, ORANGE),
                              [showcase(line) for line in summary.showcases]))
    top_sector = max(sectors, key=lambda name: sectors[name]) if any(sectors.values()) else "-"
    alt = texts.SUMMARY_ALT.format(
        month=month, scope=status.scope_name, reports=status.total.reports,
        reported=status.total.centres_reported, centres=status.total.centres,
        participants=status.total.participants, top_sector=top_sector)
    return carousels(bubbles, alt)


def showcase(line: ReportLine) -> dict[str, Any]:
    excerpt = line.text[:160] + ("…" if len(line.text) > 160 else "")
    centre = f"ต.{line.subdistrict_th} อ.{line.district_th}"
    return {"type": "box", "layout": "vertical", "spacing": "xs", "margin": "md", "contents": [
        text(texts.SUMMARY_SHOWCASE.format(centre=centre,
                                           date=format_thai_date_short(line.activity_date),
                                           text=excerpt)),
        text(texts.SUMMARY_SHOWCASE_FIGURES.format(participants=line.participants or "-",
                                                   photos=line.photos),
             color=GREY, size="xs"),
    ]}
