"""The report receipt as a LINE Flex bubble with quick-reply buttons: plain data in, the
message object out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from handlers import texts

GREEN, GREY, ORANGE, RED = "#06C755", "#8C8C8C", "#F5A623", "#D0021B"


@dataclass(frozen=True)
class ReceiptView:
    headline: str
    report_id: int
    centre_name: str
    type_label: str
    detail: str | None
    date_label: str
    sectors: list[str]
    participants: int | None
    photo_count: int
    unsure: bool = False
    cancelled: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Button:
    label: str  # at most 20 characters (LINE's limit)
    data: str
    display_text: str


def _row(label: str, value: str, color: str = "#111111") -> dict[str, Any]:
    return {
        "type": "box", "layout": "baseline", "spacing": "sm", "contents": [
            {"type": "text", "text": label, "size": "sm", "color": GREY, "flex": 2},
            {"type": "text", "text": value, "size": "sm", "color": color, "flex": 5,
             "wrap": True},
        ],
    }


def receipt_card(view: ReceiptView, buttons: list[Button]) -> dict[str, Any]:
    accent = RED if view.cancelled else ORANGE if view.unsure else GREEN
    rows = [_row(texts.CARD_CENTRE, view.centre_name)]
    if view.unsure:
        rows.append(_row(texts.CARD_TYPE, texts.CARD_TYPE_UNSURE, ORANGE))
    else:
        rows.append(_row(texts.CARD_TYPE, view.type_label))
    if view.detail:
        rows.append(_row(texts.CARD_DETAIL, view.detail))
    rows.append(_row(texts.CARD_DATE, view.date_label))
    rows.append(_row(texts.CARD_SECTORS, " · ".join(view.sectors) if view.sectors else "-"))
    people = texts.CARD_PEOPLE.format(count=view.participants) if view.participants else "-"
    rows.append(_row(texts.CARD_PARTICIPANTS, people))
    photos = (texts.CARD_PHOTO_COUNT.format(count=view.photo_count) if view.photo_count
              else texts.CARD_NO_PHOTOS)
    rows.append(_row(texts.CARD_PHOTOS, photos))
    body: list[dict[str, Any]] = [
        {"type": "box", "layout": "vertical", "spacing": "sm", "contents": rows},
    ]
    for note in view.notes:
        body.append({"type": "text", "text": note, "size": "xs", "color": GREY, "wrap": True,
                     "margin": "md"})
    bubble = {
        "type": "bubble",
        "size": "mega",
        "header": {
            "type": "box", "layout": "vertical", "backgroundColor": accent, "paddingAll": "lg",
            "contents": [
                {"type": "text", "text": view.headline, "color": "#FFFFFF", "weight": "bold",
                 "size": "md", "wrap": True},
                {"type": "text", "text": texts.CARD_REPORT_NUMBER.format(id=view.report_id),
                 "color": "#FFFFFF",
                 "size": "xs"},
            ],
        },
        "body": {"type": "box", "layout": "vertical", "spacing": "md", "contents": body},
    }
    message: dict[str, Any] = {
        "type": "flex",
        "altText": texts.CARD_ALT.format(headline=view.headline, id=view.report_id,
                                    type=view.type_label)[:400],
        "contents": bubble,
    }
    return _with_buttons(message, buttons)


def with_quick_replies(text: str, buttons: list[Button]) -> dict[str, Any]:
    return _with_buttons({"type": "text", "text": text}, buttons)


def with_message_replies(message: dict[str, Any],
                         buttons: list[tuple[str, str]]) -> dict[str, Any]:
    """Quick-reply chips that send a text, as if typed: (label, text) pairs, at most 13,
    labels at most 20 characters."""
    message = dict(message)
    message["quickReply"] = {"items": [
        {"type": "action", "action": {"type": "message", "label": label[:20], "text": text}}
        for label, text in buttons[:13]
    ]}
    return message


def _with_buttons(message: dict[str, Any], buttons: list[Button]) -> dict[str, Any]:
    """Quick-reply chips under a message: at most 13, labels at most 20 characters."""
    if buttons:
        message["quickReply"] = {"items": [
            {"type": "action", "action": {"type": "postback", "label": b.label[:20],
                                          "data": b.data, "displayText": b.display_text}}
            for b in buttons[:13]
        ]}
    return message
