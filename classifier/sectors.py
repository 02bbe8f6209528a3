"""Which of the 7 partner sectors act in the activity (rules S1-S4)."""

from __future__ import annotations

from classifier.matcher import Hit
from classifier.result import SECTORS

_LOOK_BACK = 3
_LOOK_AHEAD = 3
# Abbreviations that start a place name ("ต.วัดหลวง", "อ.เมือง").
# "ในอำเภอ", "ประจำจังหวัด": where the previous name is, not the office acting.
_WITHIN = frozenset({"ใน", "ในเขต", "ประจำ", "ทั่ว", "ระดับ", "ตัวแทน"})
_OFFICE = frozenset({"สำนักงาน", "สนง.", "ที่ทำการ", "ทาง"})
_ADDRESS = frozenset({"ต.", "อ.", "จ.", "ตำบล", "ม.", "บ.", "บ้าน"})
# A reply or letter names whom it is written to ("ตอบพี่ พช. ค่ะ", "เรียนพี่น้องประชาชน"): the
# addressee is not a partner in the activity (S2).
_ADDRESSING = frozenset({"ตอบ", "เรียน", "ตอบพี่", "เรียนพี่", "เรียนท่าน"})
_KIN = frozenset({"พี่", "น้อง", "ท่าน", "คุณ"})


def find_sectors(
    tokens: list[str], hits: list[Hit], cue_words: dict[str, frozenset[str]]
) -> tuple[tuple[str, ...], list[str]]:
    """Sectors in canonical order, plus evidence strings (``sector:word``)."""
    found: set[str] = set()
    evidence: list[str] = []
    decisions: dict[int, bool] = {}  # end index of a sector mention -> counted?
    first_take = _first_index(tokens, {"พา", "พาไป"})
    for hit in hits:
        tag = next((t for t in hit.tags if t.category == "sector"), None)
        if tag is None:
            continue
        sector, kind = tag.label.split("|")
        counted = _counts(tokens, hit, kind, cue_words, decisions, first_take)
        decisions[hit.end] = counted
        if counted and sector not in found:
            found.add(sector)
            evidence.append(f"sector:{hit.text}->{sector}")
    return tuple(s for s in SECTORS if s in found), evidence


def _counts(
    tokens: list[str],
    hit: Hit,
    kind: str,
    cues: dict[str, frozenset[str]],
    decisions: dict[int, bool],
    first_take: int | None,
) -> bool:
    if _right_after(tokens, hit.end, cues["own_after"]):
        return False  # "ช่างไฟในทีม": one of the leaders' own team (S2)
    if kind == "actor" and _right_after(tokens, hit.end, cues["receiving_after"]):
        return False  # "ประชาชนมารับบริการ": served, not serving (S2)
    acting = _acting_after(tokens, hit.end, cues)
    marker = _nearest_marker(tokens, hit.start, cues, decisions, kind)
    if isinstance(marker, bool):  # part of a list: "ร่วมกับ อบต. รพ.สต. และวัด"
        return marker or acting
    if marker == "address":  # "ต.วัดหลวง" names a place, not a temple
        return False
    if kind == "admin" and hit.start > 0 and tokens[hit.start - 1] in _WITHIN:
        return False  # "ร้านวัสดุในอำเภอมาช่วย": where the previous name is, not the office
    if kind == "actor":
        if marker != "partner" and _counted(tokens, hit.end):
            return acting  # "แม่บ้าน 15 คน", "พระสงฆ์ 19 รูป": who took part or was served
        return marker not in ("beneficiary", "home") or acting
    if acting:
        return True
    if kind == "admin" and hit.start in decisions:  # "เหล่ากาชาดจังหวัด": a qualifier
        return False
    if kind == "admin" and hit.start > 0 and tokens[hit.start - 1] not in cues["partner_before"]:
        # "ระดับจังหวัด", "เครือข่ายผู้นำจังหวัด": a level or qualifier, not the office acting.
        return False
    # An office a resident is taken to ("พายายไปยื่นที่ อบต.") is a destination, not a partner.
    if first_take is not None and first_take < hit.start and _goes(tokens[first_take : hit.start]):
        return False
    if marker == "partner":
        return True
    if kind in ("place", "admin"):
        return False
    return marker not in ("venue", "object", "org_beneficiary")


def _nearest_marker(
    tokens: list[str],
    start: int,
    cues: dict[str, frozenset[str]],
    decisions: dict[int, bool],
    kind: str,
) -> str | bool | None:
    """The closest context word before ``start``; a bool when a list item precedes it."""
    if start in decisions and kind != "admin" and (kind != "actor" or decisions[start]):
        return decisions[start]
    if start > 0 and tokens[start - 1] == "และ" and start - 1 in decisions:
        return decisions[start - 1]
    if start > 0 and tokens[start - 1] in _ADDRESS:
        return "address"
    for j in range(start - 1, max(-1, start - 1 - _LOOK_BACK), -1):
        token = tokens[j]
        if token in cues["partner_before"]:
            return "partner"
        if kind == "actor":
            if token == "เป็น" and j > 0 and tokens[j - 1] in cues["partner_before"]:
                return "partner"  # "วิทยากรเป็นปราชญ์ชาวบ้าน": the trainer is named
            if token in _ADDRESSING and all(t in _KIN for t in tokens[j + 1 : start]):
                return "beneficiary"  # "ตอบพี่ พช.", "เรียนพี่น้องประชาชน": who is written to
            if token in cues["report_to_before"] and _office_between(tokens[j + 1 : start]):
                return "beneficiary"  # "ส่งสำนักงาน พช.": the office only receives a report
            if token in cues["beneficiary_before"] and j >= start - 2:
                return "beneficiary"
            if token in cues["home_before"]:
                return "home"
            continue
        if token in cues["org_beneficiary_before"]:
            return "org_beneficiary"
        if token in cues["venue_before"]:
            return "venue"
        if token in cues["object_before"]:
            return "object"
    return None


def _acting_after(tokens: list[str], end: int, cues: dict[str, frozenset[str]]) -> bool:
    """An acting word right after a mention, within its own clause ("สภ. แล้วช่วย..." is not)."""
    for token in tokens[end : end + _LOOK_AHEAD]:
        if token in cues["clause_break"]:
            return False
        if token in cues["acting_after"]:
            return True
    return False


def _counted(tokens: list[str], end: int) -> bool:
    """A head-count right after the name: the people who took part or were served (S2)."""
    return end + 1 < len(tokens) and tokens[end].isdigit() and tokens[end + 1] in _HEADS


_HEADS = frozenset({"คน", "ท่าน", "รูป", "ราย"})


def _right_after(tokens: list[str], end: int, words: frozenset[str]) -> bool:
    """One of ``words`` (each one or two tokens) starts right after a mention."""
    following = tokens[end : end + 2]
    return bool(following) and (following[0] in words or "".join(following) in words)


def _office_between(tokens: list[str]) -> bool:
    """Nothing, or only an office word, between a sending verb and the name."""
    return all(t in _OFFICE for t in tokens)


def _goes(tokens: list[str]) -> bool:
    return any(t == "ไป" or t == "พาไป" for t in tokens)


def _first_index(tokens: list[str], words: set[str]) -> int | None:
    return next((i for i, t in enumerate(tokens) if t in words), None)
