"""The edge of the system: app factory, config, webhook, LINE client, worker and sender loops,
CLI. Nothing in here decides what to say."""

from __future__ import annotations

import logging
import threading

from flask import Flask, Response, request
from linebot.v3.webhook import SignatureValidator

from bot.clock import Clock
from bot.config import Settings
from models.session import Database

MAX_WEBHOOK_BYTES = 1024 * 1024
# On every response. Nothing the web app serves may be framed, sniffed into another type,
# or leak its address (a signed link) to another site; pages load nothing from elsewhere.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; base-uri 'none'; form-action 'none'; "
                               "frame-ancestors 'none'",
}
# The simulator's page runs its own scripts, styles and images, and calls its own API.
SIMULATOR_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                 "connect-src 'self'; base-uri 'none'; form-action 'self'; "
                 "frame-ancestors 'none'")


def create_app(settings: Settings | None = None, db: Database | None = None,
               clock: Clock | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__, static_folder=None)  # serves no files but the simulator's own
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
    app.after_request(security_headers)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    return app


def security_headers(response: Response) -> Response:
    """Runs after a blueprint's own (downloads sets stricter ones): those stay."""
    headers = dict(SECURITY_HEADERS)
    if request.blueprint == "simulator":
        headers["Content-Security-Policy"] = SIMULATOR_CSP
    for name, value in headers.items():
        response.headers.setdefault(name, value)
    return response
