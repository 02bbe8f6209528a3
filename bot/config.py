"""Settings, read once from the environment (12-factor)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

LINE_API = "https://api.line.me"
DEFAULT_PROVINCES = ("43",)  # Nong Khai


class ConfigError(RuntimeError):
    """The environment does not describe a bot that can start."""


@dataclass(frozen=True)
class Settings:
    channel_secret: str
    access_token: str
    api_base: str
    database_url: str
    media_dir: Path
    provinces: tuple[str, ...] | None  # None means the whole country
    port: int
    simulator: bool
    worker_threads: int = 1
    worker_batch: int = 8  # events of different chats handled in one transaction
    sender_concurrency: int = 64
    lease_seconds: float = 60.0
    max_attempts: int = 8
    poll_seconds: float = 0.2
    line_timeout_seconds: float = 10.0
    report_window_minutes: float = 15.0
    max_photos_per_report: int = 20
    max_photo_bytes: int = 10 * 1024 * 1024

    def __repr__(self) -> str:
        # Never let a secret reach a log line through a repr.
        return (
            f"Settings(api_base={self.api_base!r}, database={self.database_url.split(':')[0]}, "
            f"provinces={self.provinces}, simulator={self.simulator})"
        )

    def with_line(self, api_base: str, channel_secret: str, access_token: str) -> Settings:
        return replace(
            self, api_base=api_base, channel_secret=channel_secret, access_token=access_token
        )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        secret = env.get("LINE_CHANNEL_SECRET")
        token = env.get("LINE_CHANNEL_ACCESS_TOKEN")
        simulator = secret is None and token is None
        if not simulator:
            if not secret:
                raise ConfigError(
                    "LINE_CHANNEL_SECRET is missing or empty while LINE_CHANNEL_ACCESS_TOKEN is "
                    "set: copy the channel secret from the LINE Developers console"
                )
            if not token:
                raise ConfigError(
                    "LINE_CHANNEL_ACCESS_TOKEN is missing or empty while LINE_CHANNEL_SECRET is "
                    "set: issue a channel access token in the LINE Developers console"
                )
        return cls(
            channel_secret=secret or "",
            access_token=token or "",
            api_base=env.get("LINE_API_BASE", LINE_API).rstrip("/"),
            database_url=env.get("DATABASE_URL") or "sqlite:///var/cddbot.sqlite3",
            media_dir=Path(env.get("MEDIA_DIR") or "var/media"),
            provinces=parse_provinces(env.get("BOT_PROVINCES", ",".join(DEFAULT_PROVINCES))),
            port=_int(env, "PORT", 8000),
            simulator=simulator,
            worker_threads=_int(env, "WORKER_THREADS", 1),
            worker_batch=max(1, _int(env, "WORKER_BATCH", 8)),
            sender_concurrency=_int(env, "SENDER_CONCURRENCY", 64),
            lease_seconds=_float(env, "WORKER_LEASE_SECONDS", 60.0),
            max_attempts=_int(env, "MAX_ATTEMPTS", 8),
            poll_seconds=_float(env, "POLL_SECONDS", 0.2),
            line_timeout_seconds=_float(env, "LINE_TIMEOUT_SECONDS", 10.0),
            report_window_minutes=_float(env, "REPORT_WINDOW_MINUTES", 15.0),
            max_photos_per_report=_int(env, "MAX_PHOTOS_PER_REPORT", 20),
            max_photo_bytes=_int(env, "MAX_PHOTO_BYTES", 10 * 1024 * 1024),
        )


def parse_provinces(value: str) -> tuple[str, ...] | None:
    value = value.strip()
    if value.lower() == "all":
        return None
    codes = tuple(code.strip() for code in value.split(",") if code.strip())
    bad = [code for code in codes if not (len(code) == 2 and code.isdigit())]
    if bad or not codes:
        raise ConfigError(f"BOT_PROVINCES must be 2-digit province codes or 'all', got {value!r}")
    return codes


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    try:
        return int(raw) if raw else default
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    try:
        return float(raw) if raw else default
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from exc
