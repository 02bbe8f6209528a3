"""The edge of the system: app factory, config, webhook, LINE client, worker and sender loops,
CLI. Nothing in here decides what to say."""

from __future__ import annotations

import logging
import threading

from flask import Flask
from linebot.v3.webhook import SignatureValidator

from bot.clock import Clock
from bot.config import Settings
from models.session import Database

MAX_WEBHOOK_BYTES = 1024 * 1024


def create_app(settings: Settings | None = None, db: Database | None = None,
               clock: Clock | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_WEBHOOK_BYTES
    app.extensions["settings"] = settings
    app.extensions["db"] = db or Database(settings.database_url, role="web")
    app.extensions["signature_validator"] = SignatureValidator(settings.channel_secret)
    # Set after each stored webhook, so an in-process worker starts at once instead of polling.
    app.extensions["inbox_wake"] = threading.Event()
    # What the web process takes for now (download links expire by it); share the worker's
    # clock to move both together, as the simulator and tests do.
    app.extensions["clock"] = clock or Clock()

    from bot import downloads, health, webhook

    app.register_blueprint(webhook.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(downloads.bp)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    return app
