"""Fixtures for the media store on S3: one moto server per run, a bucket per test, and the
bot of tests/conftest.py storing its photos there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.media import s3_client
from models.members import Member
from tests.conftest import LiveBot
from tests.conversation.conftest import Talker
from tests.media.s3 import moto_server, new_bucket, on_s3, point_boto3_at


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture
def s3(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """An S3 client for the loopback server, with the AWS variables the bot reads set."""
    point_boto3_at(monkeypatch, s3_endpoint, tmp_path)
    return s3_client()


@pytest.fixture
def bucket(s3: Any) -> str:
    return new_bucket(s3)


@pytest.fixture
def talker(bot: LiveBot, leader: Member) -> Talker:
    return Talker(bot, leader.line_user_id)


@pytest.fixture
def settings(settings: Settings, bucket: str) -> Settings:
    """Every bot here keeps its photos in the test's bucket (MEDIA_URL), not in MEDIA_DIR."""
    return on_s3(settings, bucket)
