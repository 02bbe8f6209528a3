"""A LINE-like chat page for training and demos, served by the bot itself in simulator mode.

Every action a trainer takes becomes a LINE event, signed with the channel secret and POSTed
over HTTP to the bot's own /callback; the bot's answers are read back from the fake LINE
platform. Only `cddbot serve` without LINE credentials may mount it: it hands out join and
invite codes to whoever opens the page."""

from __future__ import annotations

from flask import Flask

from bot.services import Services
from linefake.server import FakeLine


class SimulatorRefused(AssertionError):
    """The simulator was asked for outside simulator mode."""


def init_app(app: Flask, fake: FakeLine, services: Services) -> None:
    # Explicit, not `assert`: this must hold even under python -O.
    if not services.settings.simulator or services.settings.api_base != fake.base_url:
        raise SimulatorRefused(
            "the simulator runs only in simulator mode (no LINE credentials), against the "
            "fake LINE platform started by `cddbot serve`")
    from bot.simulator import chat_api, richmenu, setup_api  # noqa: F401  (routes)
    from bot.simulator.state import SimulatorState
    from bot.simulator.web import bp

    app.extensions["simulator"] = SimulatorState(fake=fake, services=services)
    app.register_blueprint(bp)
