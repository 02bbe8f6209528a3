"""Erasing a person's personal data (PDPA), and removing a member: the one place that knows
where a LINE user's data lies.

`do_erase` (a member asks, declines the notice, or a letter asks the province):
- members: the row stays, so the centre keeps its reports, but without name, LINE id or
  consent ("deleted:<id>", status removed);
- photos: every file is deleted (after the commit, by the edge: `FileToDelete`); a photo of a
  report keeps a row without file, path or fingerprint, so the month's photo count stays;
  a photo that never joined a report goes entirely;
- reports stay under the centre, as written, no longer tied to the person's chat;
- inbox: the person's handled events are blanked (text, LINE id, location), their waiting
  timers dropped; anyone else's event that names their LINE id has it blanked;
- outbox: messages to them alone are deleted, they are taken out of multicasts, and their
  name is blanked wherever a kept or waiting message carries it;
- chats: their chat and its timer lane go (a chat with events still waiting keeps its row,
  without state), and their state in group chats goes;
- audit details, planned reminders, wrong registration codes older than the hour that still
  counts them (the last hour is kept so that erasing cannot reset the limit on guessing).

What the erasure itself still has to send (the rich menu taken away) carries the LINE id
until LINE has it; a follow-up timer then deletes that row (`finish_erasure`).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Text, and_, cast, delete, func, or_, select, update
from sqlalchemy.orm import Session

from models.audit import AuditLog
from models.chats import Chat
from models.inbox import InboxEvent, enqueue_timer
from models.members import WRONG_CODE_WINDOW, CodeAttempt, FileToDelete, Member
from models.outbox import OutboxMessage
from models.queue import DONE, FAILED, PENDING, WORKING
from models.reminders import PlannedReminder
from models.reports import Photo, Report
from models.richmenus import KIND as RICHMENU
from models.richmenus import enqueue_menu_unlink

ERASED_ID = "deleted"  # what an erased LINE id becomes inside kept texts
# What an erased name becomes in messages kept, or still to be sent to someone else.
ERASED_NAME = "(ลบชื่อตามคำขอแล้ว)"
FOLLOWUP = "erasure_followup"  # the timer kind of `finish_erasure`
FILES_NOTED = "cddbot.files_to_delete"  # session.info: the edge has files to delete
FIRST_FOLLOWUP = timedelta(seconds=2)
LAST_FOLLOWUP = timedelta(hours=1)


@dataclass(frozen=True)
class Erasure:
    """What `do_erase` did, for the answer and the audit log."""

    reports: int  # kept under the centre, without the person
    photos: int  # stored photos whose files are deleted
    events: int  # the person's inbox events blanked
    messages: int  # outbox messages deleted or stripped of the person


def do_erase(session: Session, line_user_id: str, now: datetime, *,
             member: Member | None = None, current_event_id: str | None = None) -> Erasure:
    """Erase everything this LINE user left, and `member`'s name and photos if they are one.
    `current_event_id`: the event being handled (it is blanked with the others)."""
    needles = {line_user_id: ERASED_ID}
    name = (member.display_name or "").strip() if member is not None else ""
    if len(name) >= 2:
        needles[name] = ERASED_NAME
    photos = reports = 0
    if member is not None:
        photos = _erase_photos(session, member.id)
        reports = _detach_reports(session, member.id, line_user_id)
    events = _blank_inbox(session, line_user_id, current_event_id, needles)
    messages = _scrub_outbox(session, line_user_id, needles)
    _scrub_chats(session, line_user_id, needles)
    _scrub_audit(session, needles)
    session.execute(delete(PlannedReminder).where(PlannedReminder.line_user_id == line_user_id))
    session.execute(delete(CodeAttempt).where(CodeAttempt.line_user_id == line_user_id,
                                              CodeAttempt.at <= now - WRONG_CODE_WINDOW))
    if member is not None:
        member.line_user_id = f"deleted:{member.id}"
        member.display_name = None
        member.status = "removed"
        member.consented_at = None
        member.consent_version = None
        _take_menu_away(session, member.id, line_user_id, now)
    return Erasure(reports, photos, events, messages)


def do_remove_member(session: Session, member: Member) -> None:
    """Remove a member at once: they are no longer recognised, lose their rich menu and the
    pushes still waiting for them. Their row, name and reports stay (this is not erasure)."""
    member.status = "removed"
    drop_waiting_pushes(session, member.line_user_id)
    enqueue_menu_unlink(session, member.line_user_id)


def drop_waiting_pushes(session: Session, line_user_id: str) -> int:
    """Take the user out of pushes and multicasts not sent yet (reminders, announcements)."""
    rows = session.scalars(select(OutboxMessage).where(
        OutboxMessage.status == PENDING, OutboxMessage.kind != RICHMENU,
        OutboxMessage.reply_token.is_(None), _mentions(OutboxMessage.recipients, line_user_id)))
    dropped = 0
    for row in rows:
        left = [to for to in row.recipients if to != line_user_id]
        if len(left) == len(row.recipients):
            continue
        dropped += 1
        if left:
            row.recipients = left
        else:
            session.delete(row)
    return dropped


def finish_erasure(session: Session, lane: str, outbox_ids: list[int], round_: int,
                   now: datetime) -> int:
    """The follow-up of an erasure: delete its outbox rows that LINE has had (they carry
    the LINE id), and look again later for the rest; returns how many are left. Files an
    earlier erasure could not delete (a crash after its commit) are handed to the edge."""
    rows = session.execute(select(OutboxMessage.id, OutboxMessage.status)
                           .where(OutboxMessage.id.in_(outbox_ids))).all()
    sent = [row_id for row_id, status in rows if status in (DONE, FAILED)]
    left = [row_id for row_id, status in rows if status not in (DONE, FAILED)]
    if sent:
        session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(sent)))
    if session.scalar(select(FileToDelete.id).limit(1)) is not None:
        session.info[FILES_NOTED] = True
    if left:
        plan_followup(session, lane, left, round_ + 1, now)
    return len(left)


def plan_followup(session: Session, lane: str, outbox_ids: list[int], round_: int,
                  now: datetime) -> None:
    delay = min(FIRST_FOLLOWUP * 2 ** round_, LAST_FOLLOWUP)
    enqueue_timer(session, lane, FOLLOWUP, now + delay,
                  {"outbox_ids": outbox_ids, "round": round_},
                  key=f"erasure:{outbox_ids[0]}:{round_}")


def enqueue_unaddressed_reply(session: Session, reply_token: str,
                              messages: list[dict[str, Any]], lane: str) -> None:
    """A reply by token alone: no recipient is kept, so it cannot fall back to a push (lost
    if the token has expired). For answers given after the person's data was erased."""
    session.add(OutboxMessage(kind="reply", chat_key=lane[:80], reply_token=reply_token,
                              recipients=[], messages=messages, retry_key=str(uuid.uuid4())))


