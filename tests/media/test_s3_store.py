"""Photos in S3-compatible object storage (issue 13, point 3), against moto's S3 server on
loopback: the bot of tests/conftest.py with MEDIA_URL=s3://bucket/prefix keeps photos sent
through signed webhooks as objects under the same keys the local directory uses, once per
content; signed links download them; erasure and the retention purge delete them."""

from __future__ import annotations

import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot import media
from bot.config import Settings
from bot.media import LocalMediaStore, S3MediaStore, media_store
from bot.runtime import retention
from models.inbox import InboxEvent
from models.members import Member
from models.reports import Photo, Report
from models.session import Database
from scheduler.housekeeping import purge_expired
from tests.conftest import LiveBot, eventually, message_text
from tests.conversation.conftest import Talker, jpeg, sha, stored_photos
from tests.media.s3 import PREFIX, object_names, stored_keys
from thaitext import BANGKOK

REPORT = "ประชุมคณะกรรมการศูนย์ฯ ประจำเดือน วางแผนงาน ผู้เข้าร่วม 15 คน"


def store_of(bot: LiveBot) -> Any:
    assert bot.background is not None
    return bot.background.services.media


def test_a_photo_through_the_webhook_is_an_object_under_the_prefix(
        talker: Talker, bot: LiveBot, s3: Any, bucket: str, tmp_path: Path) -> None:
    talker.say(REPORT)
    talker.answers(1)
    [message_id] = talker.photos(1)
    assert "1 รูป" in message_text(talker.answers(2)[1])
    [photo] = stored_photos(bot)
    sent = talker.photos_sent[message_id]
    assert photo.status == "stored" and photo.sha256 == sha(sent) and photo.path
    # The row holds the same relative key the local directory would: both read the same rows.
    assert photo.path == LocalMediaStore(tmp_path / "local").put(sent, "jpg")[1]
    assert object_names(s3, bucket) == [f"{PREFIX}/{photo.path}"]
    stored = s3.get_object(Bucket=bucket, Key=f"{PREFIX}/{photo.path}")
    assert stored["Body"].read() == sent and stored["ContentType"] == "image/jpeg"
    assert store_of(bot).read(photo.path) == sent
    assert not Path(bot.settings.media_dir).exists()  # nothing went to MEDIA_DIR


def test_the_same_photo_twice_is_one_object(talker: Talker, bot: LiveBot, s3: Any,
                                            bucket: str) -> None:
    talker.say(REPORT)
    talker.answers(1)
    talker.photos(2, data=[jpeg(3), jpeg(3)])
    talker.answers(2)
    talker.photos(1, data=[jpeg(3)])  # and once more, later
    talker.answers(3)
    photos = stored_photos(bot)
    assert len(photos) == 3 and len({p.path for p in photos}) == 1
    assert object_names(s3, bucket) == [f"{PREFIX}/{photos[0].path}"]


def test_the_store_looks_before_it_writes(s3: Any, bucket: str) -> None:
    """With versioning on, a second put of the same bytes would leave a second version."""
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    store = S3MediaStore(bucket, PREFIX, s3)
    first = store.put(jpeg(5), "jpg")
    assert store.put(jpeg(5), "jpg") == first
    versions = s3.list_object_versions(Bucket=bucket).get("Versions", [])
    assert [v["Key"] for v in versions] == [f"{PREFIX}/{first[1]}"]


def test_a_signed_link_downloads_the_photo_over_http(
        settings: Settings, s3: Any, s3_endpoint: str) -> None:
    store = media_store(settings)
    digest, key = store.put(jpeg(8), "jpg")
    url = store.url_for(key, timedelta(minutes=10))
    assert url is not None
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qs(parts.query)
    # Path-style on the loopback endpoint: no bucket host name is ever looked up.
    assert f"{parts.scheme}://{parts.netloc}" == s3_endpoint
    assert parts.path == f"/{settings.media_url and settings.media_url[5:]}/{key}"
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == ["600"]
    assert query["X-Amz-Credential"][0].startswith("cddbot-test-key/")
    assert len(query["X-Amz-Signature"][0]) == 64
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == jpeg(8)
    # Longer than SigV4 allows is cut to its 7 days; the local directory has no links.
    longest = store.url_for(key, timedelta(days=30))
    assert longest is not None and "X-Amz-Expires=604800" in longest
    assert LocalMediaStore(settings.media_dir).url_for(key, timedelta(minutes=10)) is None
    assert digest == sha(jpeg(8))


