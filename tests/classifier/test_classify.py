"""Table-driven checks of the labelling rules R1-R7 through classify()."""

import datetime

import pytest

from classifier import ASK_THRESHOLD, Classification, classify

SENT = datetime.date(2024, 12, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # R1: a meeting that plans a 28 July activity is a 3.1 meeting.
        ("ประชุมคณะกรรมการศูนย์ วางแผนกิจกรรมจิตอาสา 28 ก.ค. แบ่งหน้าที่กัน", "3.1"),
        # R1: CDD network day is not a national day.
        ("28 ม.ค. วันอาสาพัฒนาชุมชน เก็บขยะรอบศาลา แล้วประชุมเครือข่าย", "3.1"),
        # R6: leaders trained -> 3.1; residents trained -> 3.2.
        ("ผู้นำ อช. ไปเข้าอบรมหลักสูตรจิตอาสา 904 ที่อำเภอจัด", "3.1"),
        ("อบรมอาชีพทำน้ำพริกให้กลุ่มแม่บ้าน 20 คน", "3.2"),
        # R3: clean-up on an important day -> 3.3, and a health add-on does not change it (R4).
        ("28 ก.ค. 67 big cleaning ถนนในหมู่บ้าน มีตรวจสุขภาพ วัดความดันให้จิตอาสาด้วย", "3.3"),
        # R3c: temple work on an ordinary day.
        ("ไปช่วยวัดตัดหญ้า กวาดลานวัด ล้างห้องน้ำวัด", "3.3"),
        # R3: the same public clean-up with no day and no royal framing -> 3.2 living.
        ("เก็บขยะ ตัดหญ้า สองข้างทางถนนเข้าหมู่บ้าน", "3.2"),
        # R5: concrete service to a household on a royal occasion -> 3.2.
        ("เนื่องในวันแม่แห่งชาติ ซ่อมแซมบ้านให้ยายที่อยู่คนเดียว เปลี่ยนหลังคาใหม่", "3.2"),
        # Isan spelling.
        ("มื้อนี้พวกข้อยไปเฮ็ดความสะอาดวัด วันพระใหญ่ออกพรรษา", "3.3"),
        # Multi-type text: the first, main purpose decides.
        ("ประชุมกรรมการศูนย์ สรุปผลงานปลูกผักสวนครัว 20 ครัวเรือน", "3.1"),
        # R7: announcements, greetings, questions, commands, emoji-only.
        ("ขอเชิญผู้นำ อช. ร่วมกิจกรรมจิตอาสา 5 ธ.ค. นี้ พร้อมกันที่วัด 7 โมง", None),
        ("แจ้งนัดประชุมคณะกรรมการศูนย์ วันศุกร์ที่ 14 นี้ บ่ายโมง", None),
        ("สวัสดีวันพ่อแห่งชาติค่ะ 💛", None),
        ("ส่งรายงานยังไงครับ", None),
        ("สถานะ", None),
        ("😂😂😂", None),
        ("", None),
    ],
)
def test_type_rules(text: str, expected: str | None) -> None:
    result = classify(text, SENT)
    assert result.activity_type == expected, result.evidence
    if expected is None:
        assert result.dimension is None and result.sectors == ()


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("ช่วยผู้สูงอายุลงทะเบียนแอปทางรัฐ ยืนยันตัวตน", "services"),
        ("พาผู้ป่วยติดเตียงไปรับยาที่ รพ.สต.", "health"),
        ("ปลูกผักสวนครัวรั้วกินได้ 20 ครัวเรือน", "income"),
        ("ตั้งธนาคารขยะในหมู่บ้าน รับซื้อขยะรีไซเคิล", "living"),
    ],
)
def test_dimension(text: str, dimension: str) -> None:
    result = classify(text, SENT)
    assert (result.activity_type, result.dimension) == ("3.2", dimension)


