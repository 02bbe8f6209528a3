"""Photos from LINE's content API, checked with Pillow and kept in one media store by sha256,
so the same photo sent twice is kept once.

A store keeps each photo under a relative key, ab/cd/<sha256>.<ext>, which is what the photos
table holds: the local directory (MEDIA_DIR, the default) and S3-compatible object storage
(MEDIA_URL=s3://bucket/prefix, for several machines) read the same rows. `media_store` is the
one place that builds a store from the settings."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PIL import Image, UnidentifiedImageError

from bot.line_client import LineClient, LineError
from handlers.fetched import PhotoProblem, StoredPhoto

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

IMAGE_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"),
               "GIF": ("image/gif", "gif"), "WEBP": ("image/webp", "webp"),
               "HEIF": ("image/heif", "heic"), "MPO": ("image/jpeg", "jpg")}
CONTENT_TYPES = {extension: content_type for content_type, extension in IMAGE_TYPES.values()}
S3_DELETE_BATCH = 1000  # keys in one DeleteObjects request, S3's limit
S3_LONGEST_LINK = timedelta(days=7)  # a SigV4 presigned URL works at most this long


class MediaError(RuntimeError):
    """The store refused an operation (e.g. some objects could not be deleted)."""


class MediaStore(Protocol):
    """Where photos are kept, by relative key (ab/cd/<sha256>.<ext>, the photos table's path)."""

    def put(self, data: bytes, extension: str) -> tuple[str, str]:
        """Keep the bytes once under their content address; returns (sha256, key)."""
        ...

    def read(self, key: str) -> bytes:
        ...

    def delete(self, keys: Sequence[str]) -> None:
        """Delete by key; a key already gone is no error, one outside the store is skipped."""
        ...

    def url_for(self, key: str, expires: timedelta) -> str | None:
        """A link that downloads the photo until `expires` from now; None: this store has
        no links of its own."""
        ...


def content_key(data: bytes, extension: str) -> tuple[str, str]:
    """(sha256, ab/cd/<sha256>.<ext>): the same bytes always get the same key."""
    digest = hashlib.sha256(data).hexdigest()
    return digest, f"{digest[:2]}/{digest[2:4]}/{digest}.{extension}"


def checked_key(key: str) -> str | None:
    """The key if it names something inside a store: relative, no empty, '.' or '..' parts."""
    parts = key.split("/")
    if not key or "\\" in key or any(part in ("", ".", "..") for part in parts):
        return None
    return key


def remove_media_files(media_dir: Path, paths: Sequence[str]) -> None:
    """Delete stored photos (paths relative to MEDIA_DIR, as the photos table holds them).
    Nothing outside MEDIA_DIR is touched. The ab/cd folders stay: a worker may be storing a
    new photo in one at this moment."""
    root = media_dir.resolve()
    for relative in paths:
        target = (root / relative).resolve()
        if not target.is_relative_to(root) or target == root:
            log.warning("a stored photo path outside MEDIA_DIR was not deleted")
            continue
        target.unlink(missing_ok=True)


def store_bytes(media_dir: Path, data: bytes, extension: str) -> tuple[str, str]:
    """Write once under ab/cd/<sha256>.<ext>; returns (sha256, relative path)."""
    digest, relative = content_key(data, extension)
    target = media_dir / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write beside it and rename: a crash never leaves half a photo under the real name.
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(temp, target)
    return digest, relative


@dataclass(frozen=True)
class LocalMediaStore:
    """Files under one directory (MEDIA_DIR), which every process of the bot must share."""

    root: Path

    def put(self, data: bytes, extension: str) -> tuple[str, str]:
        return store_bytes(self.root, data, extension)

    def read(self, key: str) -> bytes:
        root = self.root.resolve()
        target = (root / key).resolve()
        if checked_key(key) is None or not target.is_relative_to(root):
            raise ValueError("not a key inside MEDIA_DIR")
        return target.read_bytes()

    def delete(self, keys: Sequence[str]) -> None:
        remove_media_files(self.root, keys)

    def url_for(self, key: str, expires: timedelta) -> str | None:
        return None  # nothing serves MEDIA_DIR over HTTP


class S3MediaStore:
    """Objects in one bucket of S3 or an S3-compatible store, under a prefix. Endpoint and
    credentials come from boto3's usual chain (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, or an instance's role)."""

    def __init__(self, bucket: str, prefix: str, client: Any) -> None:
        self.bucket, self.prefix, self.client = bucket, prefix.strip("/"), client

    def __repr__(self) -> str:
        return f"S3MediaStore(bucket={self.bucket!r}, prefix={self.prefix!r})"

    def object_name(self, key: str) -> str:
        if checked_key(key) is None:
            raise ValueError("not a key inside the media store")
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, data: bytes, extension: str) -> tuple[str, str]:
        digest, key = content_key(data, extension)
        name = self.object_name(key)
        # The name is the content: an object already there holds these very bytes.
        if not self.exists(name):
            self.client.put_object(Bucket=self.bucket, Key=name, Body=data,
                                   ContentType=CONTENT_TYPES.get(extension,
                                                                 "application/octet-stream"))
        return digest, key

    def exists(self, name: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=name)
        except ClientError as exc:
            # 403: credentials without s3:ListBucket are not told that a key is missing; the
            # put that follows writes the same bytes under the same name, so no harm done.
            if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") in (403, 404):
                return False
            raise
        return True

    def read(self, key: str) -> bytes:
        body = self.client.get_object(Bucket=self.bucket, Key=self.object_name(key))["Body"]
        with body:
            return bytes(body.read())

    def delete(self, keys: Sequence[str]) -> None:
        names = []
        for key in keys:
            if checked_key(key) is None:
                log.warning("a stored photo path outside the media store was not deleted")
                continue
            names.append(self.object_name(key))
        for start in range(0, len(names), S3_DELETE_BATCH):
            batch = names[start:start + S3_DELETE_BATCH]
            answer = self.client.delete_objects(Bucket=self.bucket, Delete={
                "Objects": [{"Key": name} for name in batch], "Quiet": True})
            if answer.get("Errors"):  # raised, so the caller's transaction keeps the rows
                codes = sorted({str(error.get("Code")) for error in answer["Errors"]})
                raise MediaError(f"{len(answer['Errors'])} of {len(batch)} photo objects "
                                 f"were not deleted ({', '.join(codes)})")

    def url_for(self, key: str, expires: timedelta) -> str | None:
        seconds = int(min(max(expires, timedelta(seconds=1)), S3_LONGEST_LINK).total_seconds())
        url = self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": self.object_name(key)},
            ExpiresIn=seconds)
        return str(url)


