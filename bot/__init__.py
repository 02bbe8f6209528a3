"""The edge of the system: app factory, config, webhook, LINE client, worker and sender loops,
CLI. Nothing in here decides what to say."""

from __future__ import annotations

import logging
import threading

from flask import Flask
from linebot.v3.webhook import SignatureValidator

from bot.config import Settings
from models.session import Database

MAX_WEBHOOK_BYTES = 1024 * 1024


def create_app(settings: Settings | None = None, db: Database | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_WEBHOOK_BYTES
    app.extensions["settings"] = settings
    app.extensions["db"] = db or Database(settings.database_url, role="web")
    app.extensions["signature_validator"] = SignatureValidator(settings.channel_secret)
    # Set after each stored webhook, so an in-process worker starts at once instead of polling.
    app.extensions["inbox_wake"] = threading.Event()

    from bot import health, webhook

    app.register_blueprint(webhook.bp)
    app.register_blueprint(health.bp)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    return app
