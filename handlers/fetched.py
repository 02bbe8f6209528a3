"""What the edge fetches for a handler before the database transaction opens (a transaction
must never wait on the network): plain data, so the conversation never talks to LINE."""

from __future__ import annotations

from dataclasses import dataclass

from classifier import Classification

MAX_REPORT_CHARS = 5000  # a longer paste is cut: no activity report needs more


@dataclass(frozen=True)
class StoredPhoto:
    sha256: str
    path: str  # relative to MEDIA_DIR
    size: int
    content_type: str


@dataclass(frozen=True)
class PhotoProblem:
    """Why a photo could not be kept: shown to officers, never retried."""

    reason: str  # "gone", "not_image", "too_large"
    detail: str


@dataclass(frozen=True)
class Prefetched:
    display_name: str | None = None
    photo: StoredPhoto | PhotoProblem | None = None
    # Classified before the transaction too: on SQLite the write lock is held for less time.
    classification: Classification | None = None
