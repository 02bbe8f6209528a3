"""The `cddbot` command and configuration from the environment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from bot.cli import cli
from bot.config import ConfigError, Settings
from models.divisions import Centre
from models.inbox import InboxEvent
from models.members import InviteCode
from models.session import Database
from scheduler.housekeeping import prune_finished


def run(db: Database, *args: str) -> str:
    env = {"DATABASE_URL": db.url, "LINE_CHANNEL_SECRET": None,
           "LINE_CHANNEL_ACCESS_TOKEN": None, "BOT_PROVINCES": "43"}
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_seed_is_idempotent_and_centres_are_tab_separated(db: Database) -> None:
    assert "0 centres created, 62 in all" in run(db, "seed")
    lines = run(db, "centres", "--district", "4302").splitlines()
    assert len(lines) == 10
    code, district, tambon, join = lines[0].split("\t")
    assert (code, district) == ("430201", "ท่าบ่อ") and tambon and len(join) == 6
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Centre)) == 62


def test_invite_prints_the_code_alone_on_the_last_line(db: Database) -> None:
    code = run(db, "invite", "--role", "officer", "--area", "4301").splitlines()[-1]
    with db.sessions() as session:
        invite = session.scalars(select(InviteCode)).one()
    assert code == invite.code and (invite.role, invite.area_code) == ("officer", "4301")
    refused = CliRunner().invoke(cli, ["invite", "--role", "admin", "--area", "99"],
                                 env={"DATABASE_URL": db.url})
    assert refused.exit_code != 0 and "no province" in refused.output


@pytest.mark.parametrize("env", [
    {"LINE_CHANNEL_ACCESS_TOKEN": "token"},
    {"LINE_CHANNEL_ACCESS_TOKEN": "token", "LINE_CHANNEL_SECRET": ""},
    {"LINE_CHANNEL_SECRET": "secret"},
])
def test_half_configured_line_channel_refuses_to_start(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match="LINE_CHANNEL"):
        Settings.from_env(env)


def test_defaults_and_simulator_mode() -> None:
    settings = Settings.from_env({})
    assert settings.simulator and settings.provinces == ("43",) and settings.port == 8000
    assert settings.database_url.startswith("sqlite:///var/")
    assert Settings.from_env({"BOT_PROVINCES": "all"}).provinces is None
    real = Settings.from_env({"LINE_CHANNEL_SECRET": "s3cret-value",
                              "LINE_CHANNEL_ACCESS_TOKEN": "t0ken-value"})
    assert not real.simulator and "s3cret" not in repr(real) and "t0ken" not in repr(real)
    with pytest.raises(ConfigError):
        Settings.from_env({"BOT_PROVINCES": "Nong Khai"})


def test_worker_threads_default_to_what_the_database_can_use() -> None:
    assert Settings.from_env({}).worker_threads == 1  # SQLite: one write lock
    postgres = {"DATABASE_URL": "postgresql://bot@db.example/cddbot"}
    assert Settings.from_env(postgres).worker_threads == 2
    assert Settings.from_env({**postgres, "WORKER_THREADS": "4"}).worker_threads == 4


def test_housekeeping_prunes_old_finished_events_only(db: Database) -> None:
    now = datetime.now(UTC)
    with db.transaction() as session:
        for n, (status, age) in enumerate([("done", 40), ("done", 5), ("failed", 40)]):
            session.add(InboxEvent(webhook_event_id=f"e{n}", chat_key="user:U1",
                                   event_type="message", payload={}, status=status,
                                   finished_at=now - timedelta(days=age)))
    with db.transaction() as session:
        assert prune_finished(session, now) == 1
    with db.sessions() as session:
        left = sorted(session.scalars(select(InboxEvent.webhook_event_id)))
    assert left == ["e1", "e2"]


def test_worker_refuses_to_start_without_a_line_channel(db: Database) -> None:
    result = CliRunner().invoke(cli, ["worker"], env={
        "DATABASE_URL": db.url, "LINE_CHANNEL_SECRET": None, "LINE_CHANNEL_ACCESS_TOKEN": None})
    assert result.exit_code != 0 and "cddbot serve" in result.output
