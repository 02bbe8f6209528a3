"""Each context rule in classifier.rules.RULES on its own, fed real classifier input.

A case is a text (and the important day a date in it names, as classify() would pass it); the
reading is built from the real lexicons and every earlier rule is applied before the rule
under test, exactly as decide() runs them. Each table lists texts the rule decides (or moves
weight for) and texts it leaves to later rules.
"""

from __future__ import annotations

import pytest

from classifier.matcher import Hit
from classifier.participants import count_participants
from classifier.result import DIMENSIONS
from classifier.rules import (
    ADD_ON_KEEPS_SERVICE,
    ANNOUNCEMENT_WEIGHT,
    ASIDE_QUESTION_WEIGHT,
    ASK_CONFIDENCE,
    DAY_NAME_BONUS,
    DAY_NAME_ONLY_WEIGHT,
    HOUSEHOLD_KEEPS_DAY_BONUS,
    HOUSEHOLD_KEEPS_OCCASION,
    LEADERS_TRAINED_BONUS,
    LEADERS_TRAINED_KEEPS_OCCASION,
    LEADERS_TRAINED_KEEPS_SERVICE,
    LEARNING_CENTRE_BONUS,
    MEETING_KEEPS_OCCASION,
    MEETING_KEEPS_SERVICE,
    NETWORK_DAY_BONUS,
    NETWORK_DAY_KEEPS_OCCASION,
    NONE,
    NOT_A_REPORT_CONFIDENCE,
    OCCASION_BONUS,
    OPENING_INVITATION_WEIGHT,
    PLANNING_KEEPS_OCCASION,
    PLANNING_KEEPS_SERVICE,
    PROCEDURE_QUESTION_WEIGHT,
    QUESTION_WEIGHT,
    REPORT_CUE_CAP,
    REPORT_CUE_WEIGHT,
    REQUEST_WEIGHT,
    RULES,
    TEMPLE_BONUS,
    THANKS_WEIGHT,
    Decision,
    Reading,
    Rule,
    Scores,
    decide,
    read,
    score_hits,
)
from classifier.text import prepare, tokenize
from classifier.vocabulary import vocabulary

DEC5 = "king9_birthday_dec5"
Weights = dict[str, float]
DecideArgs = tuple[str, list[str], Scores, list[Hit], str | None, bool]


def inputs(text: str, day: str | None = None) -> DecideArgs:
    """decide()'s arguments for ``text``, built as classify() builds them."""
    vocab = vocabulary()
    prepared = prepare(text)
    tokens = tokenize(prepared, vocab.trie)
    scores = score_hits(vocab.lexicon.find(tokens))
    headcount = count_participants(prepared) is not None
    return prepared, tokens, scores, vocab.cues.find_all(tokens), day, headcount


def reading_of(text: str, day: str | None = None, upcoming: bool = False) -> Reading:
    """The reading decide() starts from (``upcoming``: a date still to come is written)."""
    return read(*inputs(text, day), upcoming=upcoming)


def reaching(
    name: str, text: str, day: str | None = None, upcoming: bool = False
) -> tuple[Rule, Reading]:
    """Rule ``name`` and the reading as it reaches that rule (every earlier rule applied)."""
    reading = reading_of(text, day, upcoming)
    for rule in RULES:
        if rule.name == name:
            return rule, reading
        assert rule.apply(reading) is None, f"{rule.name} decided {text!r} before {name}"
    raise LookupError(name)


def weights(reading: Reading) -> Weights:
    """Type and dimension weights, absent ones as 0 (reading them must not add keys)."""
    labels = ("3.1", "3.3", NONE)
    return {
        **{k: reading.types.get(k, 0.0) for k in labels},
        **{k: reading.dims.get(k, 0.0) for k in DIMENSIONS},
    }


def snapshot(reading: Reading) -> tuple[object, ...]:
    return weights(reading), tuple(reading.evidence), reading.household, reading.chat


def weigh(
    name: str, text: str, day: str | None = None, upcoming: bool = False
) -> tuple[Weights, Weights, list[str], Reading]:
    """Apply one weight rule: weights before and after, the evidence it added, the reading."""
    rule, reading = reaching(name, text, day, upcoming)
    before, seen = weights(reading), len(reading.evidence)
    assert rule.apply(reading) is None
    return before, weights(reading), reading.evidence[seen:], reading


def assert_leaves(name: str, text: str, day: str | None = None) -> None:
    rule, reading = reaching(name, text, day)
    before = snapshot(reading)
    assert rule.apply(reading) is None
    assert snapshot(reading) == before


def scaled(before: Weights, factor: float) -> Weights:
    return {k: before[k] * factor for k in DIMENSIONS}


def dims_of(after: Weights) -> Weights:
    return {k: after[k] for k in DIMENSIONS}


def test_rule_names_are_unique_and_best_score_closes() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert names[:2] == ["no-words", "bot-command"]
    assert names[-1] == "best-score"


@pytest.mark.parametrize(
    ("text", "decides"),
    [
        ("", True),
        ("😂😂😂", True),
        ("👍👍 !!", True),
        ("สวัสดีครับ", False),
        ("ok", False),
    ],
)
def test_no_words(text: str, decides: bool) -> None:
    rule, reading = reaching("no-words", text)
    expected = Decision(None, None, None, NOT_A_REPORT_CONFIDENCE, ("rule:no-words",), True)
    assert rule.apply(reading) == (expected if decides else None)


@pytest.mark.parametrize(
    ("text", "decides"),
    [
        ("สถานะ", True),
        ("/help", True),
        ("เมนู !", True),
        ("ส่งรายงาน.", True),
        # A question about a command is chat for the later rules, not a command.
        ("ส่งรายงานยังไงครับ", False),
        ("สถานะของศูนย์เป็นอย่างไรครับ", False),
    ],
)
def test_bot_command(text: str, decides: bool) -> None:
    rule, reading = reaching("bot-command", text)
    expected = Decision(None, None, None, NOT_A_REPORT_CONFIDENCE, ("rule:bot-command",), True)
    assert rule.apply(reading) == (expected if decides else None)


@pytest.mark.parametrize(
    "text",
    [
        "ซ่อมหลังคาศูนย์ที่รั่ว",
        "ทาสีหน้าต่างศูนย์ใหม่ เปลี่ยนหลอดไฟ",
    ],
)
def test_centre_building_moves_housing_weight_to_3_1(text: str) -> None:
    before, after, added, _ = weigh("centre-building", text)
    assert before["living"] > 0
    assert after["3.1"] == before["3.1"] + before["living"]
    assert after["living"] == 0.0
    assert added == ["rule:centre-building"]


@pytest.mark.parametrize(
    "text",
    [
        "ได้คอมพิวเตอร์มือสองมาใช้ที่ศูนย์ 1 เครื่อง",
        "ติดตั้ง wifi ที่ศูนย์แล้ว",
    ],
)
def test_centre_equipment_is_centre_work(text: str) -> None:
    before, after, added, _ = weigh("centre-building", text)
    assert after["3.1"] == before["3.1"] + LEARNING_CENTRE_BONUS
    assert added == ["rule:centre-equipment"]


