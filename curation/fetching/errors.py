"""Exceptions raised by the fetcher.

Each carries a short machine-readable ``reason`` (stored on the Feed/Article row) and a clear
human message; ``transient`` tells the Celery task whether retrying later can help.
"""

from __future__ import annotations


class FetchError(Exception):
    """Base class of every fetch failure."""

    reason: str = "fetch_error"
    transient: bool = False

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class UnsafeURL(FetchError):
    """The SSRF guard refused the URL (bad scheme, or a non-public address not allow-listed)."""

    reason = "unsafe_url"


class HTTPStatusError(FetchError):
    """The server answered with an error status (4xx/5xx)."""

    reason = "http_status"

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        retry_after: float | None = None,
        url: str | None = None,
    ) -> None:
        super().__init__(message, url=url)
        self.status_code = status_code
        self.retry_after = retry_after
        # 429 and 5xx are the server's way of saying "later"; other 4xx will not change.
        self.transient = status_code == 429 or status_code >= 500
        self.reason = f"http_{status_code}"


class FetchTimeout(FetchError):
    reason = "timeout"
    transient = True


class ConnectionFailed(FetchError):
    """Reset, refused, DNS failure or a body cut short by the peer."""

    reason = "connection_failed"
    transient = True


class TooLarge(FetchError):
    reason = "too_large"


class UnsupportedContentType(FetchError):
    reason = "unsupported_content_type"


class TooManyRedirects(FetchError):
    reason = "too_many_redirects"


class RobotsDisallowed(FetchError):
    reason = "robots_disallowed"
