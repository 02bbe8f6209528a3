"""Settings, read once from the environment (12-factor)."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from scheduler.reminders import Rules

LINE_API = "https://api.line.me"
DEFAULT_PROVINCES = ("43",)  # Nong Khai
MIN_SECRET_KEY = 32
# Labels the key derived from the channel secret, so it is never the secret itself.
DERIVED_KEY_LABEL = b"cddbot SECRET_KEY v1"
S3_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


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
    public_url: str | None = None  # where people open the bot's links; None: not reachable
    secret_key: str = ""  # signs download links; empty: derived in __post_init__
    export_link_hours: float = 24.0
    invite_hours: float = 72.0  # how long a one-time invite code works after it is made
    reminders: Rules = Rules()
    reminder_poll_seconds: float = 30.0  # how often the clock looks for reminders due
    # Below LINE's multicast limit (200 requests a second); 0: no pacing.
    pushes_per_second: float = 100.0
    # PDPA retention: handled inbox events (and sent outbox messages) are kept this long.
    inbox_retention_days: int = 30
    # Reports and photos: this many full fiscal years before the current one are kept.
    report_retention_years: int = 5
    # Photos in S3-compatible object storage (s3://bucket/prefix); None: under media_dir.
    media_url: str | None = None

    def __post_init__(self) -> None:
        if not self.secret_key:
            object.__setattr__(self, "secret_key", default_secret_key(self.channel_secret))

    def __repr__(self) -> str:
        # Never let a secret reach a log line through a repr.
        return (
            f"Settings(api_base={self.api_base!r}, database={self.database_url.split(':')[0]}, "
            f"provinces={self.provinces}, simulator={self.simulator}, "
            f"public_url={self.public_url!r})"
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
        port = _int(env, "PORT", 8000)
        database_url = env.get("DATABASE_URL") or "sqlite:///var/cddbot.sqlite3"
        return cls(
            channel_secret=secret or "",
            access_token=token or "",
            api_base=env.get("LINE_API_BASE", LINE_API).rstrip("/"),
            database_url=database_url,
            media_dir=Path(env.get("MEDIA_DIR") or "var/media"),
            provinces=parse_provinces(env.get("BOT_PROVINCES", ",".join(DEFAULT_PROVINCES))),
            port=port,
            simulator=simulator,
            worker_threads=_int(env, "WORKER_THREADS", default_worker_threads(database_url)),
            worker_batch=max(1, _int(env, "WORKER_BATCH", 8)),
            sender_concurrency=_int(env, "SENDER_CONCURRENCY", 64),
            lease_seconds=_float(env, "WORKER_LEASE_SECONDS", 60.0),
            max_attempts=_int(env, "MAX_ATTEMPTS", 8),
            poll_seconds=_float(env, "POLL_SECONDS", 0.2),
            line_timeout_seconds=_float(env, "LINE_TIMEOUT_SECONDS", 10.0),
            report_window_minutes=_float(env, "REPORT_WINDOW_MINUTES", 15.0),
            max_photos_per_report=_int(env, "MAX_PHOTOS_PER_REPORT", 20),
            max_photo_bytes=_int(env, "MAX_PHOTO_BYTES", 10 * 1024 * 1024),
            public_url=parse_public_url(env.get("PUBLIC_URL"), simulator, port),
            secret_key=parse_secret_key(env.get("SECRET_KEY")),
            export_link_hours=_float(env, "EXPORT_LINK_HOURS", 24.0),
            invite_hours=_positive(env, "INVITE_HOURS", 72.0),
            reminders=parse_reminder_rules(env),
            pushes_per_second=_float(env, "LINE_PUSHES_PER_SECOND", 100.0),
            reminder_poll_seconds=_float(env, "REMINDER_POLL_SECONDS",
                                         5.0 if simulator else 30.0),
            inbox_retention_days=_at_least(env, "INBOX_RETENTION_DAYS", 30, 1),
            report_retention_years=_at_least(env, "REPORT_RETENTION_YEARS", 5, 1),
            media_url=parse_media_url(env.get("MEDIA_URL")),
        )


def default_worker_threads(database_url: str) -> int:
    """SQLite has one write lock, so a second thread only waits for it; on PostgreSQL a
    second thread handles a batch while the first waits on the database (drain_bench: 370 ->
    429 events/s for one worker process)."""
    return 1 if database_url.startswith("sqlite") else 2


def parse_reminder_rules(env: Mapping[str, str]) -> Rules:
    """REMINDER_* variables; each unset one keeps the guideline's default."""
    default = Rules()
    per_centre = env.get("REMINDER_LEADERS_PER_CENTRE", "")
    rules = Rules(
        volunteer_before=_days(env, "REMINDER_VOLUNTEER_DAYS_BEFORE", default.volunteer_before),
        volunteer_after=_int(env, "REMINDER_VOLUNTEER_DAYS_AFTER", 1) or None,
        due_before=_days(env, "REMINDER_DUE_DAYS_BEFORE", default.due_before),
        due_day=_int(env, "REPORT_DUE_DAY", 0) or None,
        hour=_int(env, "REMINDER_HOUR", default.hour),
        grace_hours=_float(env, "REMINDER_GRACE_HOURS", default.grace_hours),
        leaders_per_centre=None if per_centre.strip().lower() == "all"
        else _int(env, "REMINDER_LEADERS_PER_CENTRE", 1),
    )
    if not 0 <= rules.hour <= 23 or (rules.due_day is not None and not 1 <= rules.due_day <= 31):
        raise ConfigError("REMINDER_HOUR must be 0-23 and REPORT_DUE_DAY 1-31")
    return rules


