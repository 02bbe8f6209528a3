"""The simulator's blueprint, its page, and what every endpoint shares."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from bot.simulator.state import SimulatorState

bp = Blueprint("simulator", __name__, url_prefix="/simulator", template_folder="templates",
               static_folder="static", static_url_path="/static")

# Browsers cannot add a custom header to a cross-site request without asking first (CORS
# preflight, which we never grant), so this header keeps other web pages from acting here.
GUARD_HEADER = "X-Simulator"


class BadInput(ValueError):
    """A request the simulator cannot act on; its message is shown to the trainer (Thai)."""


def state() -> SimulatorState:
    found: SimulatorState = current_app.extensions["simulator"]
    return found


def body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadInput("ข้อมูลที่ส่งมาไม่ใช่ JSON")
    return data


def field(data: dict[str, Any], name: str, limit: int = 5000) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise BadInput(f"ไม่ได้ระบุ {name}")
    if len(value) > limit:
        raise BadInput(f"{name} ยาวเกินไป")
    return value


@bp.before_request
def guard() -> ResponseReturnValue | None:
    if request.method == "POST" and request.headers.get(GUARD_HEADER) != "1":
        return jsonify(error="คำขอนี้ต้องมาจากหน้าเครื่องจำลอง"), 403
    return None


@bp.errorhandler(BadInput)
def bad_input(exc: BadInput) -> ResponseReturnValue:
    return jsonify(error=str(exc)), 400


# Only "/simulator/" (Flask redirects "/simulator" here), so the page's relative "api/..."
# URLs resolve under the blueprint.
@bp.get("/")
def page() -> ResponseReturnValue:
    return render_template("simulator/chat.html")
