"""A fake LINE Messaging API platform on loopback, for tests, benchmarks and the simulator."""

from .models import Call
from .remote import FakeLineRemote
from .server import FakeLine

__all__ = ["Call", "FakeLine", "FakeLineRemote"]
