"""Photos from LINE's content API, checked with Pillow and stored under MEDIA_DIR by sha256,
so the same photo sent twice is kept once."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from bot.line_client import LineClient, LineError
from handlers.fetched import PhotoProblem, StoredPhoto

log = logging.getLogger(__name__)

IMAGE_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"),
               "GIF": ("image/gif", "gif"), "WEBP": ("image/webp", "webp"),
               "HEIF": ("image/heif", "heic"), "MPO": ("image/jpeg", "jpg")}


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


def sniff_image(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) if the bytes really are an image we accept, else None."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    return IMAGE_TYPES.get(kind)


def store_bytes(media_dir: Path, data: bytes, extension: str) -> tuple[str, str]:
    """Write once under ab/cd/<sha256>.<ext>; returns (sha256, relative path)."""
    digest = hashlib.sha256(data).hexdigest()
    relative = Path(digest[:2]) / digest[2:4] / f"{digest}.{extension}"
    target = media_dir / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write beside it and rename: a crash never leaves half a photo under the real name.
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(temp, target)
    return digest, str(relative)


def fetch_photo(line: LineClient, media_dir: Path, message_id: str,
                max_bytes: int) -> StoredPhoto | PhotoProblem:
    """Download and keep one photo. Transient LINE errors propagate, so the event is retried."""
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
    digest, path = store_bytes(media_dir, content.data, extension)
    return StoredPhoto(digest, path, len(content.data), content_type)
