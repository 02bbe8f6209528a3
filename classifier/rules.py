"""Type, dimension and important day from lexicon hits plus the context rules R1-R7.

Scores start as sums of lexicon weights; the rules in ``RULES`` then run in order and move
weight between types the way the labelling rules say a reader would (main purpose wins), and
a softmax over the final scores gives the confidence. In the constants' names OCCASION is
type 3.3 (volunteer work on an important day), SERVICE the 3.2 dimensions and CENTRE 3.1;
``*_KEEPS_*`` is the share of that weight a rule leaves in place.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from classifier.matcher import Hit
from classifier.result import DIMENSIONS
from thaitext.commands import ALL_WORDS

NONE = "none"
# Weight "not a report" starts with: a message must show some activity to beat it.
NONE_PRIOR = 1.5
# Softmax temperature: larger = less sure for the same score gap.
TEMPERATURE = 1.6
# Lexicon rules are never certain.
MAX_CONFIDENCE = 0.97
# A runner-up dimension adds this share of its weight to 3.2 (a service in two dimensions is
# still one service).
OTHER_DIMENSIONS_SHARE = 0.25
# How sure "not a report" is for a message with no words or a bare bot command.
NOT_A_REPORT_CONFIDENCE = 0.95
# Below the bot's ask threshold: the bot asks the leader for the type.
ASK_CONFIDENCE = 0.5
# A "none" at least this sure stands for a report-shaped text with no activity words.
SURE_NONE_CONFIDENCE = 0.9

# R1: the centre's own building or a learning centre as the object of the work.
LEARNING_CENTRE_BONUS = 2.0
# R1: a survey or mapping lists problems as its topic, not as a service delivered.
PLANNING_KEEPS_OCCASION = 0.5
PLANNING_KEEPS_SERVICE = 0.4
# R5: help to identified households keeps this share of royal words and of a day's bonus.
HOUSEHOLD_KEEPS_OCCASION = 0.4
HOUSEHOLD_KEEPS_DAY_BONUS = 0.4
# R5: dimension weight that, with a household count, makes the text a household service.
HOUSEHOLD_SERVICE_WEIGHT = 2.0
# R3: an important day adds this to 3.3 when something was done on it...
OCCASION_BONUS = 3.0
# ...and this when the text only names the day ("สวัสดีวันพระ").
DAY_NAME_BONUS = 1.0
# R3: 3.3 weight from the lexicon that counts as royal-volunteer framing.
ROYAL_FRAMING_WEIGHT = 3.0
# R3: work for a temple is 3.3 on any day.
TEMPLE_BONUS = 2.0
# R4: a health check or lunch at a commemorative clean-up is an add-on.
ADD_ON_KEEPS_SERVICE = 0.5
# R1: a CDD network day stays 3.1 unless its royal words (not the day's name) reach this.
NETWORK_DAY_ROYAL_WORDS = 4.0
NETWORK_DAY_KEEPS_OCCASION = 0.3
NETWORK_DAY_BONUS = 2.0
# R7: a network day named in a greeting or thanks, with no work, no head-count and no sign
# that anything took place ("สุขสันต์วันสถาปนากรมการพัฒนาชุมชน") is a greeting; its name's 3.1
# weight is set aside.
NETWORK_DAY_NAME_ONLY_WEIGHT = 1.0
# R1: a meeting is 3.1 whatever it plans or reviews.
MEETING_KEEPS_OCCASION = 0.35
MEETING_KEEPS_SERVICE = 0.5
# R6: training the leaders is 3.1.
LEADERS_TRAINED_BONUS = 4.0
LEADERS_TRAINED_KEEPS_OCCASION = 0.5
LEADERS_TRAINED_KEEPS_SERVICE = 0.5
# R6: the leaders are the object of a training word within this many tokens after it, or its
# subject ("ผู้นำ อช. ไปเข้าอบรม") within this many tokens before it.
LEADERS_AFTER_TRAINING = 4
LEADERS_BEFORE_TRAINING = 6
# ... or within this many tokens after it, right after ให้ ("ฝึก X ให้ผู้นำ").
LEADERS_GIVEN_TRAINING = 10
# R7: "not a report" weight of an invitation that opens the message, and of one further on.
OPENING_INVITATION_WEIGHT = 8.0
ANNOUNCEMENT_WEIGHT = 5.0
# ...and the share of activity weight an opening invitation, or one for a day still to come,
# leaves: its activity words describe the plan.
ANNOUNCED_KEEPS_ACTIVITY = 0.5
# R7: a request for a form, a file or photos ("ขอแบบฟอร์ม...") or a forwarded message that
# opens the text is its point, whatever activity it names.
REQUEST_WEIGHT = 8.0
# R7: a question about how to report or classify ("ต้องลงประเภทไหน", "นับเป็น 3.3 ได้ไหม") or
# about a hypothetical activity ("ถ้าไปช่วยวัด...") is never an aside of a report.
PROCEDURE_QUESTION_WEIGHT = 8.0
# R7: a royal-day tribute in formal register ("น้อมรำลึกในพระมหากรุณาธิคุณ", "ข้าพระพุทธเจ้า")
# with no work done is a greeting: its words' 3.3 weight is set aside and this added to none.
TRIBUTE_ONLY_WEIGHT = 2.0
# R7: a message whose only activity word is an important day's name ("อิ่มบุญวันพระ") is chat.
DAY_NAME_ONLY_WEIGHT = 1.0
# R7: a future time word this many tokens after a topic word is the topic ("เรื่องแผนเดือนหน้า").
FUTURE_TOPIC_WINDOW = 3
# R7: an invitation or greeting among the first tokens opens the message; thanks must be first.
OPENING_TOKENS = 2
THANKS_OPENING_TOKENS = 1
THANKS_WEIGHT = 4.0
# R7: a question is chat, but only an aside in a text with this much activity evidence.
QUESTION_WEIGHT = 2.5
ASIDE_QUESTION_WEIGHT = 1.0
ASIDE_QUESTION_ACTIVITY = 6.0
# Structural signs of a report (completion words, "ร่วมกับ", a head-count, a written date, an
# official "เวลา 09.00 น." line) each take this much off "not a report", up to a cap; with no
# sign of chat, a text showing REPORT_SHAPE of them is never confidently called "none".
REPORT_CUE_WEIGHT = 0.5
REPORT_CUE_CAP = 4
REPORT_SHAPE = 2
# Completion words count at most this often towards the report shape.
REPORT_WORDS_COUNTED = 2
# A text with no lexicon evidence at all and at least this many words is not called "none".
UNKNOWN_REPORT_TOKENS = 9

_FUTURE_WEEKDAY = re.compile(
    r"วัน(?:จันทร์|อังคาร|พุธ|พฤหัส\S*|ศุกร์|เสาร์|อาทิตย์)\S*\s*(?:ที่\s*\d+\s*)?"
    r"(?:นี้|หน้า(?=$|[^\u0e00-\u0e7f]|เด้อ|นะ|ครับ|ค่ะ|คะ))"
)
# A result achieved ("ได้ 42 ครัวเรือน", "ทำให้ได้ 9 ร้าน"): the work was done.
_RESULT = re.compile(r"ได้(?:แล้ว|ทั้งหมด|ครบ)?\s*\d")
_HOUSEHOLD_UNIT = re.compile(r"\d+\s*(?:ครัวเรือน|หลัง(?:คาเรือน)?|ราย)")
# "หน้าต่างศูนย์", "หลังคาของศูนย์ฯ": a part of the centre's own building or furniture (R1).
_CENTRE_PART = re.compile(
    r"(?:หน้าต่าง|ประตู|หลังคา|ห้องน้ำ|ผนัง|ฝ้า|พื้น|รั้ว|ป้าย|อาคาร|ที่ทำการ|โต๊ะ|เก้าอี้|ตู้|ชั้นวาง|"
    r"พัดลม|หลอดไฟ|ไฟ|ห้องประชุม|ห้อง)\s*(?:ของ\s*)?ศูนย์(?!เด็ก|พัฒนาเด็ก|ดำรง|ทะเบียน|แพทย์|ราชการ)"
)
# "คอมพิวเตอร์มือสองมาใช้ที่ศูนย์", "ลำโพงให้ศูนย์ฯ": equipment for the centre (R1).
_EQUIPMENT = re.compile(
    r"คอมพิวเตอร์|โน้ตบุ๊ก|โน๊ตบุ๊ค|ปริ้นเตอร์|ปริ้นท์เตอร์|เครื่องพิมพ์|โปรเจกเตอร์|โปรเจคเตอร์|"
    r"ลำโพง|เครื่องเสียง|ไมโครโฟน|ไวไฟ|wifi|อินเทอร์เน็ต|อินเตอร์เน็ต|เครื่องถ่ายเอกสาร|จอทีวี|"
    r"กล้องวงจรปิด|cctv|ตู้น้ำเย็น|ตู้กดน้ำ|เครื่องทำน้ำเย็น|เครื่องกรองน้ำ|แอร์|เครื่องปรับอากาศ"
)
_FOR_THE_CENTRE = re.compile(
    r"(?:ของ|ให้|ที่|ประจำ|ใช้ที่|ไว้ที่|เข้า|ใน|ในห้องประชุม|ห้องประชุม)\s*ศูนย์(?!เด็ก|พัฒนาเด็ก|ดำรง|ทะเบียน|แพทย์|ราชการ)"
)
# How far after the equipment the centre may be named.
EQUIPMENT_REACH = 60
# Forwarded news: a headline ("ข่าว: ครม.อนุมัติ...") or a cited source ("(ที่มา: ...)").
_NEWS = re.compile(r"^(?:ส่งต่อ)?ข่าว\S{0,6}\s*:|\(\s*ที่มา\s*:")
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
    # Decided by the form of the message alone (no words, a bot command): nothing to check.
    settled: bool = False


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


@dataclass(slots=True)
class Reading:
    """One message as the rules see it: its words and cues, and the scores the rules move.

    ``activity``, ``done``, ``royal_words`` and ``royal`` are read from the lexicon scores
    before any rule moved weight; ``household``, ``chat`` and ``shape`` are set by the rules
    that find them, for the rules after them.
    """

    prepared: str
    tokens: list[str]
    cues: dict[str, list[int]]
    headcount: bool
    # A date written as still to come ("วันที่ 20 นี้", "10 ม.ค. 68" sent in December).
    upcoming: bool
    types: dict[str, float]
    dims: dict[str, float]
    cleanup: float
    evidence: list[str]
    day: str | None
    # All activity evidence: clean-up, dimensions, 3.1 and 3.3.
    activity: float
    # Activity evidence beyond the words that only name a day ("สวัสดีวันพระ").
    done: float
    # 3.3 weight from words other than a day's name.
    royal_words: float
    royal: bool
    household: bool = False
    chat: bool = False
    shape: int = 0
    _best: Decision | None = field(default=None, repr=False)

    @property
    def occasion(self) -> bool:
        """An important day or royal-volunteer framing."""
        return self.day is not None or self.royal

    @property
    def best(self) -> Decision:
        """The highest final score as a decision.

        Kept from the first read: only the closing rules read it, after every rule that moves
        weight, so they all see the same answer.
        """
        if self._best is None:
            self._best = _choose(self.types, self.dims, self.day, self.evidence)
        return self._best


def read(
    prepared: str,
    tokens: list[str],
    scores: Scores,
    cue_hits: list[Hit],
    day_from_date: str | None,
    headcount: bool,
    upcoming: bool = False,
) -> Reading:
    """The reading the rules start from (``scores`` is moved in place, not copied)."""
    types = scores.types
    activity = scores.cleanup + sum(scores.dims.values()) + types["3.1"] + types["3.3"]
    return Reading(
        prepared=prepared,
        tokens=tokens,
        cues=_cue_positions(cue_hits),
        headcount=headcount,
        upcoming=upcoming,
        types=types,
        dims=scores.dims,
        cleanup=scores.cleanup,
        evidence=scores.evidence,
        day=_pick_day(scores.day_names) or day_from_date,
        activity=activity,
        done=activity - scores.day_weight,
        royal_words=types["3.3"] - scores.day_weight,
        royal=types["3.3"] >= ROYAL_FRAMING_WEIGHT,
    )


@dataclass(frozen=True)
class Rule:
    """One context rule: ``apply`` returns the decision, or None to leave it to later rules
    (the weight rules always do, after moving weight in the reading)."""

    name: str
    apply: Callable[[Reading], Decision | None]


def decide(
    prepared: str,
    tokens: list[str],
    scores: Scores,
    cue_hits: list[Hit],
    day_from_date: str | None,
    headcount: bool = False,
    upcoming: bool = False,
) -> Decision:
    """Apply the context rules in order and pick the type, dimension and important day."""
    reading = read(prepared, tokens, scores, cue_hits, day_from_date, headcount, upcoming)
    for rule in RULES:
        decision = rule.apply(reading)
        if decision is not None:
            return decision
    raise AssertionError("the last rule always decides")


# Messages that are not read at all.


def no_words(reading: Reading) -> Decision | None:
    """No words, only emoji or punctuation: not a report. First: there is nothing to read."""
    if reading.tokens and not _ONLY_SYMBOLS.match(reading.prepared):
        return None
    return Decision(None, None, None, NOT_A_REPORT_CONFIDENCE, ("rule:no-words",), settled=True)


def bot_command(reading: Reading) -> Decision | None:
    """A bare bot command ("สถานะ") is not a report. Before the weight rules, whatever its
    words would score."""
    if reading.prepared.strip(" .!?") not in _COMMANDS:
        return None
    return Decision(
        None, None, None, NOT_A_REPORT_CONFIDENCE, ("rule:bot-command",), settled=True
    )


# What the activity is (R1-R6): each moves weight and leaves the answer to later rules.


def centre_building(reading: Reading) -> None:
    """R1: repairing or equipping the centre itself ("ต่อเติมหลังคา...ของศูนย์") is 3.1.

    Housing words then describe the centre's building, not a resident's home. First among the
    weight rules, so the household rule below no longer counts that housing weight.
    """
    cues, dims = reading.cues, reading.dims
    if "household" in cues:
        return
    equipped = _equips_the_centre(reading.prepared)
    if "learning_centre" not in cues and not equipped and not _CENTRE_PART.search(
            reading.prepared):
        return
    if dims["living"] > 0:
        reading.types["3.1"] += dims["living"]
        dims["living"] = 0.0
        reading.evidence.append("rule:centre-building")
    elif equipped:
        reading.types["3.1"] += LEARNING_CENTRE_BONUS
        reading.evidence.append("rule:centre-equipment")


def planning(reading: Reading) -> None:
    """R1: mapping, surveys and data collection are community planning (3.1).

    The problems they list (floods, disabled residents, debts) are their topic, not a service
    delivered. Before the household rule, which then needs more than a listed problem.
    """
    at = reading.cues.get("planning", [])
    if not at:
        return
    if reading.dims["income"] > reading.types["3.1"] and all(
            reading.tokens[p] in _MAP_PINS for p in at):
        # Pins and maps for sellers ("ปักหมุดร้านใน Google Maps ให้ลูกค้าหาเจอ"): marketing
        # their shops, an income service (D3), not a map of the village.
        return
    reading.types["3.3"] *= PLANNING_KEEPS_OCCASION
    _scale(reading.dims, PLANNING_KEEPS_SERVICE)
    reading.evidence.append("rule:planning")


def household_service(reading: Reading) -> None:
    """R5: concrete help to identified households stays 3.2 even on a royal occasion.

    Sets ``reading.household``, which the occasion rules after it read to hold back.
    """
    household = "household" in reading.cues or bool(_HOUSEHOLD_UNIT.search(reading.prepared))
    if household and reading.occasion and reading.cleanup > 0 and "institution" in reading.cues \
            and "household" in reading.cues and not _HOUSEHOLD_UNIT.search(reading.prepared):
        # Cleaning a hospital's or a school's premises on an important day ("วันมหิดล ช่วย
        # โรงพยาบาล เช็ดเตียง ล้างรถเข็นผู้ป่วย"): its patients are not a household served.
        household = False
    reading.household = household and (
        reading.cleanup > 0 or sum(reading.dims.values()) >= HOUSEHOLD_SERVICE_WEIGHT
    )
    if reading.household:
        reading.types["3.3"] *= HOUSEHOLD_KEEPS_OCCASION
        reading.evidence.append("rule:household-service")


def tribute_only(reading: Reading) -> None:
    """R7: a tribute on a royal day with no work done is a greeting, not a report.

    "น้อมรำลึกในพระมหากรุณาธิคุณ" frames a report of work ("ปลูกต้นไม้เพื่อน้อมรำลึก…"), but
    alone, with no clean-up, service, centre work, head-count or sign that anything was done,
    it is the tribute itself. Before the important-day rule, which would count it as work.
    """
    cues = reading.cues
    if "tribute" not in cues or reading.headcount or reading.cleanup > 0:
        return
    if any(reading.dims.values()) or reading.types["3.1"] > 0 or any(
            name in cues for name in _WORK_CUES):
        return
    reading.types["3.3"] = 0.0
    reading.done = reading.activity = 0.0
    reading.day = None  # the day's name is the occasion of the tribute, not of work
    reading.types[NONE] += TRIBUTE_ONLY_WEIGHT
    reading.chat = True
    reading.evidence.append("rule:tribute-only")


# Cues that say work was done or is the topic (a tribute among them is framing, not chat).
_WORK_CUES = ("past", "meeting", "training", "volunteering", "household")


def important_day(reading: Reading) -> None:
    """R3: an important day, named or dated, adds to 3.3 (less for a household service)."""
    if reading.day is None:
        return
    if reading.done <= 0 and reading.activity > 0:
        # Only the day's name ("อิ่มบุญวันพระเด้อ"): a greeting or a wish, not work done on it.
        reading.types["3.3"] -= reading.activity - reading.done
        reading.types[NONE] += DAY_NAME_ONLY_WEIGHT
        reading.chat = True
        reading.evidence.append("rule:day-name-only")
        return
    bonus = OCCASION_BONUS if reading.done > 0 else DAY_NAME_BONUS
    reading.types["3.3"] += bonus * (HOUSEHOLD_KEEPS_DAY_BONUS if reading.household else 1.0)
    reading.evidence.append(f"rule:important-day:{reading.day}")


def clean_up(reading: Reading) -> None:
    """R3/R1: give the clean-up weight to the purpose it serves.

    A public or temple clean-up on an occasion is 3.3; group work for the learning centre
    builds the centre (3.1, "rule:learning-centre"; with no clean-up, a centre named only as
    the venue, "ที่ลานหน้าศูนย์", builds nothing); cleaning against a disease is health;
    otherwise it is community environment (3.2 living). After the household rule, since a
    household's clean-up is a service.
    """
    cues = reading.cues
    if (reading.occasion or "temple" in cues) and not reading.household:
        reading.types["3.3"] += reading.cleanup
    elif "learning_centre" in cues and (
            reading.cleanup > 0 or not _only_venue(reading.tokens, cues["learning_centre"])):
        reading.types["3.1"] += reading.cleanup + LEARNING_CENTRE_BONUS
        reading.evidence.append("rule:learning-centre")
    elif reading.dims["health"] > reading.dims["living"]:
        # Cleaning against a disease ("ไวรัส RSV ระบาด ไปช่วยล้างของเล่น") is disease control.
        reading.dims["health"] += reading.cleanup
    else:
        reading.dims["living"] += reading.cleanup


def commemorative_add_on(reading: Reading) -> None:
    """R4: a health check or lunch at a commemorative clean-up is an add-on to the 3.3 work."""
    if not reading.occasion or reading.household:
        return
    if reading.cleanup > 0 or reading.royal:
        _scale(reading.dims, ADD_ON_KEEPS_SERVICE)


def temple_volunteer(reading: Reading) -> None:
    """R3: work for a temple is 3.3 on any day. After the clean-up rule, whose 3.3 it reads.

    Housing words then describe the temple's building ("ซ่อมท่อรั่วในห้องน้ำวัด"), and a
    helping hand at a temple ("ขนทรายเข้าวัด ช่วยกันทั้งคุ้ม") is the volunteering itself, unless
    the temple is only where the work happens ("แจกถุงยังชีพที่ศาลาวัด").
    """
    if "temple" not in reading.cues or reading.household:
        return
    worked_for = not _only_venue(reading.tokens, reading.cues["temple"])
    if worked_for and reading.dims["living"] > 0:
        reading.types["3.3"] += reading.dims["living"]
        reading.dims["living"] = 0.0
        reading.evidence.append("rule:temple-building")
    helped = worked_for and "volunteering" in reading.cues
    if reading.cleanup > 0 or reading.types["3.3"] > 0 or helped:
        reading.types["3.3"] += TEMPLE_BONUS
        reading.evidence.append("rule:temple-volunteer")


def network_day(reading: Reading) -> None:
    """R1: CDD network days (1 Oct, 28 Jan) are not national days.

    Their merit-making and clean-ups stay with the network gathering (3.1) unless royal
    framing is explicit. After the occasion rules, to take back what they gave 3.3.
    """
    cues = reading.cues
    if "network_day" not in cues or reading.royal_words >= NETWORK_DAY_ROYAL_WORDS:
        return
    worked = reading.cleanup > 0 or any(reading.dims.values()) or reading.types["3.3"] > 0
    wish = "greeting" in cues or "thanks" in cues
    if wish and not worked and not reading.headcount and not any(
            name in cues for name in ("past", "report", "meeting", "training", "volunteering")):
        # Only the day's name in a wish ("สุขสันต์วันสถาปนากรม... ครบรอบ 63 ปี"): a greeting.
        reading.types["3.1"] = 0.0
        reading.types[NONE] += NETWORK_DAY_NAME_ONLY_WEIGHT
        reading.chat = True
        reading.evidence.append("rule:network-day-name-only")
        return
    reading.types["3.3"] *= NETWORK_DAY_KEEPS_OCCASION
    reading.types["3.1"] += NETWORK_DAY_BONUS
    if reading.cleanup > 0 and not reading.occasion and not reading.household:
        # The clean-up or planting the clean-up rule gave to the community environment is
        # part of the gathering ("ครบรอบ 63 ปี พช. ไปร่วมปลูกต้นไม้ที่อำเภอ").
        moved = min(reading.cleanup, reading.dims["living"])
        reading.dims["living"] -= moved
        reading.types["3.1"] += moved
    reading.evidence.append("rule:network-day")


def meeting(reading: Reading) -> None:
    """R1: a meeting or planning session is 3.1 whatever activity it plans or reviews.

    After the occasion and service rules, so it scales down everything they added.
    """
    if "meeting" not in reading.cues:
        return
    reading.types["3.3"] *= MEETING_KEEPS_OCCASION
    _scale(reading.dims, MEETING_KEEPS_SERVICE)
    reading.evidence.append("rule:meeting")


def leaders_trained(reading: Reading) -> None:
    """R6: training the leaders is 3.1; training residents is left a 3.2 service."""
    if not _leaders_trained(reading.tokens, reading.cues):
        return
    reading.types["3.1"] += LEADERS_TRAINED_BONUS
    reading.types["3.3"] *= LEADERS_TRAINED_KEEPS_OCCASION
    _scale(reading.dims, LEADERS_TRAINED_KEEPS_SERVICE)
    reading.evidence.append("rule:leaders-trained")


# Chat rather than a report (R7), then the written shape of a report: after the type rules,
# as they weigh "not a report" against whatever activity the text shows.


def announcement(reading: Reading) -> None:
    """R7: announcements and invitations of future activities are not reports.

    A future time word alone ("แผนงานเดือนหน้า") only counts when nothing says the activity
    took place; an invitation or a time to come that opens the message ("ขอเชิญ...",
    "ประกาศ!!", "พรุ่งนี้ไป...") is its point. Some words announce only there ("ขอความร่วมมือ",
    "นัดหมาย": inside a report they are part of the work); a date written as still to come
    ("วันที่ 20 นี้", a later year) announces wherever it is.
    """
    cues = reading.cues
    if "past" in cues:
        return
    # An invitation, or a time still to come ("พรุ่งนี้ไป...", "เดือนหน้าศูนย์จะ..."), that
    # opens the message is its point.
    announces = _unreported(reading.tokens, cues.get("announce", []))
    # A time word is no plan when a result is stated ("คืนนี้ช่วยไลฟ์ขาย… ขายได้ 43 ถุง").
    future = [] if _RESULT.search(reading.prepared) else cues.get("future", [])
    opens = any(at < OPENING_TOKENS for at in announces + cues.get("announce_opening", [])) or any(
        at < OPENING_TOKENS or all(t in _PLAN_HEADINGS for t in reading.tokens[:at])
        for at in future)
    coming = reading.upcoming or bool(_FUTURE_WEEKDAY.search(reading.prepared))
    announced = bool(announces) or opens or coming
    if not announced and not _future_plan(reading):
        return
    reading.chat = True
    # An invitation for a day still to come ("ในวันเสาร์ที่จะถึงนี้ ... ขอเชิญ") is the point
    # of the message wherever it stands, as one that opens it.
    strong = opens or (bool(announces) and coming)
    reading.types[NONE] += OPENING_INVITATION_WEIGHT if strong else ANNOUNCEMENT_WEIGHT
    if strong:
        # The activity words describe what is planned.
        _scale(reading.dims, ANNOUNCED_KEEPS_ACTIVITY)
        reading.types["3.1"] *= ANNOUNCED_KEEPS_ACTIVITY
        reading.types["3.3"] *= ANNOUNCED_KEEPS_ACTIVITY
    reading.evidence.append("rule:announcement")
    if opens:
        reading.evidence.append("rule:opening-announcement")


def request(reading: Reading) -> None:
    """R7: a request that opens the message ("ขอแบบฟอร์ม...", "ขอรูปวันประชุม") or a forwarded
    message ("FW:", "ส่งต่อจาก...") or forwarded news ("ข่าว: ...", "(ที่มา: ...)") is not a report
    of the activity it names."""
    news = _NEWS.search(reading.prepared) and "past" not in reading.cues
    if not news and not any(at < OPENING_TOKENS for at in reading.cues.get("request", [])):
        return
    reading.chat = True
    reading.types[NONE] += REQUEST_WEIGHT
    reading.evidence.append("rule:request")


def thanks(reading: Reading) -> None:
    """R7: a message that opens with thanks is a thank-you note, whatever it thanks for.

    A head-count makes it a report that happens to start with thanks.
    """
    if reading.headcount:
        return
    if any(at < THANKS_OPENING_TOKENS for at in reading.cues.get("thanks", [])):
        reading.chat = True
        reading.types[NONE] += THANKS_WEIGHT
        reading.evidence.append("rule:thanks")


def question(reading: Reading) -> None:
    """R7: a question is chat; in a text full of activity it is only an aside."""
    cues = reading.cues
    if "?" not in reading.prepared and not _unreported(reading.tokens, cues.get("question", [])):
        return
    reading.chat = True
    if "procedure" in cues or any(at < OPENING_TOKENS for at in cues.get("hypothetical", [])):
        reading.types[NONE] += PROCEDURE_QUESTION_WEIGHT
        reading.evidence.append("rule:procedure-question")
        return
    # An aside needs a sign that the activity took place, not only many activity words.
    happened = "past" in cues or reading.headcount
    aside = reading.activity >= ASIDE_QUESTION_ACTIVITY and happened
    reading.types[NONE] += ASIDE_QUESTION_WEIGHT if aside else QUESTION_WEIGHT
    reading.evidence.append("rule:question")


def greeting(reading: Reading) -> None:
    """R7: an opening greeting marks the text as chat.

    It adds no weight (the greeting word's own lexicon weight already counts for "none"); it
    keeps the report-shape and closing rules from treating the text as a report.
    """
    if any(at < OPENING_TOKENS for at in reading.cues.get("greeting", [])):
        reading.chat = True


def report_shape(reading: Reading) -> None:
    """How a finished activity is written up, whatever its vocabulary, weighs against "none".

    Last of the weight rules: it applies only when no chat rule above fired.
    """
    reading.shape = _report_shape(reading.prepared, reading.cues, reading.headcount)
    if reading.shape and not reading.chat:
        reading.types[NONE] -= REPORT_CUE_WEIGHT * min(reading.shape, REPORT_CUE_CAP)
        reading.evidence.append(f"rule:report-shape:{reading.shape}")


# Closing rules: where "not a report" would be a guess, ask the leader instead of dropping a
# report. They read the final scores, so they come after every rule that moves weight.


def weak_report(reading: Reading) -> Decision | None:
    """Some activity evidence, no weight left for "none" and no sign of chat: ask."""
    if reading.chat or reading.types[NONE] > 0 or reading.activity <= 0:
        return None
    return _ask(reading, "rule:weak-report")


def report_shaped(reading: Reading) -> Decision | None:
    """Shaped like a report, but the words are unknown or point to chat only weakly: ask."""
    if reading.chat or reading.shape < REPORT_SHAPE:
        return None
    if reading.best.confidence >= SURE_NONE_CONFIDENCE and reading.activity <= 0:
        return None
    return _ask(reading, "rule:report-shaped")


def no_evidence(reading: Reading) -> Decision | None:
    """Nothing matched either way and no rule gave a type weight: a short line is chat, a
    longer one (or one with a head-count) is probably a report in words the lexicons lack, so
    ask."""
    if reading.types[NONE] > 0 or reading.activity != 0 or any(
            reading.types[t] > 0 for t in ("3.1", "3.3")):
        return None
    if len(reading.tokens) < UNKNOWN_REPORT_TOKENS and not reading.headcount:
        return None
    return _ask(reading, "rule:no-evidence")


def best_score(reading: Reading) -> Decision:
    """The highest final score. Last: it always decides."""
    return reading.best


# The order is the reading order: messages not read at all; what the activity is (R1-R6);
# chat rather than a report (R7) and the report's written shape; asking instead of a guessed
# "none"; the best score.
RULES: tuple[Rule, ...] = (
    Rule("no-words", no_words),
    Rule("bot-command", bot_command),
    Rule("centre-building", centre_building),
    Rule("planning", planning),
    Rule("household-service", household_service),
    Rule("tribute-only", tribute_only),
    Rule("important-day", important_day),
    Rule("clean-up", clean_up),
    Rule("commemorative-add-on", commemorative_add_on),
    Rule("temple-volunteer", temple_volunteer),
    Rule("network-day", network_day),
    Rule("meeting", meeting),
    Rule("leaders-trained", leaders_trained),
    Rule("announcement", announcement),
    Rule("request", request),
    Rule("thanks", thanks),
    Rule("question", question),
    Rule("greeting", greeting),
    Rule("report-shape", report_shape),
    Rule("weak-report", weak_report),
    Rule("report-shaped", report_shaped),
    Rule("no-evidence", no_evidence),
    Rule("best-score", best_score),
)


def _ask(reading: Reading, reason: str) -> Decision | None:
    """Ask the leader, where the best score says "not a report"; else leave it to later rules."""
    if reading.best.activity_type is not None:
        return None
    return Decision(None, None, None, ASK_CONFIDENCE, (*reading.best.evidence, reason))


def _scale(weights: dict[str, float], factor: float) -> None:
    for name in weights:
        weights[name] *= factor


def _choose(
    types: dict[str, float], dims: dict[str, float], day: str | None, evidence: list[str]
) -> Decision:
    dim_values = sorted((dims[d] for d in DIMENSIONS), reverse=True)
    final = {
        "3.1": types["3.1"],
        "3.2": dim_values[0] + OTHER_DIMENSIONS_SHARE * sum(dim_values[1:]),
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
    shape = min(REPORT_WORDS_COUNTED, len(cues.get("report", ()))) + ("past" in cues) + headcount
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
        if any(at < p <= at + LEADERS_AFTER_TRAINING for p in leaders):
            return True
        before = at - LEADERS_BEFORE_TRAINING
        if any(before <= p < at for p in leaders) and _joins_training(tokens, at):
            return True
        # Given to the leaders ("ฝึกทบทวนการใช้ถังดับเพลิงให้กำลังพลศูนย์ฯ"): the leaders are
        # trained, however long the skill's name.
        if any(at < p <= at + LEADERS_GIVEN_TRAINING and tokens[p - 1] == "ให้" for p in leaders):
            return True
    return False


def _joins_training(tokens: list[str], at: int) -> bool:
    if tokens[at].startswith("เข้า"):
        return True
    # The last one to three words before, however the segmenter split them ("เข้า รับ การ").
    return any("".join(tokens[at - k : at]) in _JOINING for k in range(1, min(3, at) + 1))


_JOINING = frozenset({"เข้า", "ไป", "ไปเข้า", "รับการ", "ได้รับการ", "เข้ารับ", "เข้ารับการ"})


def _future_plan(reading: Reading) -> bool:
    """A future time word that is not the topic, where nothing says the activity took place.

    A meeting or a head-count says it did: "ประชุมวางแผนเดือนหน้า" is a report of a meeting.
    """
    cues = reading.cues
    if "meeting" in cues or reading.headcount or _RESULT.search(reading.prepared):
        return False
    topics = cues.get("topic_before", [])
    return any(
        not any(at - FUTURE_TOPIC_WINDOW <= p < at for p in topics)
        for at in cues.get("future", [])
    )


def _equips_the_centre(prepared: str) -> bool:
    for match in _EQUIPMENT.finditer(prepared):
        if _FOR_THE_CENTRE.search(prepared, match.end(), match.end() + EQUIPMENT_REACH):
            return True
    return False


def _only_venue(tokens: list[str], positions: list[int]) -> bool:
    """Every mention of a temple is where something happens ("ที่ศาลาวัด"), not what is worked on."""
    return all(at > 0 and tokens[at - 1] in _VENUE_WORDS for at in positions)


_VENUE_WORDS = frozenset({"ที่", "ณ", "บริเวณ", "ลาน", "หน้า"})

# Headings of a plan that a time to come may follow and still open the text
# ("แผนภารกิจพรุ่งนี้ 0700 รวมพล…"): the plan of that day.
_PLAN_HEADINGS = frozenset({"แผน", "แผนงาน", "ภารกิจ", "กำหนดการ", "ตาราง", "ตารางงาน"})

# Mapping words that also pin a shop for its customers (the first token of each cue phrase).
_MAP_PINS = frozenset({"ปักหมุด", "ปักจุด", "google", "my", "จับพิกัด"})

# Reported speech: a question or a plan after these ("บอกว่าเล่มไหน…", "นำเสนอว่าศูนย์จะจัด…")
# is what someone said in the report, not the sender's question or announcement.
# ("ถามว่า…ไหมคะ", "รายงานว่า…ไหม" ask the question themselves.)
_SAYING = ("บอก", "แจ้ง", "เสนอ", "นำเสนอ", "เล่า", "อธิบาย")
_REPORTED = frozenset(f"{verb}ว่า" for verb in _SAYING)
REPORTED_REACH = 4


def _unreported(tokens: list[str], positions: list[int]) -> list[int]:
    """The cue positions not inside reported speech (a saying verb and ว่า shortly before)."""
    return [at for at in positions if not any(
        tokens[k] in _REPORTED or (tokens[k] == "ว่า" and k > 0 and tokens[k - 1] in _SAYING)
        for k in range(max(0, at - REPORTED_REACH), at))]


def _pick_day(names: list[str]) -> str | None:
    """The most specific important day named (a named holy day beats plain วันพระ)."""
    specific = [n for n in names if n != "wan_phra"]
    if specific:
        return specific[0]
    return names[0] if names else None


_COMMANDS = ALL_WORDS  # the bot's own command words are never a report
