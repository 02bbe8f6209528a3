"""`cddbot member forget LINE_USER_ID`: erase a person's personal data on a request that came
by letter (the same erasure as `ลบข้อมูลของฉัน`); `cddbot member remove LINE_USER_ID`: remove
a member at once (their reports stay with the centre). Both are written to the audit log."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import click
from sqlalchemy import select

from bot.cli_common import database, operator, settings
from bot.media import media_store
from bot.worker import delete_noted_files
from models.audit import do_audit
from models.members import Member
from models.privacy import do_erase, do_remove_member

LINE_USER_ID = re.compile(r"U[0-9a-f]{32}")


def checked_user_id(value: str) -> str:
    value = value.strip()
    if not LINE_USER_ID.fullmatch(value):
        raise click.BadParameter("a LINE user id is U followed by 32 hex digits "
                                 f"(e.g. U4af4980629...), got {value!r}",
                                 param_hint="LINE_USER_ID")
    return value


@click.group("member")
def member_group() -> None:
    """Members: erase a person's personal data, or remove a member."""


@member_group.command("forget")
@click.argument("line_user_id")
@click.option("--by", default=None, help="who asked, e.g. a letter's reference "
                                         "[default: cli:$USER]")
def forget_command(line_user_id: str, by: str | None) -> None:
    """Erase everything kept of this LINE user: name, LINE id, photos (files too), messages;
    their reports stay with the centre, without their name."""
    user_id = checked_user_id(line_user_id)
    now = datetime.now(UTC)
    with database() as db:
        with db.transaction() as session:
            member = session.scalar(select(Member).where(Member.line_user_id == user_id))
            area = member.area_code if member is not None else None
            done = do_erase(session, user_id, now, member=member)
            do_audit(session, "member.erase",
                     f"member:{member.id}" if member is not None else "line-user",
                     actor=None, area=area, at=now, by=by or operator(),
                     registered=member is not None, reports_kept=done.reports,
                     photos=done.photos, events=done.events, messages=done.messages)
        files = delete_noted_files(db, media_store(settings()))
    who = f"member #{member.id}" if member is not None else "not a member"
    click.echo(f"erased ({who}): {done.photos} photos ({files} files deleted), "
               f"{done.events} inbox events, {done.messages} outbox messages; "
               f"{done.reports} reports kept under the centre without the name")


@member_group.command("remove")
@click.argument("line_user_id")
@click.option("--by", default=None, help="who decided [default: cli:$USER]")
def remove_command(line_user_id: str, by: str | None) -> None:
    """Remove an active member at once: the bot no longer knows them and takes their rich
    menu away; their name and reports stay (`forget` erases the name too)."""
    user_id = checked_user_id(line_user_id)
    now = datetime.now(UTC)
    with database() as db, db.transaction() as session:
        member = session.scalar(select(Member).where(Member.line_user_id == user_id,
                                                     Member.status == "active"))
        if member is None:
            raise click.ClickException("no active member has this LINE user id")
        do_remove_member(session, member)
        do_audit(session, "member.remove", f"member:{member.id}", actor=None,
                 area=member.area_code, at=now, by=by or operator(), role=member.role)
        described = f"member #{member.id} ({member.role} of {member.area_code})"
    click.echo(f"removed {described}; their reports stay with the centre")
