"""The typed result of classifying one leader message."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# Below this confidence the bot asks the leader to pick the type instead of guessing.
ASK_THRESHOLD: float = 0.55

ACTIVITY_TYPES: tuple[str, ...] = ("3.1", "3.2", "3.3")
DIMENSIONS: tuple[str, ...] = ("living", "health", "income", "services")
SECTORS: tuple[str, ...] = (
    "รัฐ", "ศาสนา", "สถาบันการศึกษา", "เอกชน", "ประชาชน", "ประชาสังคม", "สื่อสารมวลชน",
)


@dataclass(frozen=True)
class Classification:
    """What the classifier read from one message (``activity_type`` None = not a report)."""

    activity_type: str | None
    dimension: str | None
    national_day: str | None
    sectors: tuple[str, ...]
    participants: int | None
    activity_date: datetime.date
    confidence: float
    evidence: tuple[str, ...]

    @property
    def abstain(self) -> bool:
        """True when the bot should ask the leader for the type rather than trust this one."""
        return self.confidence < ASK_THRESHOLD
