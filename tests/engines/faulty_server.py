"""A real HTTP server on 127.0.0.1 that misbehaves on request, for fetcher and task tests.

    server = FaultyServer().start()
    server.url("/ok")          # -> "http://127.0.0.1:<port>/ok"
    server.routes["/mine"] = lambda request: request.send_text(200, "text/html", "<p>…</p>")
    server.stop()

Every route is a function taking the live :class:`FaultyRequestHandler`. Requests are recorded
in ``server.requests`` (path and headers) so tests can assert what reached the wire. No pytest
import: the Celery tests reuse it as ``tests.engines.faulty_server``.
"""

from __future__ import annotations

import functools
import gzip
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli

Route = Callable[["FaultyRequestHandler"], None]

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>停戦協議の記事｜試験新聞</title></head>
<body><article><h1>停戦協議の記事</h1>
<p>米ロの外相が2月18日にリヤドで会い、今後の協議の進め方を話し合った。</p></article></body></html>
"""
ROBOTS_TXT = "User-agent: *\nDisallow: /private/\n"
ETAG = '"rev-7"'
LAST_MODIFIED = "Mon, 10 Feb 2025 09:00:00 GMT"
SLOW_SECONDS = 2.0
HUGE_BYTES = 2_000_000
# A decompression bomb: a few kilobytes on the wire that expand to this many bytes of zeros.
BOMB_EXPANDED_BYTES = 512 * 1024 * 1024


@functools.cache
def bomb_body(encoding: str) -> bytes:
    """BOMB_EXPANDED_BYTES of zeros under `encoding` ("gzip, gzip" or "br"), built by streaming."""
    zeros = bytes(1024 * 1024)
    steps = BOMB_EXPANDED_BYTES // len(zeros)
    if encoding == "br":
        compressor = brotli.Compressor(quality=5)
        parts = [compressor.process(zeros) for _ in range(steps)]
        return b"".join(parts) + compressor.finish()
    inner = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    layer = b"".join(inner.compress(zeros) for _ in range(steps)) + inner.flush()
    for _ in range(encoding.count(",")):
        layer = gzip.compress(layer, compresslevel=9)
    return layer


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    headers: dict[str, str]


class FaultyRequestHandler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # the name http.server dispatches to
        path = self.path.split("?", 1)[0]
        self.server.owner.record(
            RecordedRequest(self.path, {k.lower(): v for k, v in self.headers.items()})
        )
        route = self.server.owner.routes.get(path)
        try:
            if route is None:
                self.send_text(404, "text/plain", "not found")
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (size limit, timeout): what many tests want

    def send_text(
        self,
        status: int,
        content_type: str,
        text: str | bytes,
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        body = text.encode("utf-8") if isinstance(text, str) else text
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_text(status, "text/plain", "", headers={"Location": location})

    def reset_connection(self) -> None:
        """Close with RST instead of FIN: the client sees 'connection reset by peer'."""
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:  # the base class signature
        pass  # keep test output quiet


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: FaultyServer


class FaultyServer:
    """Start on an ephemeral port of 127.0.0.1 in a background thread."""

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = default_routes(self)
        self.routes.update(routes or {})
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> FaultyServer:
        self._server = _Server(("127.0.0.1", 0), FaultyRequestHandler)
        self._server.owner = self
        # A short poll interval keeps stop() (and so each test's teardown) fast.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FaultyServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FaultyServer is not started")
        return int(self._server.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def paths_requested(self) -> list[str]:
        with self._lock:
            return [request.path for request in self.requests]


def default_routes(server: FaultyServer) -> dict[str, Route]:
    def ok(request: FaultyRequestHandler) -> None:
        request.send_text(200, "text/html; charset=utf-8", ARTICLE_HTML)

    def compressed(encoding: str) -> Route:
        def route(request: FaultyRequestHandler) -> None:
            raw = ARTICLE_HTML.encode("utf-8")
            body = gzip.compress(raw) if encoding == "gzip" else brotli.compress(raw)
            headers = {"Content-Encoding": encoding, "Vary": "Accept-Encoding"}
            request.send_text(200, "text/html; charset=utf-8", body, headers=headers)

        return route

    def bomb(encoding: str) -> Route:
        def route(request: FaultyRequestHandler) -> None:
            headers = {"Content-Encoding": encoding}
            request.send_text(200, "text/html; charset=utf-8", bomb_body(encoding), headers=headers)

        return route

    def redirect_to(path: str, status: int = 302) -> Route:
        return lambda request: request.redirect(path, status)

    def too_many_requests(request: FaultyRequestHandler) -> None:
        request.send_text(429, "text/plain", "slow down", headers={"Retry-After": "7"})

    def slow(request: FaultyRequestHandler) -> None:
        time.sleep(SLOW_SECONDS)
        ok(request)

    def reset_mid_body(request: FaultyRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.send_header("Content-Length", "100000")
        request.end_headers()
        request.wfile.write(b"<html><body>" + b"x" * 2000)
        request.reset_connection()

    def truncated(request: FaultyRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.send_header("Content-Length", "5000")
        request.end_headers()
        request.wfile.write(b"<html><body><p>short</p>")
        request.wfile.flush()
        request.close_connection = True
        request.connection.shutdown(socket.SHUT_WR)

    def huge(*, declare_length: bool) -> Route:
        def route(request: FaultyRequestHandler) -> None:
            request.send_response(200)
            request.send_header("Content-Type", "text/html; charset=utf-8")
            if declare_length:
                request.send_header("Content-Length", str(HUGE_BYTES))
            else:
                request.send_header("Transfer-Encoding", "chunked")
            request.end_headers()
            chunk = b"<p>" + b"a" * 16_000 + b"</p>"
            for _ in range(HUGE_BYTES // len(chunk)):
                if declare_length:
                    request.wfile.write(chunk)
                else:
                    request.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            request.close_connection = True

        return route

    def conditional(request: FaultyRequestHandler) -> None:
        validators = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}
        if request.headers.get("If-None-Match") == ETAG:
            request.send_response(304)
            for name, value in validators.items():
                request.send_header(name, value)
            request.end_headers()
            return
        request.send_text(200, "text/html; charset=utf-8", ARTICLE_HTML, headers=validators)

    return {
        "/robots.txt": lambda request: request.send_text(200, "text/plain", ROBOTS_TXT),
        "/ok": ok,
        "/private/page": ok,
        "/gzip": compressed("gzip"),
        "/brotli": compressed("br"),
        "/bomb-gzip-gzip": bomb("gzip, gzip"),
        "/bomb-br": bomb("br"),
        "/redirect/1": redirect_to("/redirect/2", 301),
        "/redirect/2": redirect_to("/redirect/3", 307),
        "/redirect/3": redirect_to("/ok", 302),
        "/loop/a": redirect_to("/loop/b"),
        "/loop/b": redirect_to("/loop/a"),
        "/redirect-private": redirect_to("http://10.255.255.1/internal"),
        "/redirect-robots": redirect_to("/private/page"),
        "/missing": lambda request: request.send_text(404, "text/plain", "gone"),
        "/error": lambda request: request.send_text(500, "text/plain", "boom"),
        "/busy": too_many_requests,
        "/slow": slow,
        "/reset": reset_mid_body,
        "/truncated": truncated,
        "/huge-declared": huge(declare_length=True),
        "/huge-chunked": huge(declare_length=False),
        "/pdf": lambda request: request.send_text(200, "application/pdf", b"%PDF-1.7\n"),
        "/conditional": conditional,
    }