@pytest.mark.parametrize(
    ("text", "sectors"),
    [
        # S1: partners named with ร่วมกับ, including a list joined by และ.
        ("จัดทำแผนชุมชน ร่วมกับ อบต. รพ.สต. โรงเรียน และวัด", ("รัฐ", "ศาสนา", "สถาบันการศึกษา")),
        # S2: a venue is not a partner.
        ("ประชุมผู้นำ อช. ที่หอประชุมอำเภอท่าบ่อ 60 คน", ()),
        # S2: the site being cleaned is not a partner; the school's teachers are.
        ("5 ธ.ค. ทำความสะอาดวัด กับคณะครูนักเรียน", ("สถาบันการศึกษา",)),
        # S2: the leaders' own network is never a partner.
        ("ประชุมผู้นำ อช. กับ กพสต. และผู้นำการเปลี่ยนแปลง", ()),
        # S2: an office a resident is taken to is a destination.
        ("พายายไปยื่นขอเบี้ยยังชีพที่ อบต.", ()),
        # S3: the Red Cross is civil society; the province qualifier adds nothing.
        ("ร่วมกับเหล่ากาชาดจังหวัด มอบผ้าอ้อมให้ผู้ป่วยติดเตียง", ("ประชาสังคม",)),
        # S4: a generic "7 ภาคี" lists nothing.
        ("เวทีแลกเปลี่ยนเรียนรู้กับ 7 ภาคีการพัฒนา", ()),
        # Address abbreviations are not sectors ("ต.วัดหลวง").
        ("28 ก.ค. จิตอาสา ต.วัดหลวง ทำความสะอาดถนน", ()),
    ],
)
def test_sectors(text: str, sectors: tuple[str, ...]) -> None:
    assert classify(text, SENT).sectors == sectors


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("ประชุมกรรมการศูนย์ มา ๒๕ คน", 25),
        ("ประชุมผู้นำ อช. ผู้เข้าร่วมประมาณ 40 คน", 40),
        ("ทำความสะอาดวัด 5 ธ.ค. กว่า 50 คน", 50),
        ("ทำความสะอาดวัด 5 ธ.ค. 100 กว่าคน", 100),
        ("อบรมผู้นำ ผู้ใหญ่บ้าน 12 คน ผู้นำ อช. 2 คน รวม 15 คน", 15),
        ("อบรมผู้นำ ผู้ใหญ่บ้าน 12 คน ผู้นำ อช. 2 คน", 14),
        ("ประชุมกรรมการศูนย์ เชิญ 10 คนมา 8", 8),
        ("แจกข้าวสารผู้สูงอายุ 10 ราย", None),  # P3: ราย counts households/cases
        ("ปลูกต้นไม้ 99 ต้น วันที่ 13 ต.ค.", None),
        ("คัดกรองเบาหวานชาวบ้านอายุ 35 ปีขึ้นไป", None),
        ("ช่วยผู้สูงอายุ 8 คน ยื่นขอเบี้ยยังชีพ", 8),
    ],
)
def test_participants(text: str, participants: int | None) -> None:
    assert classify(text, SENT).participants == participants