@pytest.mark.parametrize(
    "text",
    [
        # A resident's house, even with a roof in it.
        "ซ่อมแซมบ้านให้ยายที่อยู่คนเดียว เปลี่ยนหลังคาใหม่",
        "ซ่อมหลังคาบ้านน้ำรั่ว",
        # The centre is named, but the housing work is for a household.
        "ซ่อมบ้านให้ยาย ขนไม้จากหน้าศูนย์",
        # The centre, but no housing weight to move: the meeting rule decides it.
        "ประชุมที่ศูนย์เรียนรู้",
        # Equipment for a resident, the centre only where it was handed over.
        "มอบคอมพิวเตอร์ให้เด็กยากจน",
    ],
)
def test_centre_building_leaves(text: str) -> None:
    assert_leaves("centre-building", text)


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("สำรวจข้อมูล จปฐ. ครัวเรือนยากจน ผู้พิการ", True),
        ("ทำแผนที่ชุมชน จุดเสี่ยงน้ำท่วม", True),
        ("แจกถุงยังชีพผู้ประสบภัยน้ำท่วม", False),
    ],
)
def test_planning(text: str, fires: bool) -> None:
    if not fires:
        assert_leaves("planning", text)
        return
    before, after, added, _ = weigh("planning", text)
    assert after["3.3"] == before["3.3"] * PLANNING_KEEPS_OCCASION
    assert dims_of(after) == scaled(before, PLANNING_KEEPS_SERVICE)
    assert added == ["rule:planning"]


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("ซ่อมแซมบ้านให้ยายที่อยู่คนเดียว เปลี่ยนหลังคาใหม่", True),
        ("ปลูกผักสวนครัว 20 ครัวเรือน", True),
        ("เนื่องในวันแม่แห่งชาติ ซ่อมแซมบ้านให้ยายที่อยู่คนเดียว", True),
        # Households counted, but no service to them beyond a survey.
        ("สำรวจ 20 ครัวเรือน", False),
        ("ทำความสะอาดวัด", False),
    ],
)
def test_household_service(text: str, fires: bool) -> None:
    if not fires:
        assert_leaves("household-service", text)
        return
    before, after, added, reading = weigh("household-service", text)
    assert reading.household
    assert after["3.3"] == before["3.3"] * HOUSEHOLD_KEEPS_OCCASION
    assert added == ["rule:household-service"]


@pytest.mark.parametrize(
    ("text", "day", "bonus"),
    [
        # A date in the text names the day (classify passes it in).
        ("เก็บขยะริมถนน", DEC5, OCCASION_BONUS),
        ("วันพ่อ เก็บขยะริมถนน", None, OCCASION_BONUS),
        # No activity words, only a date on the day.
        ("ไปกันมา 12 คน", DEC5, DAY_NAME_BONUS),
        ("เนื่องในวันแม่แห่งชาติ ซ่อมแซมบ้านให้ยายที่อยู่คนเดียว", None,
         OCCASION_BONUS * HOUSEHOLD_KEEPS_DAY_BONUS),
        ("เก็บขยะริมถนน", None, None),
    ],
)
def test_important_day(text: str, day: str | None, bonus: float | None) -> None:
    """R3: an important day adds to 3.3, more when something was done on it."""
    if bonus is None:
        assert_leaves("important-day", text, day)
        return
    before, after, added, reading = weigh("important-day", text, day)
    assert after["3.3"] == before["3.3"] + bonus
    assert added == [f"rule:important-day:{reading.day}"]


@pytest.mark.parametrize(
    "text",
    ["สวัสดีวันพระครับ", "อิ่มบุญวันพระเด้อพี่น้อง", "วันพระใหญ่นะทุกคน 🙏"],
)
def test_a_day_named_alone_is_chat(text: str) -> None:
    """R7: only a day's name and no work done on it is a greeting or a wish."""
    before, after, added, reading = weigh("important-day", text)
    assert before["3.3"] > 0 and after["3.3"] == 0.0
    assert after[NONE] == before[NONE] + DAY_NAME_ONLY_WEIGHT
    assert reading.chat and added == ["rule:day-name-only"]


