"""Page bytes to a parsed article: the one path that ingestion, ``extract_claims`` and
``make eval`` share, so that the three never read the same page two ways."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from .article import ParsedArticle, parse_article, parse_text_document
from .decoding import decode_html

HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_MEDIA_TYPES = frozenset({"text/plain"})
_MEDIA_TYPE_BY_SUFFIX = {
    ".html": "text/html",
    ".htm": "text/html",
    ".shtml": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".txt": "text/plain",
}
# parse_article resolves relative links against a URL; a file read from disk has none.
_NO_URL = "http://localhost/"


@dataclass(frozen=True)
class ParsedPage:
    article: ParsedArticle
    encoding: str
    # Declared charsets that are no text encoding and were ignored (see decode_html).
    ignored_charsets: tuple[str, ...] = ()


def media_type_for_name(name: str) -> str | None:
    """The media type a file name implies (``.html`` → text/html), or None to sniff the bytes."""
    return _MEDIA_TYPE_BY_SUFFIX.get(PurePath(name).suffix.lower())


def looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html", b"<?xml")) or b"<body" in head


def parse_page(
    body: bytes,
    *,
    media_type: str | None,
    url: str | None,
    header_charset: str | None = None,
) -> ParsedPage:
    """Decode ``body`` and parse it as HTML or as plain text.

    The declared media type decides (the Content-Type header, or a file's suffix through
    :func:`media_type_for_name`); without one, the bytes are sniffed.
    """
    decoded = decode_html(body, header_charset=header_charset)
    if media_type in TEXT_MEDIA_TYPES or (
        media_type not in HTML_MEDIA_TYPES and not looks_like_html(body)
    ):
        article = parse_text_document(decoded.text, url=url)
    else:
        article = parse_article(decoded.text, url=url or _NO_URL)
    return ParsedPage(
        article=article, encoding=decoded.encoding, ignored_charsets=decoded.ignored_charsets
    )