def note_files_to_delete(session: Session, paths: set[str] | list[str]) -> None:
    """Photo files (relative to MEDIA_DIR) for the edge to delete once this commits."""
    if paths:
        session.add_all(FileToDelete(path=path) for path in sorted(paths))
        session.info[FILES_NOTED] = True


def files_noted(session: Session) -> bool:
    """Whether the transaction just committed left files for the edge to delete."""
    return bool(session.info.get(FILES_NOTED))


def take_files_to_delete(session: Session) -> list[str]:
    """Every noted file, taken off the list; those still shared by a kept photo (a file is
    stored once per sha256) are left out. The caller deletes the files before it commits:
    should that fail, the list is still there for the next time."""
    rows = session.execute(select(FileToDelete.id, FileToDelete.path)).all()
    if not rows:
        return []
    paths = {path for _, path in rows}
    shared = set(session.scalars(select(Photo.path).where(Photo.path.in_(paths))))
    session.execute(delete(FileToDelete).where(FileToDelete.id.in_([i for i, _ in rows])))
    return sorted(paths - shared)


def _erase_photos(session: Session, member_id: int) -> int:
    photos = list(session.scalars(select(Photo).where(Photo.member_id == member_id)))
    note_files_to_delete(session, {p.path for p in photos if p.path})
    for photo in photos:
        if photo.report_id is None:
            session.delete(photo)
        else:  # counted in its month's figures: the row stays, without the photo
            photo.line_message_id = f"erased:{photo.id}"
            photo.sha256 = photo.path = photo.content_type = photo.image_set_id = None
            photo.size = photo.image_index = None
    return sum(1 for p in photos if p.status == "stored")


def _detach_reports(session: Session, member_id: int, line_user_id: str) -> int:
    session.execute(update(Report)
                    .where(Report.member_id == member_id,
                           Report.chat_key == f"user:{line_user_id}")
                    .values(chat_key=f"erased:{member_id}"),
                    execution_options={"synchronize_session": False})
    return session.scalar(select(func.count()).select_from(Report)
                          .where(Report.member_id == member_id)) or 0


def _own_lanes(line_user_id: str) -> tuple[str, str]:
    return f"user:{line_user_id}", f"timer:user:{line_user_id}"


