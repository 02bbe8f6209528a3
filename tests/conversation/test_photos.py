"""Text and photos assembled into one report, through signed webhooks and the fake LINE; each
test runs with photos in MEDIA_DIR and again in an S3 bucket (MEDIA_URL, moto on loopback)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import Settings
from bot.media import s3_client
from linefake.server import FakeLine
from linefake.webhook import image_event, location_event, new_message_id, video_event
from models.members import Member
from models.session import Database
from tests.conftest import LiveBot, answered_after, message_text, running_bot
from tests.conversation.conftest import Talker, sha, stored_photos, stored_reports
from tests.media.s3 import moto_server, new_bucket, on_s3, point_boto3_at, stored_keys

REPORT = "ประชุมคณะกรรมการศูนย์ฯ ประจำเดือน วางแผนงาน ผู้เข้าร่วม 15 คน"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture(params=["local", "s3"])
def settings(request: pytest.FixtureRequest, settings: Settings,
             monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    if request.param == "local":
        return settings
    point_boto3_at(monkeypatch, request.getfixturevalue("s3_endpoint"), tmp_path)
    return on_s3(settings, new_bucket(s3_client()))


def on_disk(bot: LiveBot, path: str) -> bytes:
    """The photo's bytes in the bot's media store."""
    assert bot.background is not None
    return bot.background.services.media.read(path)


def test_text_then_four_photos_as_an_image_set(talker: Talker, bot: LiveBot) -> None:
    talker.say(REPORT)
    talker.answers(1)
    ids = talker.photos(4)
    answers = talker.answers(2)
    [report] = stored_reports(bot)
    photos = stored_photos(bot)
    assert [p.report_id for p in photos] == [report.id] * 4
    for photo in photos:
        content = talker.photos_sent[photo.line_message_id]
        assert photo.status == "stored" and photo.sha256 == sha(content)
        assert on_disk(bot, photo.path or "") == content
        assert photo.content_type == "image/jpeg" and photo.size == len(content)
    assert sorted(p.line_message_id for p in photos) == sorted(ids)
    assert "แนบรูป 4 รูป" in message_text(answers[1]) and "4 รูป" in message_text(answers[1])
    assert answers[1]["type"] == "flex"
    # One answer for the burst: nothing more arrives for the other three photos.
    answered_after(bot, talker.user_id)
    assert len(bot.fake.sent_messages(to=talker.chat)) == 3  # with the marker's answer
    loading = bot.fake.calls("/v2/bot/chat/loading/start")
    assert len(loading) == 1 and loading[0].body["chatId"] == talker.user_id


def test_three_photos_then_text(talker: Talker, bot: LiveBot) -> None:
    talker.photos(3, missing_index=True)  # old Android clients leave index out
    [held] = talker.answers(1)
    assert "ได้รับรูป 3 รูปแล้ว" in message_text(held)
    talker.say(REPORT)
    receipt = talker.answers(2)[1]
    [report] = stored_reports(bot)
    assert all(p.report_id == report.id for p in stored_photos(bot))
    assert "3 รูป" in message_text(receipt)


def test_photos_with_no_text_get_one_question(
    settings: Settings, db: Database, fake_line: FakeLine, leader: Member
) -> None:
    # A bot of its own, whose report window closes after a second and a bit, not 15 minutes.
    with running_bot(replace(settings, report_window_minutes=0.02), db, fake_line) as bot:
        talker = Talker(bot, leader.line_user_id)
        talker.photos(2)
        answers = talker.answers(2, timeout=15)
        assert "รูปเหล่านี้เป็นกิจกรรมอะไร" in message_text(answers[1])
        assert answers[1]["kind"] == "push"
        assert stored_reports(bot) == []
        assert all(p.report_id is None and p.status == "stored" for p in stored_photos(bot))
        talker.say(REPORT)  # the answer turns them into a report
        receipt = talker.answers(3)[2]
        assert "2 รูป" in message_text(receipt)
        answered_after(bot, talker.user_id)  # nothing else came before the marker's answer
        assert len(bot.fake.sent_messages(to=talker.chat)) == 4


def test_two_activities_back_to_back(talker: Talker, bot: LiveBot) -> None:
    talker.say(REPORT)
    talker.say("พาชาวบ้านปลูกผักสวนครัวที่บ้านแม่ใหญ่สมศรี 12 ครัวเรือน ผู้เข้าร่วม 20 คน")
    talker.answers(2)
    talker.photos(1)
    talker.answers(3)
    first, second = stored_reports(bot)
    assert (first.activity_type, second.activity_type) == ("3.1", "3.2")
    assert [p.report_id for p in stored_photos(bot)] == [second.id]


def test_redelivered_photo_is_kept_once(talker: Talker, bot: LiveBot) -> None:
    talker.say(REPORT)
    talker.answers(1)
    message_id = new_message_id()
    bot.fake.put_content(message_id, b"\xff\xd8" + b"0" * 10, "image/jpeg")
    from tests.conversation.conftest import jpeg

    bot.fake.put_content(message_id, jpeg(7), "image/jpeg")
    event = image_event(talker.user_id, message_id, bot.token(talker.chat))
    again = json.loads(json.dumps(event))
    again["deliveryContext"]["isRedelivery"] = True
    again["webhookEventId"] = again["webhookEventId"][:-1] + "Z"  # LINE may re-id it
    assert bot.send(event) == 200
    talker.answers(2)
    assert bot.send(again) == 200
    answered_after(bot, talker.user_id)
    assert len(stored_photos(bot)) == 1
    assert len(bot.fake.sent_messages(to=talker.chat)) == 3  # with the marker's answer


def test_photo_line_no_longer_has(talker: Talker, bot: LiveBot) -> None:
    talker.say(REPORT)
    talker.answers(1)
    event = image_event(talker.user_id, new_message_id(), bot.token(talker.chat))
    assert bot.send(event) == 200  # no content registered: LINE answers 404
    answer = talker.answers(2)[1]
    [photo] = stored_photos(bot)
    assert photo.status == "failed" and (photo.error or "").startswith("gone")
    assert "ดาวน์โหลดจาก LINE ไม่ได้แล้ว" in message_text(answer)


def test_fake_image_is_refused(talker: Talker, bot: LiveBot) -> None:
    talker.photos(1, data=[b"MZ\x90\x00 this is a program, not a photo" * 10])
    answer = talker.answers(1)[0]
    [photo] = stored_photos(bot)
    assert photo.status == "failed" and (photo.error or "").startswith("not_image")
    assert photo.path is None
    assert "ไม่ใช่รูปภาพ" in message_text(answer)
    assert stored_keys(bot.settings) == []


def test_same_photo_twice_is_stored_once_on_disk(talker: Talker, bot: LiveBot) -> None:
    from tests.conversation.conftest import jpeg

    talker.say(REPORT)
    talker.answers(1)
    talker.photos(2, data=[jpeg(3), jpeg(3)])
    talker.answers(2)
    photos = stored_photos(bot)
    assert len(photos) == 2 and photos[0].sha256 == photos[1].sha256
    assert len(stored_keys(bot.settings)) == 1


def test_location_and_video_attach_to_the_open_report(talker: Talker, bot: LiveBot) -> None:
    talker.say(REPORT)
    talker.answers(1)
    place = location_event(talker.user_id, 17.8783, 102.742, bot.token(talker.chat),
                           address="ศาลาประชาคมบ้านเดื่อ อ.เมืองหนองคาย")
    assert bot.send(place) == 200
    assert "บันทึกตำแหน่ง" in message_text(talker.answers(2)[1])
    video = video_event(talker.user_id, new_message_id(), bot.token(talker.chat))
    assert bot.send(video) == 200
    assert "หลักฐานของรายงานคือรูปภาพ" in message_text(talker.answers(3)[2])
    [report] = stored_reports(bot)
    assert (report.latitude, report.address) == (17.8783, "ศาลาประชาคมบ้านเดื่อ อ.เมืองหนองคาย")
    [media] = stored_photos(bot)
    assert media.status == "not_photo" and media.report_id == report.id
