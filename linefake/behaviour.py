"""Misbehaviour the tests can order: slowness, failures, hangs and rate limits."""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from dataclasses import dataclass

ENDPOINTS = frozenset(
    {"reply", "push", "multicast", "content", "profile", "loading", "quota", "richmenu"}
)

RATE_LIMIT_MESSAGE = "The API rate limit has been exceeded. Try again later."


def check_endpoint(endpoint: str) -> str:
    if endpoint not in ENDPOINTS:
        raise ValueError(f"unknown endpoint {endpoint!r}; expected one of {sorted(ENDPOINTS)}")
    return endpoint


@dataclass(frozen=True)
class Failure:
    status: int
    retry_after: int | None = None


@dataclass(frozen=True)
class _RandomFailure:
    rate: float
    failure: Failure
    seed: int | str


@dataclass(frozen=True)
class Plan:
    """What to do with one request before the real work happens."""

    delay: float = 0.0
    hang: float | None = None  # seconds to stall before dropping the connection unanswered
    failure: Failure | None = None


class Behaviour:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._default_delay = 0.0
        self._delays: dict[str, float] = {}
        self._failures: dict[str, deque[Failure]] = {}
        self._hangs: dict[str, deque[float]] = {}
        self._limits: dict[str, int] = {}
        self._admitted: dict[str, deque[float]] = {}
        self._random: dict[str | None, _RandomFailure] = {}  # None: every endpoint
        self._draws: dict[str, random.Random] = {}

    def reset(self) -> None:
        with self._lock:
            self._default_delay = 0.0
            self._delays.clear()
            self._failures.clear()
            self._hangs.clear()
            self._limits.clear()
            self._admitted.clear()
            self._random.clear()
            self._draws.clear()

    def set_delay(self, seconds: float, endpoint: str | None = None) -> None:
        if seconds < 0:
            raise ValueError("delay must be >= 0")
        with self._lock:
            if endpoint is None:
                self._default_delay = seconds
            else:
                self._delays[check_endpoint(endpoint)] = seconds

    def fail_next(
        self, endpoint: str, status: int, times: int = 1, retry_after: int | None = None
    ) -> None:
        if not 400 <= status <= 599:
            raise ValueError("failure status must be 4xx or 5xx")
        with self._lock:
            queue = self._failures.setdefault(check_endpoint(endpoint), deque())
            queue.extend(Failure(status, retry_after) for _ in range(times))

    def hang(self, endpoint: str, seconds: float, times: int = 1) -> None:
        with self._lock:
            self._hangs.setdefault(check_endpoint(endpoint), deque()).extend([seconds] * times)

    def set_rate_limit(self, endpoint: str, per_second: int | None) -> None:
        with self._lock:
            check_endpoint(endpoint)
            if per_second is None:
                self._limits.pop(endpoint, None)
                self._admitted.pop(endpoint, None)
            else:
                self._limits[endpoint] = per_second
                self._admitted[endpoint] = deque()

    def fail_randomly(
        self,
        rate: float,
        status: int = 429,
        endpoint: str | None = None,
        seed: int | str = 0,
        retry_after: int | None = None,
    ) -> None:
        """Each request to `endpoint` (None: to every endpoint) fails with `status` with
        probability `rate` (0 turns it off). Each endpoint draws from a generator of its own,
        seeded from `seed` and its name, so the n-th request to an endpoint fails or not the
        same way in every run, however requests to other endpoints interleave."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError("rate must be between 0 and 1")
        if not 400 <= status <= 599:
            raise ValueError("failure status must be 4xx or 5xx")
        key = None if endpoint is None else check_endpoint(endpoint)
        with self._lock:
            self._random[key] = _RandomFailure(rate, Failure(status, retry_after), seed)
            for name in list(self._draws):
                if key is None or name == key:
                    del self._draws[name]

    def plan(self, endpoint: str) -> Plan:
        """Consume the queued behaviour for one request to `endpoint`."""
        with self._lock:
            delay = self._delays.get(endpoint, self._default_delay)
            hangs = self._hangs.get(endpoint)
            if hangs:
                return Plan(delay=delay, hang=hangs.popleft())
            failures = self._failures.get(endpoint)
            if failures:
                return Plan(delay=delay, failure=failures.popleft())
            failure = self._random_failure(endpoint)
            if failure is not None:
                return Plan(delay=delay, failure=failure)
            if self._over_limit(endpoint):
                return Plan(delay=delay, failure=Failure(429))
            return Plan(delay=delay)

    def _random_failure(self, endpoint: str) -> Failure | None:
        setting = self._random.get(endpoint) or self._random.get(None)
        if setting is None or setting.rate == 0.0:
            return None
        draws = self._draws.get(endpoint)
        if draws is None:
            draws = self._draws[endpoint] = random.Random(f"{setting.seed}/{endpoint}")
        return setting.failure if draws.random() < setting.rate else None

    def _over_limit(self, endpoint: str) -> bool:
        limit = self._limits.get(endpoint)
        if limit is None:
            return False
        admitted = self._admitted[endpoint]
        now = time.monotonic()
        while admitted and now - admitted[0] >= 1.0:
            admitted.popleft()
        if len(admitted) >= limit:
            return True  # refused requests do not use up the window, as with LINE
        admitted.append(now)
        return False
