"""Typed SQLAlchemy 2.0 models, the session factory and the Alembic migrations."""

from models.audit import AuditLog
from models.base import Base
from models.calendar import CalendarChange
from models.chats import Chat
from models.divisions import Centre, District, Province, Subdistrict
from models.inbox import InboxEvent
from models.members import InviteCode, Member
from models.outbox import OutboxMessage
from models.reminders import PlannedReminder, ReminderDay
from models.reports import Photo, Report
from models.richmenus import RichMenu

__all__ = [
    "AuditLog",
    "Base",
    "CalendarChange",
    "Centre",
    "Chat",
    "District",
    "InboxEvent",
    "InviteCode",
    "Member",
    "OutboxMessage",
    "Photo",
    "PlannedReminder",
    "Province",
    "ReminderDay",
    "Report",
    "RichMenu",
    "Subdistrict",
]
