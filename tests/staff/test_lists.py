"""Long staff lists go out within LINE's limits and say what did not fit."""

from __future__ import annotations

from datetime import date

from handlers.staff_lists import MAX_MESSAGES, MAX_TEXT, not_reported_messages
from models.stats import AreaFigures, MissingCentre, Month, Scope, Status


def country_status(centres: int) -> Status:
    total = AreaFigures("TH", "ทั้งประเทศ", centres, 0, 0, {"3.1": 0, "3.2": 0, "3.3": 0, "": 0},
                        0, 0, 0)
    return Status(Scope("country", "TH"), "ทั้งประเทศ", Month(2026, 10), [], total)


def missing(count: int) -> list[MissingCentre]:
    return [MissingCentre(i, f"{1000 + i}01", f"ตำบลที่{i}", f"{1000 + i // 10}",
                          f"อำเภอที่{i // 10}", [f"ผู้นำ {i} ก", f"ผู้นำ {i} ข"])
            for i in range(count)]


def test_a_short_list_is_one_message() -> None:
    [message] = not_reported_messages(country_status(12), missing(9), " 10/2569")
    assert message["text"].count("• ") == 9 and "(ต่อ" not in message["text"]


def test_a_country_sized_list_stays_within_five_texts_and_says_what_it_left_out() -> None:
    messages = not_reported_messages(country_status(7436), missing(7000), " 10/2569")
    assert len(messages) == MAX_MESSAGES
    assert all(len(m["text"]) <= MAX_TEXT for m in messages)
    shown = sum(m["text"].count("• ") for m in messages)
    last = messages[-1]["text"]
    assert f"…และอีก {7000 - shown} ศูนย์" in last and "“ส่งออก 10/2569”" in last
    assert "(ต่อ 5/5)" in last


def test_a_list_of_two_texts_is_numbered_and_complete() -> None:
    messages = not_reported_messages(country_status(300), missing(150), "")
    assert 1 < len(messages) < MAX_MESSAGES
    assert sum(m["text"].count("• ") for m in messages) == 150
    assert messages[0]["text"].endswith(f"(ต่อ 1/{len(messages)})")
    assert date(2026, 10, 1) == country_status(1).month.first_day
