"""Issue #4's budget: from the last event of a text + 5 photo burst to the receipt that
carries the photos reaching LINE, with LINE's content API answering in 100 ms a photo.

The whole bot runs in this process (web app on a loopback port, inbox worker, outbox sender)
against the fake LINE platform, so one monotonic clock times both ends. Baseline, same run:
the same bursts with the content API answering at once, i.e. the bot's own overhead."""

from __future__ import annotations

import secrets
import statistics
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from bot import create_app
from bot.config import Settings
from bot.runtime import Background, warm_up
from bot.services import Services
from handlers.texts import PDPA_NOTICE_VERSION
from linefake.server import FakeLine
from linefake.webhook import image_event, new_message_id, signed_webhook, text_event
from models.base import utcnow
from models.divisions import Centre
from models.members import Member
from models.migrate import upgrade
from models.seed import seed_divisions
from models.session import Database

BURSTS = 40
PHOTOS = 5
CONTENT_DELAY = 0.1
BUDGET_P95 = 1.0
TEXT = "วันนี้ประชุมคณะกรรมการศูนย์ฯ ประจำเดือน ร่วมกับ อบต. วางแผนงาน ผู้เข้าร่วม 18 คน"


def _jpeg(seed: int) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (seed % 256, (seed * 7) % 256, 90)).save(buffer, "JPEG")
    return buffer.getvalue()


class Harness:
    def __init__(self, workdir: Path) -> None:
        self.fake = FakeLine(access_token=secrets.token_hex(16))
        self.fake.start()
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        upgrade(url)
        self.db = Database(url)
        with self.db.transaction() as session:
            seed_divisions(session, ["43"])
        self.settings = Settings.from_env({
            "LINE_CHANNEL_SECRET": secrets.token_hex(16),
            "LINE_CHANNEL_ACCESS_TOKEN": self.fake.access_token,
            "LINE_API_BASE": self.fake.base_url, "DATABASE_URL": url,
            "MEDIA_DIR": str(workdir / "media"), "POLL_SECONDS": "0.05",
        })
        from werkzeug.serving import make_server

        app = create_app(self.settings, db=self.db)
        self.services = Services.from_settings(self.settings, db=self.db)
        self.background = Background(self.services,
                                     inbox_wake=app.extensions["inbox_wake"]).start()
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/callback"

    def leader(self) -> str:
        with self.db.transaction() as session:
            centre = session.query(Centre).first()
            assert centre is not None
            user = "U" + uuid.uuid4().hex
            session.add(Member(line_user_id=user, role="leader", centre_id=centre.id,
                               status="active", display_name="ผู้นำทดสอบ",
                               consented_at=utcnow(), consent_version=PDPA_NOTICE_VERSION))
        return user

    def post(self, event: dict[str, Any]) -> None:
        body, headers = signed_webhook(self.settings.channel_secret, [event])
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200

    def burst(self, n: int) -> float:
        """Seconds from the last event of one burst to its photo receipt at LINE."""
        user = self.leader()
        self.post(text_event(user, TEXT, self.fake.issue_reply_token(user)))
        set_id = uuid.uuid4().hex
        last = 0.0
        for i in range(PHOTOS):
            message_id = new_message_id()
            self.fake.put_content(message_id, _jpeg(n * 10 + i), "image/jpeg")
            event = image_event(user, message_id, self.fake.issue_reply_token(user),
                                image_set=(set_id, i + 1, PHOTOS))
            last = time.monotonic()
            self.post(event)
        [_, receipt] = self.fake.wait_for_messages(2, to=user, timeout=30)
        return float(receipt["at"]) - last

    def close(self) -> None:
        self.server.shutdown()
        self.background.stop()
        self.services.close()
        self.fake.stop()


def measure(content_delay: float) -> list[float]:
    with tempfile.TemporaryDirectory() as workdir:
        harness = Harness(Path(workdir))
        try:
            harness.fake.set_delay(content_delay, "content")
            return [harness.burst(n) for n in range(BURSTS)]
        finally:
            harness.close()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def run() -> list[dict[str, Any]]:
    warm_up()
    slow = measure(CONTENT_DELAY)
    instant = measure(0.0)
    return [
        {"name": f"burst: last event -> receipt p95 (text + {PHOTOS} photos, content 100 ms)",
         "value": round(p95(slow), 3), "unit": "s", "budget": f"< {BUDGET_P95}",
         "baseline": round(p95(instant), 3), "ok": p95(slow) < BUDGET_P95},
        {"name": "burst: last event -> receipt p50", "value": round(statistics.median(slow), 3),
         "unit": "s", "budget": "-", "baseline": round(statistics.median(instant), 3),
         "ok": True},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
