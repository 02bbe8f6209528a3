"""Running the processes: worker (inbox worker + outbox sender), clock, and the embedded
all-in-one `serve` that runs them beside the web app in one process."""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask

from bot import create_app
from bot.config import Settings
from bot.sender import OutboxSender
from bot.services import Services
from bot.worker import InboxWorker
from linefake.server import FakeLine
from models.session import Database
from scheduler.clock import make_scheduler

log = logging.getLogger(__name__)


@dataclass
class Background:
    """The worker and sender threads of one process, stopped together."""

    services: Services
    inbox_wake: threading.Event = field(default_factory=threading.Event)
    stop_event: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)
    sender: OutboxSender | None = None

    def start(self) -> Background:
        settings = self.services.settings
        queue_options = dict(lease_seconds=settings.lease_seconds,
                             max_attempts=settings.max_attempts,
                             poll_seconds=settings.poll_seconds,
                             clock=self.services.clock.now)
        self.sender = OutboxSender(self.services, **queue_options)
        loops = [self.sender]
        for _ in range(settings.worker_threads):
            loops.append(InboxWorker(self.services, outbox_wake=self.sender.wake,
                                     wake=self.inbox_wake, **queue_options))
        for loop in loops:
            thread = threading.Thread(target=loop.run, args=(self.stop_event,),
                                      name=loop.kind, daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    def stop(self) -> None:
        self.stop_event.set()
        self.inbox_wake.set()
        if self.sender is not None:
            self.sender.wake.set()
        for thread in self.threads:
            thread.join(timeout=10)
        if self.sender is not None:
            self.sender.shutdown()


def warm_up() -> None:
    """Load PyThaiNLP's dictionary now, not on the first leader's message."""
    import classifier

    classifier.warm_up()


def run_worker(settings: Settings) -> None:
    warm_up()
    services = Services.from_settings(settings)
    background = Background(services).start()
    log.info("worker running: %s", settings)
    try:
        background.stop_event.wait()
    except KeyboardInterrupt:
        pass
    finally:
        background.stop()
        services.close()


def run_clock(settings: Settings) -> None:
    db = Database(settings.database_url)
    scheduler = make_scheduler(db)
    scheduler.start()
    log.info("clock running")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        scheduler.shutdown()


def simulator_settings(settings: Settings, var_dir: Path) -> tuple[Settings, FakeLine]:
    """Start the fake LINE platform in this process and point the bot at it."""
    secret, token = secrets.token_hex(16), secrets.token_hex(24)
    fake = FakeLine(access_token=token)
    base = fake.start()
    var_dir.mkdir(parents=True, exist_ok=True)
    info = var_dir / "simulator.json"
    # Local, throw-away credentials for the loopback fake: written for tools, never logged.
    info.write_text(json.dumps({"line_api_base": base, "channel_secret": secret,
                                "access_token": token}))
    os.chmod(info, 0o600)
    return settings.with_line(base, secret, token), fake


def serve(settings: Settings, host: str = "127.0.0.1") -> None:
    from werkzeug.serving import make_server

    fake: FakeLine | None = None
    if settings.simulator:
        settings, fake = simulator_settings(settings, Path("var"))
    warm_up()
    app: Flask = create_app(settings)
    services = Services.from_settings(settings)  # its own engine: background priority
    if fake is not None:
        from bot.richmenu.setup import setup_rich_menus
        from bot.simulator import init_app as mount_simulator

        mount_simulator(app, fake, services)
        with services.db.transaction() as session:  # the fake is on loopback: quick
            setup_rich_menus(services.line, session)
    background = Background(services, inbox_wake=app.extensions["inbox_wake"]).start()
    scheduler = make_scheduler(services.db)
    scheduler.start()
    server = make_server(host, settings.port, app, threaded=True)
    url = f"http://{host}:{settings.port}"
    print(f"cddbot is running at {url} (webhook: {url}/callback, health: {url}/healthz)",
          flush=True)
    if fake is not None:
        print(f"simulator mode: no LINE account needed; fake LINE platform at {fake.base_url}"
              " (credentials in var/simulator.json)", flush=True)
        print(f"open the LINE simulator: {url}/simulator/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        scheduler.shutdown(wait=False)
        background.stop()
        services.close()
        if fake is not None:
            fake.stop()
