from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot.line_client import LineClient
from bot.richmenu.cli import richmenu_group
from bot.richmenu.layouts import LAYOUTS
from bot.richmenu.setup import setup_rich_menus
from linefake.server import FakeLine
from models.members import Member
from models.outbox import OutboxMessage
from models.richmenus import RichMenu
from models.session import Database

pytestmark = pytest.mark.usefixtures("cached_render")


def _stored(db: Database) -> dict[str, str]:
    with db.sessions() as session:
        return {r.role: r.rich_menu_id for r in session.scalars(select(RichMenu))}


def _setup(db: Database, line: LineClient) -> dict[str, str]:
    with db.transaction() as session:
        return setup_rich_menus(line, session)


def test_setup_creates_one_menu_per_role_with_its_image(
        db: Database, line: LineClient, fake_line: FakeLine) -> None:
    created = _setup(db, line)
    assert set(created) == {"leader", "officer", "admin"}
    assert _stored(db) == created
    store = fake_line.rich_menus
    assert set(store.menus) == set(created.values())
    for role, menu_id in created.items():
        menu = store.menus[menu_id]
        assert menu["name"] == f"cddbot:{role}"
        assert menu["size"] == {"width": 2500, "height": LAYOUTS[role].height}
        assert [a["action"]["text"] for a in menu["areas"]] == [
            a.text for a in LAYOUTS[role].areas]
        data, content_type = store.images[menu_id]
        assert content_type == "image/png" and data.startswith(b"\x89PNG")


def test_rerun_replaces_the_menus_and_relinks_members(
        db: Database, line: LineClient, fake_line: FakeLine, leader: Member,
        officer: Member) -> None:
    foreign = line.create_rich_menu({  # someone else's menu on the channel: left alone
        "size": {"width": 2500, "height": 843}, "selected": False, "name": "campaign",
        "chatBarText": "แคมเปญ", "areas": []})
    first = _setup(db, line)
    second = _setup(db, line)
    assert set(first.values()).isdisjoint(second.values())
    assert _stored(db) == second
    assert set(fake_line.rich_menus.menus) == {*second.values(), foreign}
    assert not set(first.values()) & set(fake_line.rich_menus.images)

    with db.sessions() as session:
        links = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "richmenu")
                                .order_by(OutboxMessage.id)).all()
    # Each run queues a link for every member; the last one per user names the new menu.
    assert [(r.recipients, r.messages) for r in links[-2:]] == [
        ([leader.line_user_id], [{"richMenuId": second["leader"]}]),
        ([officer.line_user_id], [{"richMenuId": second["officer"]}]),
    ]
    assert {r.chat_key for r in links} == {f"richmenu:{leader.line_user_id}",
                                           f"richmenu:{officer.line_user_id}"}


def test_a_failed_upload_leaves_no_menu_behind(
        db: Database, line: LineClient, fake_line: FakeLine,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.line_client import LineError

    before = _setup(db, line)

    def refuse(menu_id: str, png: bytes) -> None:
        raise LineError(400, "image too large")

    monkeypatch.setattr(line, "upload_rich_menu_image", refuse)
    with pytest.raises(LineError):
        _setup(db, line)
    assert set(fake_line.rich_menus.menus) == set(before.values())
    assert _stored(db) == before


def _env(db: Database, fake_line: FakeLine) -> dict[str, str | None]:
    return {"DATABASE_URL": db.url, "LINE_API_BASE": fake_line.base_url,
            "LINE_CHANNEL_SECRET": "secret", "LINE_CHANNEL_ACCESS_TOKEN": fake_line.access_token}


def test_cli_setup_and_show(db: Database, fake_line: FakeLine) -> None:
    env = _env(db, fake_line)
    result = CliRunner().invoke(richmenu_group, ["show"], env=env)
    assert result.exit_code == 0, result.output
    assert result.output == ""

    result = CliRunner().invoke(richmenu_group, ["setup"], env=env)
    assert result.exit_code == 0, result.output
    stored = _stored(db)
    assert set(fake_line.rich_menus.menus) == set(stored.values())

    result = CliRunner().invoke(richmenu_group, ["show"], env=env)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{role}\t{stored[role]}" for role in ("admin", "leader", "officer")]


def test_cli_setup_needs_a_line_channel(db: Database) -> None:
    env = {"DATABASE_URL": db.url, "LINE_CHANNEL_SECRET": None,
           "LINE_CHANNEL_ACCESS_TOKEN": None}
    result = CliRunner().invoke(richmenu_group, ["setup"], env=env)
    assert result.exit_code != 0
    assert "LINE_CHANNEL_ACCESS_TOKEN" in result.output
