"""Canonical URLs: one key per article, whatever variant (AMP, mobile, tracking) we met."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "yclid",
        "msclkid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "referrer",
        "from",
        "cmpid",
        "ncid",
        "smid",
        "_ga",
        "_gl",
        "spm",
        "share",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
    }
)
TRACKING_PREFIXES = ("utm_", "mtm_", "pk_")
# AMP switches that carry no content of their own.
AMP_PARAMS = frozenset({"amp", "outputtype", "_amp"})
MOBILE_HOST_PREFIXES = ("amp.", "m.", "sp.", "mobile.")
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_PERCENT_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


WEB_SCHEMES = frozenset({"http", "https"})


def is_web_url(url: str | None) -> bool:
    """True for an absolute http(s) URL with a host: the only URLs that may enter the system
    (a feed's ``javascript:`` or ``data:`` link would otherwise become a clickable link)."""
    if not url or not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:  # a malformed port or IPv6 literal
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(host)


def canonicalize_url(url: str, *, html_canonical: str | None = None) -> str:
    """The canonical form of ``url`` (or of the page's own canonical link, if it is usable)."""
    chosen = _usable_canonical(url, html_canonical) or url.strip()
    parts = urlsplit(chosen)
    scheme = parts.scheme.lower()
    host = _canonical_host(parts.hostname or "")
    port = parts.port if parts.port and parts.port != DEFAULT_PORTS.get(scheme) else None
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc = f"{netloc}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    return urlunsplit(
        (scheme, netloc, _canonical_path(parts.path), _canonical_query(parts.query), "")
    )


def _usable_canonical(url: str, html_canonical: str | None) -> str | None:
    """The page's <link rel=canonical>/og:url as an absolute URL, unless it looks broken."""
    if not html_canonical or not html_canonical.strip():
        return None
    candidate = urljoin(url, html_canonical.strip())
    parts = urlsplit(candidate)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    # Templates that point every article's canonical at the home page would merge all articles.
    if parts.path in ("", "/") and urlsplit(url).path not in ("", "/"):
        return None
    return candidate


def _canonical_host(host: str) -> str:
    host = host.lower().rstrip(".")
    folded = True
    while folded:  # "m.amp.example.jp" folds all the way, so canonicalising is idempotent
        folded = False
        for prefix in MOBILE_HOST_PREFIXES:
            # Keep at least "name.tld" after folding: "m.example.jp" -> "example.jp", never "jp".
            if host.startswith(prefix) and host.count(".") >= 2:
                host, folded = host[len(prefix) :], True
                break
    return host


def _canonical_path(path: str) -> str:
    path = quote(path, safe=_PATH_SAFE) or "/"
    path = _PERCENT_ESCAPE.sub(lambda m: m.group(0).upper(), path)
    segments = path.split("/")
    if len(segments) > 2 and segments[1] == "sp":  # "/sp/..." smartphone edition
        segments = ["", *segments[2:]]
    segments = [segment for segment in segments if segment != "amp"] or [""]
    path = "/".join(segments)
    if path.endswith(".amp"):
        path = path[: -len(".amp")]
    elif path.endswith(".amp.html"):
        path = path[: -len(".amp.html")] + ".html"
    for index_name in ("index.html", "index.htm"):
        if path.endswith("/" + index_name):
            path = path[: -len(index_name)]
    if not path.startswith("/"):
        path = "/" + path
    return path


def _canonical_query(query: str) -> str:
    # Latin-1 round-trips any percent-escaped byte unchanged (even invalid UTF-8); raw
    # non-ASCII characters are first escaped as UTF-8 so they take part in that round trip.
    query = quote(query, safe="=&;%+/?:@!$'()*,-._~")
    pairs = [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True, encoding="latin-1")
        if not _is_tracking_param(name)
    ]
    return urlencode(sorted(pairs), quote_via=quote, encoding="latin-1")


def _is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return (
        lowered in TRACKING_PARAMS or lowered in AMP_PARAMS or lowered.startswith(TRACKING_PREFIXES)
    )