@pytest.mark.parametrize(
    ("text", "day", "goes_to"),
    [
        ("เก็บขยะริมถนน", DEC5, "3.3"),
        ("กวาดลานวัด", None, "3.3"),
        ("ช่วยกันเก็บขยะที่ศูนย์เรียนรู้", None, "3.1"),
        ("เก็บขยะริมถนน", None, "living"),
        # A household's clean-up on the day is part of the service to it.
        ("วันพ่อ ซ่อมแซมบ้านให้ยาย ทำความสะอาดบ้าน", None, "living"),
        ("ประชุมคณะกรรมการศูนย์", None, None),
    ],
)
def test_clean_up(text: str, day: str | None, goes_to: str | None) -> None:
    if goes_to is None:
        assert_leaves("clean-up", text, day)
        return
    before, after, added, reading = weigh("clean-up", text, day)
    gain = {k: after[k] - before[k] for k in after if after[k] != before[k]}
    if goes_to == "3.1":
        assert gain == {"3.1": reading.cleanup + LEARNING_CENTRE_BONUS}
        assert added == ["rule:learning-centre"]
    else:
        assert gain == {goes_to: reading.cleanup}
        assert added == []


@pytest.mark.parametrize(
    ("text", "day", "fires"),
    [
        ("วันแม่ เก็บขยะรอบหมู่บ้าน ตรวจวัดความดันให้จิตอาสา", None, True),
        ("จิตอาสาพระราชทาน ปลูกต้นไม้ ตรวจสุขภาพ", None, True),
        ("ตรวจวัดความดันผู้สูงอายุ", None, False),
        # On the day, but the health check is a household service (R5), not an add-on.
        ("วันพ่อ ซ่อมแซมบ้านให้ยาย ทำความสะอาดบ้าน ตรวจวัดความดัน", None, False),
        # Named day with no clean-up or royal framing: the check is the activity itself.
        ("ตรวจวัดความดันผู้สูงอายุ", DEC5, False),
    ],
)
def test_commemorative_add_on(text: str, day: str | None, fires: bool) -> None:
    if not fires:
        assert_leaves("commemorative-add-on", text, day)
        return
    before, after, added, _ = weigh("commemorative-add-on", text, day)
    assert any(before[k] for k in DIMENSIONS)
    assert dims_of(after) == scaled(before, ADD_ON_KEEPS_SERVICE)
    assert added == []


@pytest.mark.parametrize(
    "text",
    ["ซ่อมก๊อกน้ำกับท่อรั่วในห้องน้ำวัดป่าโนนสว่าง", "ช่วยกันซ่อมหลังคาศาลาโรงธรรมที่รั่ว"],
)
def test_a_temple_building_is_not_housing(text: str) -> None:
    """R3c: housing words name the temple's building; their weight goes to 3.3."""
    before, after, added, _ = weigh("temple-volunteer", text)
    assert before["living"] > 0 and after["living"] == 0.0
    assert after["3.3"] == before["3.3"] + before["living"] + TEMPLE_BONUS
    assert added == ["rule:temple-building", "rule:temple-volunteer"]


def test_relief_handed_out_at_a_temple_stays_a_service() -> None:
    """The temple is only where the goods were handed out (S2)."""
    assert_leaves("temple-volunteer", "แจกถุงยังชีพให้ผู้ประสบภัยที่ศาลาวัด")


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("กวาดลานวัด", True),
        ("ไปช่วยวัดตัดหญ้า กวาดลานวัด ล้างห้องน้ำวัด", True),
        # A helping hand at a temple is the volunteering itself.
        ("ขนทรายเข้าวัด ก่อเจดีย์ทราย ช่วยกันทั้งคุ้ม", True),
        ("ทำความสะอาดศาลเจ้าพ่อหลักเมือง", True),
        # A temple as the venue of a meeting, no work for it.
        ("ประชุมที่ศาลาวัด", False),
        ("ซ่อมแซมบ้านให้ยาย ข้างวัด ทำความสะอาด", False),
    ],
)
def test_temple_volunteer(text: str, fires: bool) -> None:
    if not fires:
        assert_leaves("temple-volunteer", text)
        return
    before, after, added, _ = weigh("temple-volunteer", text)
    assert after["3.3"] == before["3.3"] + TEMPLE_BONUS
    assert added == ["rule:temple-volunteer"]


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("28 ม.ค. วันอาสาพัฒนาชุมชน เก็บขยะรอบศาลา", True),
        ("วันที่ 1 ต.ค. วันสถาปนากรมการพัฒนาชุมชน ผู้นำอาสาไปร่วมพิธีที่อำเภอ", True),
        # Explicit royal framing makes the network day's clean-up royal volunteer work.
        ("วันอาสาพัฒนาชุมชน จิตอาสาพระราชทาน เฉลิมพระเกียรติ เก็บขยะ", False),
        ("ปลูกต้นไม้ริมถนน", False),
    ],
)
def test_network_day(text: str, fires: bool) -> None:
    if not fires:
        assert_leaves("network-day", text)
        return
    before, after, added, _ = weigh("network-day", text)
    assert after["3.3"] == before["3.3"] * NETWORK_DAY_KEEPS_OCCASION
    # The clean-up the clean-up rule gave to the community environment joins the gathering.
    moved = before["living"] - after["living"]
    assert after["3.1"] == before["3.1"] + NETWORK_DAY_BONUS + moved
    assert added == ["rule:network-day"]


