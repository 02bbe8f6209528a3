"""FakeLine: the fake platform served over HTTP/1.1 on loopback."""

from __future__ import annotations

import socket
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .control import PREFIX, ControlApi
from .models import Response
from .platform import Platform


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Keep-alive handler threads sit in recv(); never let stop() wait for them.
    block_on_close = False
    # socketserver's default backlog of 5 makes bursts of clients wait ~1 s for SYN retries.
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], fake: FakeLine) -> None:
        self.fake = fake
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.connections_lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        with self.connections_lock:
            open_now = list(self.connections)
        for conn in open_now:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by the peer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Buffered, so headers and body leave in one segment instead of two small ones.
    wbufsize = -1
    server: _Server

    def do_GET(self) -> None:
        self._dispatch()

    do_POST = do_GET
    do_DELETE = do_GET
    do_PUT = do_GET

    def setup(self) -> None:
        super().setup()
        # Without this, Nagle plus delayed ACKs add ~40 ms to every keep-alive request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the call log replaces stderr noise

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _dispatch(self) -> None:
        raw = self._read_body()
        url = urlsplit(self.path)
        query = dict(parse_qsl(url.query))
        headers = {k.lower(): v for k, v in self.headers.items()}
        fake = self.server.fake
        response: Response | None
        try:
            if url.path.startswith(PREFIX):
                response = fake.control.handle(self.command, url.path, query, headers, raw)
            else:
                response = fake.handle(self.command, url.path, query, headers, raw)
        except Exception as exc:
            # A bug in the fake must read as such, not as a LINE outage the bot should survive.
            traceback.print_exc()
            response = Response.error(500, f"linefake internal error: {exc!r}")
        if response is None:
            self.close_connection = True  # deliberately unanswered ("hang")
            return
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)
        self.wfile.flush()


class FakeLine(Platform):
    """A fake LINE Messaging API (api.line.me and api-data.line.me paths) on one port.

    Usage::

        with FakeLine("token") as fake:
            config = Configuration(host=fake.base_url, access_token="token")
    """

    def __init__(
        self, access_token: str, host: str = "127.0.0.1", port: int = 0, quota: int = 500
    ) -> None:
        super().__init__(access_token, quota)
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.control = ControlApi(self)

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeLine is not running; call start() first")
        host, port = self._server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        return f"http://{name}:{port}"

    def start(self) -> str:
        if self._server is not None:
            return self.base_url
        self._stopping.clear()
        self._server = _Server(self._address, self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name="linefake",
            daemon=True,
        )
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.drop_connections()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeLine:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