def _days(env: Mapping[str, str], name: str, default: tuple[int, ...]) -> tuple[int, ...]:
    raw = env.get(name)
    if not raw:
        return default
    try:
        return tuple(sorted({int(part) for part in raw.split(",") if part.strip()}, reverse=True))
    except ValueError as exc:
        raise ConfigError(f"{name} must be whole numbers of days, e.g. 7,1; got {raw!r}") from exc


def parse_provinces(value: str) -> tuple[str, ...] | None:
    value = value.strip()
    if value.lower() == "all":
        return None
    codes = tuple(code.strip() for code in value.split(",") if code.strip())
    bad = [code for code in codes if not (len(code) == 2 and code.isdigit())]
    if bad or not codes:
        raise ConfigError(f"BOT_PROVINCES must be 2-digit province codes or 'all', got {value!r}")
    return codes


def parse_public_url(value: str | None, simulator: bool, port: int) -> str | None:
    """The base URL people's phones reach the web process at. The simulator's browser runs on
    this machine, so it has a local default; a LINE bot has none."""
    if not value:
        return f"http://127.0.0.1:{port}" if simulator else None
    if not value.startswith(("https://", "http://")):
        raise ConfigError("PUBLIC_URL must start with https:// (or http:// on a local "
                          f"network), got {value!r}")
    return value.rstrip("/")


def parse_media_url(value: str | None) -> str | None:
    """MEDIA_URL: s3://bucket or s3://bucket/prefix, returned without trailing slashes; unset
    or empty: photos stay under MEDIA_DIR."""
    if not value or not value.strip():
        return None
    value = value.strip()
    bucket, _, prefix = value.removeprefix("s3://").partition("/")
    prefix = prefix.strip("/")
    parts = prefix.split("/") if prefix else []
    if (not value.startswith("s3://") or not S3_BUCKET.fullmatch(bucket)
            or any(part in ("", ".", "..") for part in parts)
            or any(char in prefix for char in "\\?#")):
        raise ConfigError("MEDIA_URL must be s3://BUCKET or s3://BUCKET/PREFIX (a bucket name "
                          "of 3-63 lowercase letters, digits, dots and hyphens; unset: photos "
                          f"go to MEDIA_DIR), got {value!r}")
    return f"s3://{bucket}/{prefix}" if prefix else f"s3://{bucket}"


def parse_secret_key(value: str | None) -> str:
    if value and len(value) < MIN_SECRET_KEY:
        raise ConfigError(f"SECRET_KEY must be at least {MIN_SECRET_KEY} characters "
                          "(e.g. python3 -c 'import secrets; print(secrets.token_hex(32))')")
    return value or ""


def default_secret_key(channel_secret: str) -> str:
    """Without SECRET_KEY: an HMAC of the channel secret, the same in every process of one
    bot. Without a channel secret (the simulator) a key of this process alone, so nobody can
    compute it from the source code."""
    if not channel_secret:
        return secrets.token_hex(32)
    return hmac.new(channel_secret.encode(), DERIVED_KEY_LABEL, hashlib.sha256).hexdigest()


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    try:
        return int(raw) if raw else default
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def _at_least(env: Mapping[str, str], name: str, default: int, least: int) -> int:
    """A retention period: a whole number (of days or years) no shorter than `least`."""
    value = _int(env, name, default)
    if value < least:
        raise ConfigError(f"{name} must be a whole number of at least {least}, got {value}")
    return value


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    value = _float(env, name, default)
    if value <= 0:
        raise ConfigError(f"{name} must be a number above 0, got {value:g}")
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    try:
        return float(raw) if raw else default
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from exc
