"""The demo site served by Ronten itself under /demo/site/, so the demo feed and every demo
source link stay valid across restarts of `make run` (no separate server on a passing port)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from demo.server import BASE_URL_PLACEHOLDER, SITE_DIR, DemoSite

DEMO_PATH = "/demo/site"


@require_GET
def page(request: HttpRequest, name: str) -> HttpResponse:
    """One page of demo/site/, with the Content-Type its _headers.json gives it."""
    headers = DemoSite.site_headers()
    path = (SITE_DIR / name).resolve()
    if name not in headers or path.parent != SITE_DIR.resolve() or not path.is_file():
        raise Http404(name)
    base = request.build_absolute_uri(DEMO_PATH).encode()
    body = path.read_bytes().replace(BASE_URL_PLACEHOLDER, base)
    return HttpResponse(body, headers={"Content-Type": headers[name]})
