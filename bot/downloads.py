"""GET /exports/monthly.xlsx: the monthly report file behind a signed, expiring link.

The link is the permission (reporting.links): the signature and expiry are checked against
the app's clock, then the file is built from the database for that one area and month. No
file is stored, and nothing under /exports lists or names any.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, request
from markupsafe import escape

from bot.clock import Clock
from bot.config import Settings
from models import stats
from models.session import Database
from reporting import texts
from reporting.links import check_export
from thaitext.time import thai_date

bp = Blueprint("downloads", __name__, url_prefix="/exports")
log = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",  # a report holds people's names: no copy in any cache
    "Referrer-Policy": "no-referrer",  # the signed link must not leak to another site
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                               "frame-ancestors 'none'",
}
PAGE = """<!doctype html>
<html lang="th"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;
line-height:1.6}}</style></head>
<body><h1>{title}</h1><p>{text}</p></body></html>
"""


@bp.get("/monthly.xlsx")
def monthly() -> Response:
    settings: Settings = current_app.extensions["settings"]
    clock: Clock = current_app.extensions["clock"]
    now = clock.now()
    granted = check_export(settings.secret_key.encode(), request.args, now)
    if granted is None:
        log.info("a monthly export link was refused (tampered or expired)")
        return page(403, texts.LINK_REFUSED_TITLE, texts.LINK_REFUSED)
    scope, month = granted
    # Imported here: openpyxl is some 300 modules that only a download needs, and every web
    # and worker process would otherwise load them at start.
    from reporting.workbook import CONTENT_TYPE, file_name, monthly_workbook

    db: Database = current_app.extensions["db"]
    with db.sessions() as session:
        try:
            summary = stats.summary(session, scope, month)
        except ValueError:  # signed for an area this database no longer has
            return page(404, texts.NOT_FOUND_TITLE, texts.AREA_GONE)
        lines = stats.report_lines(session, scope, month)
        missing = stats.not_reported(session, scope, month)
    body = monthly_workbook(summary, lines, missing, as_of=thai_date(now))
    name = file_name(scope.code, month.year, month.month)
    log.info("monthly export %s sent (%d reports, %d bytes)", name, len(lines), len(body))
    response = Response(body, mimetype=CONTENT_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
def anything_else(path: str) -> Response:
    """Every other address under /exports: the same short answer, whatever exists."""
    return page(404, texts.NOT_FOUND_TITLE, texts.NOT_FOUND)


@bp.after_request
def security_headers(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response


def page(status: int, title: str, text: str) -> Response:
    html = PAGE.format(title=escape(title), text=escape(text))
    return Response(html, status=status, mimetype="text/html")