@pytest.mark.parametrize(
    "text",
    [
        "สุขสันต์วันสถาปนากรมการพัฒนาชุมชน ครบรอบ 63 ปี 🎉",
        "สวัสดีวันอาสาพัฒนาชุมชน 28 มกรา รักและคิดถึงทุกคน",
    ],
)
def test_network_day_named_only_is_a_greeting(text: str) -> None:
    _, after, added, reading = weigh("network-day", text)
    assert after["3.1"] == 0.0
    assert added == ["rule:network-day-name-only"]
    assert reading.chat


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("ประชุมคณะกรรมการศูนย์ วางแผนกิจกรรมจิตอาสา 28 ก.ค. แบ่งหน้าที่กัน", True),
        ("ประชุมคณะกรรมการศูนย์ สรุปผลงานปลูกผักสวนครัว 20 ครัวเรือน", True),
        ("ปลูกต้นไม้ริมถนน", False),
    ],
)
def test_meeting(text: str, fires: bool) -> None:
    if not fires:
        assert_leaves("meeting", text)
        return
    before, after, added, _ = weigh("meeting", text)
    assert after["3.3"] == before["3.3"] * MEETING_KEEPS_OCCASION
    assert dims_of(after) == scaled(before, MEETING_KEEPS_SERVICE)
    assert added == ["rule:meeting"]


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        # Leaders as the subject joining a training...
        ("ผู้นำ อช. ไปเข้าอบรมหลักสูตรจิตอาสา 904", True),
        ("แกนนำศูนย์ ไปเข้าอบรมการทำคลิปสั้นที่อำเภอ", True),
        # ...or as its object.
        ("อบรมผู้นำ อช. เรื่องการบริหารศูนย์", True),
        ("อบรมอาชีพให้ผู้นำ อช.", True),
        # Residents trained: a 3.2 service.
        ("อบรมอาชีพทำน้ำพริกให้กลุ่มแม่บ้าน", False),
        ("ผู้นำ อช. สอนทำน้ำพริกให้แม่บ้าน", False),
    ],
)
def test_leaders_trained(text: str, fires: bool) -> None:
    if not fires:
        assert_leaves("leaders-trained", text)
        return
    before, after, added, _ = weigh("leaders-trained", text)
    assert after["3.1"] == before["3.1"] + LEADERS_TRAINED_BONUS
    assert after["3.3"] == before["3.3"] * LEADERS_TRAINED_KEEPS_OCCASION
    assert dims_of(after) == scaled(before, LEADERS_TRAINED_KEEPS_SERVICE)
    assert added == ["rule:leaders-trained"]


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("ขอเชิญผู้นำ อช. ร่วมกิจกรรมจิตอาสา", OPENING_INVITATION_WEIGHT),
        ("แจ้งนัดประชุมคณะกรรมการศูนย์ วันศุกร์ที่ 14 นี้ บ่ายโมง", OPENING_INVITATION_WEIGHT),
        ("ทุกท่าน ขอเชิญร่วมกิจกรรมจิตอาสา", OPENING_INVITATION_WEIGHT),
        ("ผู้นำ อช. ขอเชิญร่วมกิจกรรมจิตอาสา", ANNOUNCEMENT_WEIGHT),
        # A time still to come that opens the message is its point.
        ("พรุ่งนี้ไปเก็บขยะริมถนนกัน", OPENING_INVITATION_WEIGHT),
        ("เดือนหน้าศูนย์จะจัดอบรมทำน้ำยาล้างจาน", OPENING_INVITATION_WEIGHT),
        ("ไปเก็บขยะริมถนนกันพรุ่งนี้", ANNOUNCEMENT_WEIGHT),
        # Words that announce only when they open the message.
        ("ขอความร่วมมือทุกหมู่บ้านส่งรายชื่อจิตอาสา", OPENING_INVITATION_WEIGHT),
        # Done already; tomorrow is only what comes next.
        ("เก็บขยะเสร็จแล้ว พรุ่งนี้ไปต่อ", None),
        # A meeting held today about next month.
        ("ประชุมวางแผนเดือนหน้า", None),
        ("ประชุมคณะกรรมการศูนย์ ตกลงพรุ่งนี้เก็บขยะริมถนน", None),
        # A head-count says it took place.
        ("เก็บขยะริมถนน 20 คน พรุ่งนี้ไปต่อ", None),
        # Next month is the plan's topic.
        ("ทำแผนงานเดือนหน้า", None),
        # Further on, they are part of a report of work done.
        ("เข้าร่วมเวทีสภาองค์กรชุมชน นำเสนอแผนงานของศูนย์ และขอความร่วมมือเรื่องกำลังคน", None),
        ("อำเภอมาทำบัตรประชาชนให้ผู้สูงอายุ ศูนย์ฯ ช่วยนัดหมาย", None),
    ],
)
def test_announcement(text: str, weight: float | None) -> None:
    """R7: announcements and invitations of future activities are not reports."""
    if weight is None:
        assert_leaves("announcement", text)
        return
    before, after, added, reading = weigh("announcement", text)
    assert after[NONE] == before[NONE] + weight
    assert reading.chat
    assert added in (["rule:announcement"], ["rule:announcement", "rule:opening-announcement"])


@pytest.mark.parametrize(
    ("text", "upcoming", "weight"),
    [
        # "วันที่ 20 นี้" / a later year: the date is still to come.
        ("เรียนเชิญคณะกรรมการศูนย์ ประชุมประจำเดือน", True, OPENING_INVITATION_WEIGHT),
        ("อบต. แจ้งประชาคมแผนพัฒนาท้องถิ่น เชิญผู้นำทุกคน", True, ANNOUNCEMENT_WEIGHT),
        # Done already: a date to come is what follows.
        ("ประชุมคณะกรรมการศูนย์เสร็จแล้ว นัดครั้งหน้า", True, None),
    ],
)
def test_a_date_still_to_come_announces(text: str, upcoming: bool,
                                        weight: float | None) -> None:
    if weight is None:
        rule, reading = reaching("announcement", text, upcoming=upcoming)
        before = snapshot(reading)
        assert rule.apply(reading) is None and snapshot(reading) == before
        return
    before, after, added, reading = weigh("announcement", text, upcoming=upcoming)
    assert after[NONE] == before[NONE] + weight
    assert reading.chat
    assert added in (["rule:announcement"], ["rule:announcement", "rule:opening-announcement"])


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("ขอแบบฟอร์มรายงานกิจกรรมจิตอาสา 5 ธ.ค. เป็นไฟล์ Word ด้วยค่ะ", True),
        ("ขอรูปหมู่วันประชุมเมื่อวานหน่อย จะเอาไปลงเพจ", True),
        ("ขอยืมเต็นท์ของศูนย์ไปใช้งานบวช", True),
        ("FW: สำนักงานพัฒนาชุมชนจังหวัดแจ้งให้ศูนย์ส่งรายงาน", True),
        ("ส่งต่อจากกลุ่มอำเภอ กำหนดการ Big Cleaning Day", True),
        # Asking for cooperation inside a report, or reporting a report: not a request.
        ("ประชุมกรรมการศูนย์ ขอแบบฟอร์มจากอำเภอมาใช้", False),
        ("ขอรายงานผลการประชุมคณะกรรมการศูนย์", False),
    ],
)
def test_request(text: str, fires: bool) -> None:
    """R7: a request that opens the message, or a forwarded one, is not a report."""
    if not fires:
        assert_leaves("request", text)
        return
    before, after, added, reading = weigh("request", text)
    assert after[NONE] == before[NONE] + REQUEST_WEIGHT
    assert reading.chat and added == ["rule:request"]


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("ขอบคุณทุกท่านที่มาช่วยงาน", True),
        ("ขอบใจหลายๆ เด้อ ทุกคนที่มาช่วยงานวัดมื้อวาน 🙏🙏", True),
        # A head-count makes it a report that starts with thanks.
        ("ขอบคุณทุกท่าน 20 คน ที่มาช่วยเก็บขยะ", False),
        ("ปลูกต้นไม้ ขอบคุณทุกคน", False),
    ],
)
def test_thanks(text: str, fires: bool) -> None:
    if not fires:
        assert_leaves("thanks", text)
        return
    before, after, added, reading = weigh("thanks", text)
    assert after[NONE] == before[NONE] + THANKS_WEIGHT
    assert reading.chat
    assert added == ["rule:thanks"]


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("ทำบุญที่ไหนดี?", QUESTION_WEIGHT),
        ("วันเสาร์ใครว่างบ้างครับ", QUESTION_WEIGHT),
        # A question at the end of a full report of a meeting that was held is an aside...
        ("ประชุมคณะกรรมการศูนย์เสร็จแล้ว วางแผนกิจกรรมจิตอาสา ทำความสะอาดวัด ใครไปได้บ้าง?",
         ASIDE_QUESTION_WEIGHT),
        # ...but many activity words alone do not say anything took place.
        ("ประชุมคณะกรรมการศูนย์ วางแผนกิจกรรมจิตอาสา ทำความสะอาดวัด ใครไปได้บ้าง?",
         QUESTION_WEIGHT),
        ("ปลูกต้นไม้ริมถนน", None),
    ],
)
def test_question(text: str, weight: float | None) -> None:
    """R7: a question is chat; in a report of something done it is only an aside."""
    if weight is None:
        assert_leaves("question", text)
        return
    before, after, added, reading = weigh("question", text)
    assert after[NONE] == before[NONE] + weight
    assert reading.chat
    assert added == ["rule:question"]


@pytest.mark.parametrize(
    "text",
    [
        # How to report or classify, a form, a hypothetical: never an aside.
        "กิจกรรมซ่อมบ้านผู้ยากไร้ ต้องลงประเภทไหนคะ 3.2 หรือ 3.3",
        "ช่วยวัดทาสีศาลา ถือเป็น 3.3 หรือ 3.2 คะ",
        "ถ้าไปช่วยวัดทำบุญกฐิน นับเป็นกิจกรรม 3.3 ได้ไหมครับ",
        "จัดอบรมอาชีพให้ชาวบ้าน ต้องใช้แบบฟอร์มไหนเบิกงบคะ",
        "ลงทะเบียน ThaiD ไม่ผ่าน สแกนหน้าไม่ได้ ทำไงดีคะ",
        "ส่งรายงานยังไงครับ",
    ],
)
def test_procedure_question(text: str) -> None:
    before, after, added, reading = weigh("question", text)
    assert after[NONE] == before[NONE] + PROCEDURE_QUESTION_WEIGHT
    assert reading.chat and added == ["rule:procedure-question"]


@pytest.mark.parametrize(
    ("text", "chat"),
    [
        ("สวัสดีครับ วันนี้ปลูกป่า", True),
        ("สวัสดีครับ ปลูกป่ามา", True),
        ("วันนี้ปลูกป่า สวัสดีครับ", False),
    ],
)
def test_greeting(text: str, chat: bool) -> None:
    if not chat:
        assert_leaves("greeting", text)
        return
    before, after, added, reading = weigh("greeting", text)
    assert reading.chat
    assert (after, added) == (before, [])


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("ได้จัดกิจกรรมร่วมกับ อบต. เมื่อวาน ณ ศาลา 20 คน", 4),
        ("วันที่ 5 ธ.ค. 67 เวลา 09.30 น. ร่วมกัน", 3),
        ("ปลูกต้นไม้ริมถนน", 1),
        # Shaped like a report, but a thank-you note: no weight taken off "none".
        ("ขอบคุณทุกท่านที่มาช่วยงาน", None),
        ("กินข้าวยัง", None),
    ],
)
def test_report_shape(text: str, shape: int | None) -> None:
    if shape is None:
        assert_leaves("report-shape", text)
        return
    before, after, added, reading = weigh("report-shape", text)
    assert reading.shape == shape
    assert after[NONE] == before[NONE] - REPORT_CUE_WEIGHT * min(shape, REPORT_CUE_CAP)
    assert added == [f"rule:report-shape:{shape}"]