def _blank_inbox(session: Session, line_user_id: str, current_event_id: str | None,
                 needles: dict[str, str]) -> int:
    own = _own_lanes(line_user_id)
    # Timers still waiting in the person's lane (e.g. a question about held photos).
    session.execute(delete(InboxEvent).where(InboxEvent.chat_key == own[1],
                                             InboxEvent.status == PENDING))
    handled = and_(InboxEvent.status.in_((DONE, FAILED)),
                   or_(InboxEvent.chat_key.in_(own),
                       _mentions(InboxEvent.payload, line_user_id)))
    where = or_(handled, InboxEvent.webhook_event_id == current_event_id) \
        if current_event_id else handled
    changes = []
    theirs = 0
    for row_id, payload, chat_key in session.execute(
            select(InboxEvent.id, InboxEvent.payload, InboxEvent.chat_key).where(where)):
        source = payload.get("source") or {}
        if chat_key in own or source.get("userId") == line_user_id:
            theirs += 1
            changes.append({"id": row_id, "chat_key": "erased",
                            "payload": {"type": payload.get("type"), "erased": True}})
        else:
            changes.append({"id": row_id, "chat_key": chat_key,
                            "payload": _redact(payload, needles)})
    if changes:
        session.execute(update(InboxEvent), changes)
    return theirs


def _scrub_outbox(session: Session, line_user_id: str, needles: dict[str, str]) -> int:
    own = (f"user:{line_user_id}", f"{RICHMENU}:{line_user_id}")
    names = [n for n in needles if n != line_user_id]
    rows = session.scalars(select(OutboxMessage).where(or_(
        OutboxMessage.chat_key.in_(own), _mentions(OutboxMessage.recipients, line_user_id),
        OutboxMessage.dedupe_key.contains(line_user_id, autoescape=True),
        *(_mentions(OutboxMessage.messages, n) for n in names))))
    changed = 0
    for row in rows:
        left = [to for to in row.recipients if to != line_user_id]
        if row.chat_key in own or (row.recipients and not left):
            session.delete(row)  # to them alone, sent or not
            changed += 1
            continue
        messages = _redact(row.messages, needles)
        if left != row.recipients or messages != row.messages:
            row.recipients, row.messages = left, messages
            changed += 1
        if row.dedupe_key and line_user_id in row.dedupe_key:
            row.dedupe_key = row.dedupe_key.replace(line_user_id, ERASED_ID)
    return changed


def _scrub_chats(session: Session, line_user_id: str, needles: dict[str, str]) -> None:
    own = _own_lanes(line_user_id)
    chats = session.scalars(select(Chat).where(or_(
        Chat.key.in_(own), *(_mentions(Chat.state, needle) for needle in needles))))
    for chat in list(chats):
        if chat.key not in own:
            state = {key: value for key, value in (chat.state or {}).items()
                     if not key.endswith(f":{line_user_id}")}
            chat.state = _redact(state, needles) or None
            continue
        # The row orders the chat's events: it stays while any still wait for their turn.
        waiting = session.scalar(select(InboxEvent.id).where(
            InboxEvent.chat_key == chat.key, InboxEvent.status.in_((PENDING, WORKING)))
            .limit(1))
        if waiting is None:
            session.delete(chat)
        else:
            chat.state = None
    session.flush()


def _scrub_audit(session: Session, needles: dict[str, str]) -> None:
    rows = session.scalars(select(AuditLog).where(or_(
        *(_mentions(AuditLog.detail, needle) for needle in needles),
        *(AuditLog.target.contains(needle, autoescape=True) for needle in needles))))
    for row in rows:
        row.detail = _redact(row.detail, needles)
        row.target = _redact(row.target, needles)[:80]


def _take_menu_away(session: Session, member_id: int, line_user_id: str,
                    now: datetime) -> None:
    enqueue_menu_unlink(session, line_user_id)
    session.flush()
    row_id = session.scalar(select(OutboxMessage.id)
                            .where(OutboxMessage.chat_key == f"{RICHMENU}:{line_user_id}")
                            .order_by(OutboxMessage.id.desc()).limit(1))
    if row_id is not None:
        plan_followup(session, f"erased:{member_id}", [row_id], 0, now)


def _mentions(column: Any, needle: str) -> ColumnElement[bool]:
    """Whether a JSON column's text holds `needle`, as written or as JSON escapes it (a
    prefilter: what is found is then walked in Python)."""
    forms = {needle, json.dumps(needle)[1:-1]}
    return or_(*(cast(column, Text).like(f"%{_escape_like(form)}%", escape="\\")
                 for form in sorted(forms)))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _redact(value: Any, needles: dict[str, str]) -> Any:
    """`value` (JSON: strings, lists, dicts) with every needle replaced."""
    if isinstance(value, str):
        for needle, replacement in needles.items():
            value = value.replace(needle, replacement)
        return value
    if isinstance(value, list):
        return [_redact(item, needles) for item in value]
    if isinstance(value, dict):
        return {_redact(key, needles): _redact(item, needles) for key, item in value.items()}
    return value
