"""Pushes and multicasts are paced below LINE's rate limits: slots a fixed interval apart,
whatever the number of threads asking."""

from __future__ import annotations

from bot.line_client import Pace


class FakeTime:
    """Time that moves only by the pace's own sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


def test_slots_are_spread_evenly_at_the_rate() -> None:
    t = FakeTime()
    pace = Pace(4, clock=t.clock, sleep=t.sleep)
    for _ in range(5):
        pace.wait()  # all at the same moment: each waits one interval more than the last
    assert t.slept == [0.25, 0.5, 0.75, 1.0]


def test_calls_slower_than_the_rate_never_wait() -> None:
    t = FakeTime()
    pace = Pace(4, clock=t.clock, sleep=t.sleep)
    for _ in range(3):
        pace.wait()
        t.now += 1.0
    assert t.slept == []


def test_zero_means_no_pacing() -> None:
    t = FakeTime()
    pace = Pace(0, clock=t.clock, sleep=t.sleep)
    for _ in range(10):
        pace.wait()
    assert t.slept == []