@pytest.mark.parametrize(
    ("text", "sent_on", "expected"),
    [
        ("วันนี้ทำความสะอาดวัด", datetime.date(2024, 7, 28), datetime.date(2024, 7, 28)),
        ("เมื่อวานทำความสะอาดวัด", datetime.date(2024, 7, 29), datetime.date(2024, 7, 28)),
        ("มื้อวานไปเฮ็ดความสะอาดวัด", datetime.date(2024, 7, 29), datetime.date(2024, 7, 28)),
        ("28 ก.ค. 67 ทำความสะอาดวัด", datetime.date(2024, 8, 2), datetime.date(2024, 7, 28)),
        ("๒๘/๐๗/๒๕๖๗ ทำความสะอาดวัด", datetime.date(2024, 8, 2), datetime.date(2024, 7, 28)),
        ("วันที่5ธ.ค.66 ทำความสะอาดถนน", datetime.date(2024, 1, 2), datetime.date(2023, 12, 5)),
        # A day and month without a year: the latest such day not after the send date.
        ("วันที่ 5 ธ.ค. ทำความสะอาดถนน", datetime.date(2025, 1, 3), datetime.date(2024, 12, 5)),
        ("วันที่ 5 ธ.ค. ทำความสะอาดถนน", datetime.date(2024, 12, 6), datetime.date(2024, 12, 5)),
        ("ทำความสะอาดถนน", datetime.date(2024, 12, 6), datetime.date(2024, 12, 6)),
        ("31 ก.พ. ทำความสะอาดถนน", datetime.date(2024, 12, 6), datetime.date(2024, 12, 6)),
    ],
)
def test_activity_date(text: str, sent_on: datetime.date, expected: datetime.date) -> None:
    assert classify(text, sent_on).activity_date == expected


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("๑๓ ต.ค. ทำความสะอาดวัด น้อมรำลึก", "king9_memorial_oct13"),
        ("วันพ่อแห่งชาติ ทาสีรั้วศาลากลางบ้าน ติดธงชาติ", "king9_birthday_dec5"),
        ("มื้อนี้ไปเฮ็ดความสะอาดวัดป่า วันพระใหญ่ออกพรรษา", "ok_phansa"),
        # A dated temple clean-up on a lunar holy day (20 Jul 2024 was Asalha Bucha).
        ("20 ก.ค. 67 ทำความสะอาดวัดบ้านนาหนัง", "asalha_bucha"),
        ("จิตอาสาพระราชทาน ทำความสะอาดรอบเรือนจำ", None),
    ],
)
def test_national_day(text: str, day: str | None) -> None:
    result = classify(text, SENT)
    assert result.activity_type == "3.3"
    assert result.national_day == day


def test_thai_digits_equal_arabic_digits() -> None:
    thai = classify("๕ ธ.ค. ๖๖ ทำความสะอาดถนน ถวายพระราชกุศล ๑๔ คน", SENT)
    arabic = classify("5 ธ.ค. 66 ทำความสะอาดถนน ถวายพระราชกุศล 14 คน", SENT)
    assert thai == arabic
    assert thai.participants == 14


def test_long_message_is_classified_quickly() -> None:
    text = "28 ก.ค. 67 ทำความสะอาดวัด ถวายพระพรชัยมงคล ผู้เข้าร่วม 30 คน 🙏 " * 200
    text = text[:10_000]
    assert len(text) == 10_000
    result = classify(text, SENT)
    assert result.activity_type == "3.3"
    assert result.activity_date == datetime.date(2024, 7, 28)


def test_result_shape_and_abstain() -> None:
    result = classify("ประชุมคณะกรรมการศูนย์ 9 คน", SENT)
    assert isinstance(result, Classification)
    assert 0.0 <= result.confidence <= 1.0
    assert result.abstain == (result.confidence < ASK_THRESHOLD)
    assert result.evidence and all(isinstance(e, str) for e in result.evidence)
    weak = classify("ไปช่วยงานมา", SENT)
    assert weak.abstain or weak.activity_type is None


def test_meeting_that_plans_an_important_day_is_dated_when_it_was_held() -> None:
    sent = datetime.date(2026, 8, 1)
    result = classify("ประชุมคณะกรรมการศูนย์ฯ วางแผนงานวันแม่ 12 ส.ค. ผู้เข้าร่วม 12 คน", sent)
    assert result.activity_type == "3.1"
    assert result.activity_date == sent
    held = classify("5 ส.ค. 69 ประชุมคณะกรรมการศูนย์ วางแผนจัดกิจกรรมวันแม่ 12 ส.ค.",
                    datetime.date(2026, 8, 6))
    assert held.activity_date == datetime.date(2026, 8, 5)