def assert_asks(name: str, text: str, asks: bool) -> None:
    rule, reading = reaching(name, text)
    decision = rule.apply(reading)
    if not asks:
        assert decision is None
        return
    assert decision is not None
    assert (decision.activity_type, decision.confidence) == (None, ASK_CONFIDENCE)
    assert decision.evidence == (*reading.evidence, f"rule:{name}")


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        # (Given "ให้แกนนำศูนย์", the leaders are trained: R6 answers 3.1, nothing to ask.)
        ("ครูภูมิปัญญามาถ่ายทอดการเป็นวิทยากร 2 คืน 3 วัน", True),
        # "None" ahead on its own words.
        ("ปลูกต้นไม้ ขอบคุณทุกคน", False),
        ("ซ่อมหลังคาบ้านน้ำรั่ว", False),
    ],
)
def test_weak_report(text: str, asks: bool) -> None:
    assert_asks("weak-report", text, asks)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("ขอบคุณทุกท่าน 20 คน ที่มาช่วยเก็บขยะ", True),
        # Report-shaped but no activity words at all: "none" is sure; the next rule asks.
        ("ได้จัดกิจกรรมร่วมกับ อบต. เมื่อวาน ณ ศาลา 20 คน", False),
        ("ขอบคุณทุกท่านที่มาช่วยงาน", False),
        ("ปลูกต้นไม้ ขอบคุณทุกคน 20 คน", False),
    ],
)
def test_report_shaped(text: str, asks: bool) -> None:
    assert_asks("report-shaped", text, asks)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("ได้จัดกิจกรรมร่วมกับ อบต. เมื่อวาน ณ ศาลา 20 คน", True),
        ("เอาเครื่องสูบน้ำไปช่วยบ้านที่น้ำเข้าริมโขงบ้านหม้อ ยกของขึ้นที่สูงให้ 6 หลัง", True),
        ("วันนี้มากัน 12 คน", True),
        # A short line with no known words is chat.
        ("ไปไหนมา", False),
        ("กินข้าวยัง", False),
    ],
)
def test_no_evidence(text: str, asks: bool) -> None:
    assert_asks("no-evidence", text, asks)


@pytest.mark.parametrize(
    ("text", "activity_type"),
    [
        ("ซ่อมหลังคาบ้านน้ำรั่ว", "3.2"),
        ("ประชุมคณะกรรมการศูนย์", "3.1"),
        ("กินข้าวยัง", None),
    ],
)
def test_best_score_always_decides(text: str, activity_type: str | None) -> None:
    rule, reading = reaching("best-score", text)
    decision = rule.apply(reading)
    assert decision is not None
    assert decision.activity_type == activity_type
    assert decision == decide(*inputs(text))