def test_erasing_my_data_deletes_my_photo_objects(talker: Talker, bot: LiveBot, s3: Any,
                                                  bucket: str) -> None:
    other = S3MediaStore(bucket, PREFIX, s3).put(jpeg(40), "jpg")[1]  # someone else's
    talker.say(REPORT)
    talker.answers(1)
    talker.photos(2)
    talker.answers(2)
    assert len(object_names(s3, bucket)) == 3
    talker.say("ลบข้อมูลของฉัน")
    talker.answers(3)
    talker.say("ยืนยันลบข้อมูล")
    assert "ลบข้อมูลส่วนบุคคลของคุณเรียบร้อยแล้ว" in message_text(talker.answers(4)[3])
    eventually(lambda: object_names(s3, bucket) == [f"{PREFIX}/{other}"])
    assert all(p.path is None for p in stored_photos(bot))


def test_the_retention_purge_deletes_expired_objects_and_keeps_shared_ones(
        db: Database, settings: Settings, leader: Member, s3: Any, bucket: str) -> None:
    store = media_store(settings)
    old = datetime(2017, 5, 1, 10, tzinfo=BANGKOK)
    recent = datetime(2024, 6, 1, 10, tzinfo=BANGKOK)
    with db.transaction() as session:
        for n, (when, seeds) in enumerate(((old, (1, 2)), (recent, (2, 3)))):
            report = Report(source_event_id=f"r{n}", centre_id=leader.centre_id,
                            member_id=leader.id, chat_key="user:x", text=REPORT,
                            activity_type="3.1", activity_date=when.date(), status="active",
                            sectors=[], evidence=[], created_at=when)
            session.add(report)
            session.flush()
            for seed in seeds:
                digest, key = store.put(jpeg(seed), "jpg")
                session.add(Photo(line_message_id=f"m{n}-{seed}", report_id=report.id,
                                  member_id=leader.id, sha256=digest, path=key,
                                  status="stored", created_at=when))
    keys = {seed: store.put(jpeg(seed), "jpg")[1] for seed in (1, 2, 3)}
    assert stored_keys(settings) == sorted(keys.values())

    purged = purge_expired(db, datetime(2024, 9, 30, 21, tzinfo=BANGKOK), retention(settings))

    assert (purged.reports, purged.photos, purged.files) == (1, 2, 1)
    assert stored_keys(settings) == sorted([keys[2], keys[3]])  # 2 is also the kept report's
    with db.sessions() as session:
        assert sorted(session.scalars(select(Photo.path))) == sorted([keys[2], keys[3]])


def test_deleting_never_reaches_outside_the_prefix(s3: Any, bucket: str) -> None:
    outside = ["outside.jpg", "nongkhai/outside.jpg", f"{PREFIX}-other/ab/cd/x.jpg"]
    for name in outside:
        s3.put_object(Bucket=bucket, Key=name, Body=b"not ours")
    store = S3MediaStore(bucket, PREFIX, s3)
    ours = store.put(jpeg(1), "jpg")[1]
    store.delete(["../outside.jpg", "../../outside.jpg", "/outside.jpg", "", "./x",
                  "ab//x.jpg", "ab\\..\\x.jpg", "ab/cd/missing.jpg", ours])
    assert object_names(s3, bucket) == sorted(outside)


def test_many_objects_go_in_batches(s3: Any, bucket: str,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(media, "S3_DELETE_BATCH", 3)  # S3 takes 1000 keys a request
    store = S3MediaStore(bucket, "", s3)
    keys = [store.put(f"photo {n}".encode(), "jpg")[1] for n in range(8)]
    store.delete(keys[:7])
    assert object_names(s3, bucket) == [keys[7]]


def test_a_store_that_is_down_fails_the_event_and_the_retry_keeps_the_photo(
        talker: Talker, bot: LiveBot, s3: Any, bucket: str) -> None:
    s3.delete_bucket(Bucket=bucket)  # as if the store were unreachable
    talker.say(REPORT)
    talker.answers(1)
    talker.photos(1)

    def failed_once() -> bool:
        with bot.db.sessions() as session:
            return any(e.attempts >= 1 and e.last_error and "NoSuchBucket" in e.last_error
                       for e in session.scalars(select(InboxEvent)))

    eventually(failed_once)
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={
        "LocationConstraint": "ap-southeast-1"})
    assert "1 รูป" in message_text(talker.answers(2, timeout=15)[1])
    [photo] = stored_photos(bot)
    assert photo.status == "stored" and object_names(s3, bucket) == [f"{PREFIX}/{photo.path}"]