@pytest.mark.parametrize(
    ("text", "expected_type", "expected_sectors"),
    [
        # R1: parts of the centre's own building ("ประตู...ของศูนย์") are centre work, not housing.
        ("ซ่อมประตูห้องน้ำของศูนย์ฯ เปลี่ยนลูกบิดใหม่ ทาสีผนังศูนย์", "3.1", ()),
        # R1: the centre's reports; the office they are sent to is not a partner (S2).
        ("รวบรวมผลงานรอบปีทำรูปเล่มส่งสำนักงาน พช.จังหวัดเรียบร้อยแล้ว", "3.1", ()),
        # S1/S3: "ในอำเภอ" says where the shop is; the district office does not act.
        ("แจกถุงยังชีพให้ครัวเรือนน้ำท่วม ร้านค้าในอำเภอมาช่วยบริจาคข้าวสาร", "3.2", ("เอกชน",)),
        # S1: "วิทยากรเป็น X" names the trainer, a partner.
        ("อบรมทำขนมให้แม่บ้าน 15 คน วิทยากรเป็นปราชญ์ชุมชน", "3.2", ("ประชาชน",)),
        # R7: investment / gambling spam is not a report, whatever income words it uses.
        ("เตรียมเปิดเว็บตรง ลงทุนน้อย กำไรวันละ 5,000 ทักไลน์มาเลย", None, ()),
    ],
)
def test_round6_rules(text: str, expected_type: str | None, expected_sectors: tuple) -> None:
    result = classify(text, SENT)
    assert result.activity_type == expected_type
    assert result.sectors == expected_sectors
    assert not result.abstain


@pytest.mark.parametrize(
    "text",
    [
        "เเปลก",  # two Sara E
        "นานาาา ดีีีี",  # repeated vowels
        "ก้ำ ก่่า",  # marks out of order, a doubled tone mark
        "สวัสดี\u200bครับ",  # zero-width space
        "่ประชุม ุ่ม",  # dangling marks
        "พ ุ่มดอกไม้",  # a space before a mark
        "ประชุมคณะกรรมการศูนย์ 12 คน",  # nothing to change: normalize() is skipped
    ],
)
def test_prepare_normalises_like_pythainlp(text: str) -> None:
    from pythainlp.util import normalize

    from classifier.text import prepare

    expected = " ".join(normalize(text).split()).lower()
    assert prepare(text) == expected


@pytest.mark.parametrize(
    ("text", "expected_type", "participants"),
    [
        # English and romanised (karaoke) Thai read as their Thai counterparts (round 3).
        ("repaired the toilet at grandpa Somsak's house, 4 of us", "3.2", 4),
        ("committee meeting at the centre this morning, 12 people", "3.1", 12),
        ("helped the elderly register for the welfare card, 7 villagers", "3.2", 7),
        ("cleaned the temple hall with the monks, about 15 ppl", "3.3", 15),
        ("prachum sun muea wan, ma 9 khon", "3.1", 9),
        ("pai chuay wat tham bun wan phra 6 khon", "3.3", 6),
        ("sawasdee krub", None, None),
        # A corrected figure is not added to the right one.
        ("แก้ไขครับ อบรมแม่บ้านทำขนมมากัน 20 คน ไม่ใช่ 12 คน", "3.2", 20),
        # A network day named in a wish, with nothing done, is a greeting.
        ("สุขสันต์วันอาสาพัฒนาชุมชน 28 มกรา ขอบคุณทุกคน", None, None),
    ],
)
def test_round3_rules(text: str, expected_type: str | None, participants: int | None) -> None:
    result = classify(text, SENT)
    assert result.activity_type == expected_type
    assert result.participants == participants


def test_latin_words_become_thai_and_commands_stay() -> None:
    from classifier.latin import to_thai

    assert to_thai("helped 9 villagers") == "ช่วย ชาวบ้าน 9 คน"
    assert to_thai("wan phra pai chuay wat") == "วันพระไปช่วยวัด"
    assert to_thai("help") == "help"  # a bot command word is left alone
    assert to_thai("ประชุม zoom") == "ประชุม zoom"
