"""Run the fake standalone: python -m linefake --token T --port P"""

from __future__ import annotations

import argparse
import signal
import threading
from types import FrameType

from .server import FakeLine


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m linefake", description=__doc__)
    parser.add_argument("--token", required=True, help="channel access token the fake accepts")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--quota", type=int, default=500, help="reported monthly message quota")
    args = parser.parse_args(argv)

    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    # SIGTERM as well as Ctrl-C, so a benchmark can end the process cleanly.
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with FakeLine(args.token, host=args.host, port=args.port, quota=args.quota) as fake:
        print(fake.base_url, flush=True)
        while not stop.wait(0.5):
            pass


if __name__ == "__main__":
    main()
