"""A real S3 API server on loopback (moto's standalone server) for the media store's tests,
and what a test needs around it: boto3 pointed at it through the usual AWS variables, a fresh
bucket per test, and settings that name it."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings, parse_media_url
from bot.media import s3_client

PREFIX = "nongkhai/photos"


@contextmanager
def moto_server() -> Iterator[str]:
    """moto's S3 server in a thread on a free loopback port; yields its endpoint URL."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def point_boto3_at(monkeypatch: pytest.MonkeyPatch, endpoint: str, tmp_path: Path) -> None:
    """The usual AWS variables, and nothing of this machine's own AWS set-up."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_S3",
                 "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "cddbot-test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "cddbot-test-secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-southeast-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def new_bucket(client: Any) -> str:
    """A bucket of this test alone, so no test sees another's objects."""
    name = f"cddbot-{secrets.token_hex(6)}"
    client.create_bucket(Bucket=name, CreateBucketConfiguration={
        "LocationConstraint": "ap-southeast-1"})
    return name


def on_s3(settings: Settings, bucket: str, prefix: str = PREFIX) -> Settings:
    """The settings with MEDIA_URL naming the bucket (parsed as the environment's would be)."""
    return replace(settings, media_url=parse_media_url(f"s3://{bucket}/{prefix}/"))


def object_names(client: Any, bucket: str) -> list[str]:
    """Every object in the bucket, prefix and all."""
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


def stored_keys(settings: Settings) -> list[str]:
    """The keys of every photo the settings' store holds (the photos table's paths)."""
    if settings.media_url is None:
        root = Path(settings.media_dir)
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) \
            if root.exists() else []
    bucket, _, prefix = settings.media_url.removeprefix("s3://").partition("/")
    names = object_names(s3_client(), bucket)
    return [name.removeprefix(prefix + "/") for name in names if name.startswith(prefix + "/")]
