"""MEDIA_URL chooses the store; unset, photos stay under MEDIA_DIR as before."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings
from bot.media import LocalMediaStore, S3MediaStore, media_store
from tests.conversation.conftest import jpeg
from tests.media.s3 import point_boto3_at


@pytest.mark.parametrize(("given", "parsed"), [
    (None, None),
    ("", None),
    ("  ", None),
    ("s3://cddbot-photos", "s3://cddbot-photos"),
    ("s3://cddbot-photos/", "s3://cddbot-photos"),
    ("s3://cddbot-photos/nongkhai/photos/", "s3://cddbot-photos/nongkhai/photos"),
    ("s3://my.bucket.43/a", "s3://my.bucket.43/a"),
])
def test_media_url_is_parsed(given: str | None, parsed: str | None) -> None:
    env = {"MEDIA_DIR": "/srv/media"} | ({"MEDIA_URL": given} if given is not None else {})
    settings = Settings.from_env(env)
    assert settings.media_url == parsed
    assert settings.media_dir == Path("/srv/media")


@pytest.mark.parametrize("given", [
    "/srv/media", "file:///srv/media", "https://s3.example.com/bucket", "s3://", "s3:///prefix",
    "s3://Upper-Case", "s3://ab", "s3://bucket_underscore", "s3://bucket/../up",
    "s3://bucket/a//b", "s3://bucket/a?versionId=1", "gs://bucket/prefix",
])
def test_a_media_url_that_names_no_bucket_stops_the_bot(given: str) -> None:
    with pytest.raises(ConfigError, match="MEDIA_URL must be s3://BUCKET"):
        Settings.from_env({"MEDIA_URL": given})


def test_without_media_url_photos_go_to_media_dir_as_before(tmp_path: Path) -> None:
    store = media_store(Settings.from_env({"MEDIA_DIR": str(tmp_path / "media")}))
    assert isinstance(store, LocalMediaStore)
    digest, key = store.put(jpeg(1), "jpg")
    assert key == f"{digest[:2]}/{digest[2:4]}/{digest}.jpg"
    assert (tmp_path / "media" / key).read_bytes() == jpeg(1) == store.read(key)
    assert store.put(jpeg(1), "jpg") == (digest, key)
    assert [p.name for p in (tmp_path / "media").rglob("*") if p.is_file()] == [f"{digest}.jpg"]
    assert store.url_for(key, timedelta(hours=1)) is None  # nothing serves MEDIA_DIR
    (tmp_path / "outside.jpg").write_bytes(b"x")
    for bad in ("../outside.jpg", str(tmp_path / "outside.jpg")):
        with pytest.raises(ValueError):
            store.read(bad)
    store.delete([key, "../outside.jpg", key])
    assert (tmp_path / "outside.jpg").exists() and not (tmp_path / "media" / key).exists()


def test_with_media_url_the_store_is_the_bucket_under_the_prefix(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    point_boto3_at(monkeypatch, "http://127.0.0.1:9", tmp_path)  # never called here
    store = media_store(Settings.from_env({"MEDIA_URL": "s3://cddbot-photos/nongkhai/",
                                           "MEDIA_DIR": str(tmp_path)}))
    assert isinstance(store, S3MediaStore)
    assert (store.bucket, store.prefix) == ("cddbot-photos", "nongkhai")
    assert store.object_name("ab/cd/x.jpg") == "nongkhai/ab/cd/x.jpg"
    assert "secret" not in repr(store).lower()
