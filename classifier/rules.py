"""Type, dimension and important day from lexicon hits plus the context rules R1-R7.

Scores start as sums of lexicon weights; the rules then move weight between types the way
the labelling rules say a reader would (main purpose wins), and a softmax over the final
scores gives the confidence.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from classifier.matcher import Hit
from classifier.result import DIMENSIONS

NONE = "none"
# Weight "not a report" starts with: a message must show some activity to beat it.
NONE_PRIOR = 1.5
# Softmax temperature: larger = less sure for the same score gap.
TEMPERATURE = 1.6
OCCASION_BONUS = 3.0
# A text with no lexicon evidence at all and at least this many words is not called "none".
UNKNOWN_REPORT_TOKENS = 9
# Lexicon rules are never certain.
MAX_CONFIDENCE = 0.97
# Structural signs of a report (completion words, "ร่วมกับ", a head-count, a written date, an
# official "เวลา 09.00 น." line) each take this much off "not a report", up to a cap; with no
# sign of chat, a text showing REPORT_SHAPE of them is never confidently called "none".
REPORT_CUE_WEIGHT = 0.5
REPORT_CUE_CAP = 4
REPORT_SHAPE = 2

_FUTURE_WEEKDAY = re.compile(
    r"วัน(?:จันทร์|อังคาร|พุธ|พฤหัส\S*|ศุกร์|เสาร์|อาทิตย์)\S*\s*(?:ที่\s*\d+\s*)?"
    r"(?:นี้|หน้า(?=$|[^\u0e00-\u0e7f]|เด้อ|นะ|ครับ|ค่ะ|คะ))"
)
_HOUSEHOLD_UNIT = re.compile(r"\d+\s*(?:ครัวเรือน|หลัง(?:คาเรือน)?|ราย)")
# "หน้าต่างศูนย์", "หลังคาของศูนย์ฯ": a part of the centre's own building or furniture (R1).
_CENTRE_PART = re.compile(
    r"(?:หน้าต่าง|ประตู|หลังคา|ห้องน้ำ|ผนัง|ฝ้า|พื้น|รั้ว|ป้าย|อาคาร|ที่ทำการ|โต๊ะ|เก้าอี้|ตู้|ชั้นวาง|"
    r"พัดลม|หลอดไฟ|ไฟ|ห้อง)\s*(?:ของ\s*)?ศูนย์(?!เด็ก|พัฒนาเด็ก|ดำรง|ทะเบียน|แพทย์|ราชการ)"
)
_ONLY_SYMBOLS = re.compile(r"^[^\u0e00-\u0e7fa-z0-9]*$")
# "เวลา 09.30 น." / "วันที่ 5 ธันวาคม 2567": the opening of an official (Facebook-page) post.
_OFFICIAL_TIME = re.compile(r"เวลา\s*\d{1,2}[.:]\d{2}\s*น\.")
_WRITTEN_DATE = re.compile(r"วันที่\s*\d{1,2}\s|\d{1,2}\s*(?:ม\.ค|ก\.พ|มี\.ค|เม\.ย|พ\.ค|มิ\.ย|ก\.ค|ส\.ค|"
                           r"ก\.ย|ต\.ค|พ\.ย|ธ\.ค)\.|\d{1,2}\s*(?:มกรา|กุมภา|มีนา|เมษา|พฤษภา|มิถุนา|"
                           r"กรกฎา|สิงหา|กันยา|ตุลา|พฤศจิกา|ธันวา)")


@dataclass
class Scores:
    """Working scores for one message."""

    types: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    dims: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    cleanup: float = 0.0
    # Type weight that came from words naming an important day ("วันพระ", "วันแม่").
    day_weight: float = 0.0
    day_names: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Decision:
    activity_type: str | None
    dimension: str | None
    national_day: str | None
    confidence: float
    evidence: tuple[str, ...]


def score_hits(hits: list[Hit]) -> Scores:
    """Sum lexicon weights per type, dimension and clean-up; collect important-day names."""
    scores = Scores()
    for hit in hits:
        names_day = hit.has("nday")
        for tag in hit.tags:
            if tag.category == "type":
                scores.types[tag.label] += tag.weight
                if names_day:
                    scores.day_weight += tag.weight
                scores.evidence.append(f"{hit.text}->{tag.label}")
            elif tag.category == "dim":
                scores.dims[tag.label] += tag.weight
                scores.evidence.append(f"{hit.text}->{tag.label}")
            elif tag.category == "cleanup":
                scores.cleanup += tag.weight
                scores.evidence.append(f"{hit.text}->cleanup")
            elif tag.category == "nday":
                scores.day_names.append(tag.label)
    return scores


def decide(
    prepared: str,
    tokens: list[str],
    scores: Scores,
    cue_hits: list[Hit],
    day_from_date: str | None,
    headcount: bool = False,
) -> Decision:
    """Apply the context rules and pick the type, dimension and important day."""
    if not tokens or _ONLY_SYMBOLS.match(prepared):
        return Decision(None, None, None, 0.95, ("rule:no-words",))
    cues = _cue_positions(cue_hits)
    if prepared.strip(" .!?") in _COMMANDS:
        return Decision(None, None, None, 0.95, ("rule:bot-command",))

    types, dims, evidence = scores.types, scores.dims, scores.evidence
    day = _pick_day(scores.day_names) or day_from_date
    activity = scores.cleanup + sum(dims.values()) + types["3.1"] + types["3.3"]
    # A day's name alone ("สวัสดีวันพระ") is not yet an activity done on that day.
    done = activity - scores.day_weight
    royal_words = types["3.3"] - scores.day_weight
    royal = types["3.3"] >= 3
    temple = "temple" in cues

    # R1: repairing or equipping the centre itself ("ต่อเติมหลังคา...ของศูนย์") builds the
    # centre; housing words describe the centre's building, not a resident's home.
    centre_object = "household" not in cues and (
        "learning_centre" in cues or bool(_CENTRE_PART.search(prepared))
    )
    if centre_object and dims["living"] > 0:
        types["3.1"] += dims["living"]
        dims["living"] = 0.0
        evidence.append("rule:centre-building")
    # R1: mapping, surveys and data collection are community planning; the problems they list
    # (floods, disabled residents, debts) are their topic, not a service delivered.
    if "planning" in cues:
        types["3.3"] *= 0.5
        for name in dims:
            dims[name] *= 0.4
        evidence.append("rule:planning")

    # R5: concrete help to identified households stays 3.2 even on a royal occasion.
    household = "household" in cues or bool(_HOUSEHOLD_UNIT.search(prepared))
    household = household and (scores.cleanup > 0 or sum(dims.values()) >= 2)
    if household:
        types["3.3"] *= 0.4
        evidence.append("rule:household-service")

    # R3: a public or temple clean-up on an important day (or under royal-volunteer framing)
    # is 3.3; the same work with neither is community environment (3.2 living).
    if day is not None:
        bonus = OCCASION_BONUS if done > 0 else 1.0
        types["3.3"] += bonus * (0.4 if household else 1.0)
        evidence.append(f"rule:important-day:{day}")
    occasion = day is not None or royal
    if (occasion or temple) and not household:
        types["3.3"] += scores.cleanup
    elif "learning_centre" in cues:
        # R1: group work whose stated purpose is the learning centre builds the centre.
        types["3.1"] += scores.cleanup + 2.0
        evidence.append("rule:learning-centre")
    else:
        dims["living"] += scores.cleanup
    if occasion and not household and (scores.cleanup > 0 or royal):
        # R4: a health check or lunch at a commemorative clean-up is an add-on.
        for name in dims:
            dims[name] *= 0.5
    if temple and not household and (scores.cleanup > 0 or types["3.3"] > 0):
        types["3.3"] += 2.0
        evidence.append("rule:temple-volunteer")

    # R1: CDD network days (1 Oct, 28 Jan) are not national days; their merit-making and
    # clean-ups stay with the network gathering unless royal framing is explicit.
    if "network_day" in cues and royal_words < 4:
        types["3.3"] *= 0.3
        types["3.1"] += 2.0
        evidence.append("rule:network-day")

    # R1: a meeting or planning session is 3.1 whatever activity it plans or reviews.
    if "meeting" in cues:
        types["3.3"] *= 0.35
        for name in dims:
            dims[name] *= 0.5
        evidence.append("rule:meeting")

    # R6: training the leaders is 3.1; training residents is a 3.2 service.
    if _leaders_trained(tokens, cues):
        types["3.1"] += 4.0
        types["3.3"] *= 0.5
        for name in dims:
            dims[name] *= 0.5
        evidence.append("rule:leaders-trained")

    # R7: announcements and invitations of future activities are not reports. A future time
    # word alone ("แผนงานเดือนหน้า") only counts when nothing says the activity took place.
    announced = "announce" in cues or bool(_FUTURE_WEEKDAY.search(prepared))
    future = _future_time(tokens, cues) and "meeting" not in cues and not headcount
    chat = False
    if (announced or future) and "past" not in cues:
        chat = True
        # An invitation that opens the message ("ขอเชิญ...", "ประกาศ!!") is the whole point.
        opens = any(at <= 1 for at in cues.get("announce", []))
        types[NONE] += 8.0 if opens else 5.0
        evidence.append("rule:announcement")
    # R7: a message that opens with thanks is a thank-you note, whatever it thanks for.
    if any(at == 0 for at in cues.get("thanks", [])) and not headcount:
        chat = True
        types[NONE] += 4.0
        evidence.append("rule:thanks")
    if "question" in cues or "?" in prepared:
        chat = True
        types[NONE] += 2.5 if activity < 6 else 1.0
        evidence.append("rule:question")
    chat = chat or any(at <= 1 for at in cues.get("greeting", []))

    # Report shape: how a finished activity is written up, whatever its vocabulary.
    shape = _report_shape(prepared, cues, headcount)
    if shape and not chat:
        types[NONE] -= REPORT_CUE_WEIGHT * min(shape, REPORT_CUE_CAP)
        evidence.append(f"rule:report-shape:{shape}")

    decision = _choose(types, dims, day, evidence)
    if decision.activity_type is None and not chat and types[NONE] <= 0 and activity > 0:
        # Some activity evidence and no sign of chat at all: "none" would be a guess.
        return Decision(None, None, None, 0.5, (*decision.evidence, "rule:weak-report"))
    if decision.activity_type is None and not chat and shape >= REPORT_SHAPE:
        # Shaped like a report but the words are unknown or point to chat only weakly:
        # ask the leader rather than silently drop a report.
        if decision.confidence < 0.9 or activity > 0:
            return Decision(None, None, None, 0.5, (*decision.evidence, "rule:report-shaped"))
    if decision.activity_type is None and types[NONE] <= 0 and activity == 0:
        # Nothing matched either way: a short line is chat, a longer one is probably a report
        # in words the lexicons lack, so ask rather than confidently drop it.
        if len(tokens) >= UNKNOWN_REPORT_TOKENS or headcount:
            return Decision(None, None, None, 0.5, (*decision.evidence, "rule:no-evidence"))
    return decision


def _choose(
    types: dict[str, float], dims: dict[str, float], day: str | None, evidence: list[str]
) -> Decision:
    dim_values = sorted((dims[d] for d in DIMENSIONS), reverse=True)
    final = {
        "3.1": types["3.1"],
        "3.2": dim_values[0] + 0.25 * sum(dim_values[1:]),
        "3.3": types["3.3"],
        NONE: types[NONE] + NONE_PRIOR,
    }
    best = max(final, key=lambda k: final[k])
    if best != NONE and final[best] <= 0:
        # Report-shape cues can take "not a report" below zero; with no type evidence at all
        # the answer is still "none" (then the caller decides whether to ask).
        best = NONE
    top = final[best]
    # A type with no evidence at all is not a rival; "not a report" always is.
    rivals = [v for k, v in final.items() if v > 0 or k == NONE]
    total = sum(math.exp((v - top) / TEMPERATURE) for v in rivals)
    confidence = round(min(MAX_CONFIDENCE, 1.0 / total), 3)
    if best == NONE:
        return Decision(None, None, None, confidence, tuple(evidence))
    dimension = None
    if best == "3.2":
        dimension = max(DIMENSIONS, key=lambda d: dims[d]) if dim_values[0] > 0 else "living"
    national_day = day if best == "3.3" else None
    return Decision(best, dimension, national_day, confidence, tuple(evidence))


def _report_shape(prepared: str, cues: dict[str, list[int]], headcount: bool) -> int:
    """Count the structural signs of a report of something done (see REPORT_CUE_WEIGHT)."""
    shape = min(2, len(cues.get("report", ()))) + ("past" in cues) + headcount
    shape += bool(_OFFICIAL_TIME.search(prepared)) + bool(_WRITTEN_DATE.search(prepared))
    return shape


def _cue_positions(cue_hits: list[Hit]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = defaultdict(list)
    for hit in cue_hits:
        for tag in hit.tags:
            positions[tag.label].append(hit.start)
    return positions


def _leaders_trained(tokens: list[str], cues: dict[str, list[int]]) -> bool:
    """A training word with the leaders as its object (after) or subject (just before)."""
    leaders = cues.get("leader_target", [])
    for at in cues.get("training", []):
        if any(at < p <= at + 4 for p in leaders):
            return True
        if any(at - 6 <= p < at for p in leaders) and _joins_training(tokens, at):
            return True
    return False


def _joins_training(tokens: list[str], at: int) -> bool:
    before = tokens[at - 1] if at > 0 else ""
    return tokens[at].startswith("เข้า") or before in ("เข้า", "ไป", "ไปเข้า", "รับการ", "ได้รับการ")


def _future_time(tokens: list[str], cues: dict[str, list[int]]) -> bool:
    """A future time word that is not the topic of the activity ("เรื่องแผนเดือนหน้า")."""
    topics = cues.get("topic_before", [])
    return any(not any(at - 3 <= p < at for p in topics) for at in cues.get("future", []))


def _pick_day(names: list[str]) -> str | None:
    """The most specific important day named (a named holy day beats plain วันพระ)."""
    specific = [n for n in names if n != "wan_phra"]
    if specific:
        return specific[0]
    return names[0] if names else None


_COMMANDS = frozenset(
    {"สถานะ", "/help", "help", "รายงานกิจกรรม", "เมนู", "ลงทะเบียน", "สมัคร", "ยกเลิก", "ช่วยเหลือ",
     "/status", "/report", "สรุป", "ส่งรายงาน", "รายงาน", "เริ่ม", "start", "ติดต่อเจ้าหน้าที่"}
)
