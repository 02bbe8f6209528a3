"""Signed, expiring links to a monthly report file.

The link itself is the permission: it names one area and one month, and an HMAC-SHA256 over
those and its expiry proves the bot made it. Nothing is stored, so there is no list of files
to find and no file name to guess; the web process checks the link and builds the file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import urlencode

from models.stats import Level, Month, Scope

PATH = "/exports/monthly.xlsx"
# Names this use of the key, so that a signature made for anything else never passes here.
PURPOSE = b"cddbot monthly export v1"

FIELDS = ("level", "code", "month", "expires")  # signed, in this order
# ASCII digits only: Python's \d would also take Thai digits.
CODE_SHAPES: dict[str, re.Pattern[str]] = {
    "country": re.compile("TH"), "province": re.compile("[0-9]{2}"),
    "district": re.compile("[0-9]{4}")}
LEVELS: dict[str, Level] = {"country": "country", "province": "province",
                            "district": "district"}
MONTH_SHAPE = re.compile("[0-9]{4}-(0[1-9]|1[0-2])")
EXPIRY_SHAPE = re.compile("[1-9][0-9]{0,11}")
SIGNATURE_SHAPE = re.compile("[A-Za-z0-9_-]{43}")  # 32 bytes, base64url without padding


def export_link(base_url: str, key: bytes, scope: Scope, month: Month,
                expires_at: datetime) -> str:
    """The URL that serves `month`'s report file of `scope` until `expires_at`."""
    if expires_at.tzinfo is None:
        raise ValueError("expires_at must be timezone-aware")
    params = {"level": scope.level, "code": scope.code,
              "month": f"{month.year:04d}-{month.month:02d}",
              "expires": str(int(expires_at.timestamp()))}
    if _signed_fields(params) is None:
        raise ValueError(f"cannot sign a link for {scope} {month}")
    params["sig"] = _signature(key, params)
    return f"{base_url.rstrip('/')}{PATH}?{urlencode(params)}"


def check_export(key: bytes, query_params: Mapping[str, str],
                 now: datetime) -> tuple[Scope, Month] | None:
    """The area and month a link grants, or None if it was not made with `key`, was changed,
    or has expired at `now`. Any deviation from the exact form export_link writes fails."""
    params = _signed_fields(query_params)
    given = query_params.get("sig")
    if params is None or given is None or not SIGNATURE_SHAPE.fullmatch(given):
        return None
    if not hmac.compare_digest(_signature(key, params).encode(), given.encode()):
        return None
    if now.timestamp() >= int(params["expires"]):
        return None
    year, month = params["month"].split("-")
    scope = Scope(LEVELS[params["level"]], params["code"])
    return scope, Month(int(year), int(month))


def _signed_fields(query_params: Mapping[str, str]) -> dict[str, str] | None:
    """The four signed fields, if each is present and in the one form export_link writes."""
    fields = {name: query_params.get(name) for name in FIELDS}
    level, code = fields["level"], fields["code"]
    if level not in CODE_SHAPES or code is None or not CODE_SHAPES[level].fullmatch(code):
        return None
    if not (MONTH_SHAPE.fullmatch(fields["month"] or "")
            and EXPIRY_SHAPE.fullmatch(fields["expires"] or "")):
        return None
    return {name: value for name, value in fields.items() if value is not None}


def _signature(key: bytes, params: Mapping[str, str]) -> str:
    # Fields joined by a newline, which none of them may contain: no two different links
    # sign the same bytes.
    message = b"\n".join([PURPOSE, *(params[name].encode() for name in FIELDS)])
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
