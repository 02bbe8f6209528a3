"""Running the processes: worker (inbox worker + outbox sender), clock, and the embedded
all-in-one `serve` that runs them beside the web app in one process."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import secrets
import signal
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from bot import create_app
from bot.config import Settings
from bot.media import MediaStore, media_store
from bot.queue import QueueLoop, Wake
from bot.sender import OutboxSender
from bot.services import Services
from bot.worker import InboxWorker
from linefake.server import FakeLine
from scheduler.clock import ReminderSetup, make_scheduler
from scheduler.housekeeping import Retention

log = logging.getLogger(__name__)


def queue_options(services: Services) -> dict[str, Any]:
    settings = services.settings
    return dict(lease_seconds=settings.lease_seconds, max_attempts=settings.max_attempts,
                poll_seconds=settings.poll_seconds, clock=services.clock.now)


@dataclass
class Background:
    """The worker and sender threads of one process, stopped together. Without
    `with_sender`, the sender runs elsewhere and `outbox_wake` reaches it."""

    services: Services
    inbox_wake: threading.Event = field(default_factory=threading.Event)
    stop_event: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)
    with_sender: bool = True
    outbox_wake: Wake = field(default_factory=threading.Event)
    sender: OutboxSender | None = None

    def start(self) -> Background:
        loops: list[QueueLoop[Any]] = []
        if self.with_sender:
            self.sender = OutboxSender(self.services, wake=self.outbox_wake,
                                       **queue_options(self.services))
            loops.append(self.sender)
        for _ in range(self.services.settings.worker_threads):
            loops.append(InboxWorker(self.services, outbox_wake=self.outbox_wake,
                                     wake=self.inbox_wake, **queue_options(self.services)))
        for loop in loops:
            thread = threading.Thread(target=loop.run, args=(self.stop_event,),
                                      name=loop.kind, daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    def stop(self) -> None:
        self.stop_event.set()
        self.inbox_wake.set()
        self.outbox_wake.set()
        for thread in self.threads:
            thread.join(timeout=10)
        if self.sender is not None:
            self.sender.shutdown()


def warm_up() -> None:
    """Load PyThaiNLP's dictionary now, not on the first leader's message."""
    import classifier

    classifier.warm_up()


def stop_on_sigterm(stop: threading.Event) -> None:
    signal.signal(signal.SIGTERM, lambda *_: stop.set())


def run_worker(settings: Settings) -> None:
    """The inbox worker in this process, the outbox sender in a child process: each has an
    interpreter lock of its own, so a worker busy classifying never slows the sends, and
    sender threads never keep the worker waiting while it holds SQLite's write lock."""
    spawn = multiprocessing.get_context("spawn")  # a clean child: no threads, no engines
    outbox_wake = spawn.Event()
    sender = spawn.Process(target=run_sender, args=(settings, outbox_wake, os.getpid()),
                           name="cddbot-sender")
    sender.start()
    warm_up()
    services = Services.from_settings(settings)
    background = Background(services, with_sender=False, outbox_wake=outbox_wake)
    stop_on_sigterm(background.stop_event)
    background.start()
    log.info("worker running (outbox sender: process %s): %s", sender.pid, settings)
    failed = False
    try:
        while not background.stop_event.wait(1.0):
            if not sender.is_alive():
                log.error("the outbox sender exited with %s: stopping", sender.exitcode)
                failed = True
                break
    except KeyboardInterrupt:
        pass
    finally:
        background.stop()
        sender.terminate()  # SIGTERM: it finishes the sends under way
        sender.join(timeout=30)
        services.close()
    if failed:
        raise SystemExit(1)


def run_sender(settings: Settings, wake: Wake, parent_pid: int) -> None:
    """The outbox sender's process; it stops when told to or when its worker is gone."""
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    services = Services.from_settings(settings)
    stop = threading.Event()
    stop_on_sigterm(stop)
    sender = OutboxSender(services, wake=wake, **queue_options(services))
    thread = threading.Thread(target=sender.run, args=(stop,), name="sender")
    thread.start()
    try:
        while not stop.wait(0.5):
            if os.getppid() != parent_pid:
                log.error("the worker process is gone: the sender stops too")
                break
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        wake.set()
        thread.join(timeout=30)
        sender.shutdown()
        services.close()


def reminder_setup(services: Services) -> ReminderSetup:
    settings = services.settings
    return ReminderSetup(settings.reminders, settings.provinces, services.line.quota_left,
                         settings.reminder_poll_seconds)


def retention(settings: Settings, media: MediaStore | None = None) -> Retention:
    """What the clock purges and when (INBOX_RETENTION_DAYS, REPORT_RETENTION_YEARS), and
    the store its photos are deleted from (by default the one the settings name)."""
    store = media if media is not None else media_store(settings)
    return Retention(remove_files=store.delete,
                     queues=timedelta(days=settings.inbox_retention_days),
                     report_years=settings.report_retention_years)


def run_clock(settings: Settings) -> None:
    services = Services.from_settings(settings)
    scheduler = make_scheduler(services.db, services.clock.now, reminder_setup(services),
                               retention(settings, services.media))
    scheduler.start()
    log.info("clock running")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        scheduler.shutdown()
        services.close()


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
    services = Services.from_settings(settings)  # its own engine: background priority
    # One clock for the web and the background: the simulator moves it, and a link the
    # worker signs must not look expired to the web.
    app: Flask = create_app(settings, clock=services.clock)
    if fake is not None:
        from bot.richmenu.setup import setup_rich_menus
        from bot.simulator import init_app as mount_simulator

        mount_simulator(app, fake, services)
        with services.db.transaction() as session:  # the fake is on loopback: quick
            setup_rich_menus(services.line, session)
    background = Background(services, inbox_wake=app.extensions["inbox_wake"]).start()
    scheduler = make_scheduler(services.db, services.clock.now, reminder_setup(services),
                               retention(settings, services.media))
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
