"""The bot's sense of now: real UTC time, plus an offset that only the simulator and tests move
(so a trainer can jump to the day before 28 July and watch the reminders arrive)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class Clock:
    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return datetime.now(UTC) + self._offset

    def jump_to(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("jump_to needs a timezone-aware datetime")
        with self._lock:
            self._offset = moment - datetime.now(UTC)

    def reset(self) -> None:
        with self._lock:
            self._offset = timedelta(0)