def s3_client(pool: int = 10) -> Any:
    """An S3 client from boto3's usual chain. A custom endpoint (MinIO, Ceph, a loopback test
    server) is addressed path-style, http://host/bucket/key, so no bucket host name is ever
    looked up; AWS itself keeps boto3's default."""
    import boto3
    from botocore.config import Config

    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    config = Config(s3={"addressing_style": "path" if endpoint else "auto"},
                    signature_version="s3v4", max_pool_connections=pool,
                    connect_timeout=5, read_timeout=30,
                    retries={"mode": "standard", "max_attempts": 5})
    return boto3.session.Session().client("s3", endpoint_url=endpoint or None, config=config)


def media_store(settings: Settings) -> MediaStore:
    """The store the settings name: MEDIA_URL=s3://bucket/prefix, or the MEDIA_DIR folder."""
    if settings.media_url:
        bucket, _, prefix = settings.media_url.removeprefix("s3://").partition("/")
        return S3MediaStore(bucket, prefix, s3_client(max(10, settings.worker_threads + 2)))
    return LocalMediaStore(settings.media_dir)


def sniff_image(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) if the bytes really are an image we accept, else None."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    return IMAGE_TYPES.get(kind)


def fetch_photo(line: LineClient, media: MediaStore, message_id: str,
                max_bytes: int) -> StoredPhoto | PhotoProblem:
    """Download and keep one photo. Transient LINE errors propagate, so the event is retried;
    so do the store's, the photo is then fetched again."""
    try:
        content = line.content(message_id)
    except LineError as exc:
        if exc.status in (404, 410):
            return PhotoProblem("gone", f"LINE no longer has this photo ({exc.status})")
        raise
    if len(content.data) > max_bytes:
        return PhotoProblem("too_large", f"{len(content.data)} bytes > {max_bytes}")
    kind = sniff_image(content.data)
    if kind is None:
        return PhotoProblem("not_image", f"not an image (said {content.content_type or '?'})")
    content_type, extension = kind
    digest, path = media.put(content.data, extension)
    return StoredPhoto(digest, path, len(content.data), content_type)
