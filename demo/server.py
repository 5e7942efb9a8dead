"""A small HTTP server for the demo site: serves demo/site/ on 127.0.0.1 with the exact
Content-Type headers of demo/site/_headers.json, so that pages arrive declared (or not) the
way real Japanese sites declare them. Used by `load_demo` and by the tests."""

from __future__ import annotations

import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent / "site"
BASE_URL_PLACEHOLDER = b"{BASE_URL}"


class DemoSite:
    """Serve `site_dir` on an ephemeral port of 127.0.0.1 in a background thread."""

    def __init__(self, site_dir: Path = SITE_DIR, host: str = "127.0.0.1", port: int = 0) -> None:
        self.site_dir = site_dir
        self.headers = self.site_headers(site_dir)
        self.requests: list[str] = []
        handler = self._handler_class()
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @staticmethod
    def site_headers(site_dir: Path = SITE_DIR) -> dict[str, str]:
        """Page name -> the Content-Type it is served with."""
        headers: dict[str, str] = json.loads(
            (site_dir / "_headers.json").read_text(encoding="utf-8")
        )
        return headers

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, name: str) -> str:
        return f"{self.base_url}/{name.lstrip('/')}"

    def start(self) -> DemoSite:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> DemoSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def render(self, name: str, query: str, body: bytes) -> bytes:
        """The page as served; a subclass may vary it by query (the benchmark does)."""
        return body

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                path_part, _, query = self.path.partition("?")
                name = path_part.lstrip("/")
                site.requests.append(name)
                content_type = site.headers.get(name)
                path = site.site_dir / name
                if content_type is None or not path.is_file():
                    self.send_error(HTTPStatus.NOT_FOUND)
                    return
                body = path.read_bytes().replace(BASE_URL_PLACEHOLDER, site.base_url.encode())
                body = site.render(name, query, body)
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler
