"""Where new article URLs come from: RSS/Atom feeds, sitemaps and HTML listing pages."""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urldefrag, urljoin

import feedparser
from lxml import etree

from .css_selectors import css_to_xpath
from .dates import parse_datetime_value
from .html_text import parse_tree, visible_text
from .urls import is_web_url

MAX_SITEMAP_BYTES = 50_000_000  # the sitemaps.org limit for an uncompressed sitemap


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str
    published: datetime | None
    summary: str
    is_sitemap: bool = False  # a child sitemap of a sitemap index, to be fetched in turn


class FeedError(ValueError):
    """The body is not a feed or sitemap at all (as opposed to an empty one)."""


def parse_feed(body: bytes, *, url: str) -> list[FeedEntry]:
    """Entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, links made absolute, in feed order."""
    parsed = feedparser.parse(body, response_headers={"content-location": url})
    if parsed.bozo and not parsed.entries and not parsed.get("version"):
        raise FeedError(f"{url} is not a feed: {parsed.get('bozo_exception')}")
    entries: list[FeedEntry] = []
    for entry in parsed.entries:
        link = _entry_link(entry)
        if not link or not is_web_url(urljoin(url, link)):
            continue  # javascript:, data:, mailto:… never enter the system
        entries.append(
            FeedEntry(
                url=urljoin(url, link),
                title=_plain_text(entry.get("title", "")),
                published=_entry_time(entry),
                summary=_plain_text(entry.get("summary", "")),
            )
        )
    return _unique_by_url(entries)


def parse_sitemap(body: bytes, *, url: str) -> list[FeedEntry]:
    """Entries of a sitemap (news sitemap dates and titles included) or a sitemap index.

    In an index each entry is a child sitemap, flagged ``is_sitemap=True``.
    """
    root = _parse_xml(_maybe_gunzip(body), url)
    kind = etree.QName(root).localname
    if kind not in ("urlset", "sitemapindex"):
        raise FeedError(f"{url} is not a sitemap (root element <{kind}>)")
    item_name = "sitemap" if kind == "sitemapindex" else "url"
    entries = []
    for item in root:
        if not isinstance(item.tag, str) or etree.QName(item).localname != item_name:
            continue
        values = _child_texts(item)
        loc = values.get("loc")
        if not loc or not is_web_url(urljoin(url, loc)):
            continue  # javascript:, data:, mailto:… never enter the system
        entries.append(
            FeedEntry(
                url=urljoin(url, loc),
                title=values.get("title", ""),
                published=parse_datetime_value(
                    values.get("publication_date") or values.get("lastmod")
                ),
                summary="",
                is_sitemap=kind == "sitemapindex",
            )
        )
    return _unique_by_url(entries)


def parse_listing(
    html: str, *, url: str, link_selector: str | None, url_pattern: str | None
) -> list[str]:
    """Absolute http(s) links of an HTML listing page, in page order, without duplicates.

    ``link_selector`` (a CSS subset, see :mod:`.selectors`) picks links or their containers;
    ``url_pattern`` (a regex searched in the absolute URL) filters them. Either may be None.
    """
    entries = parse_listing_entries(
        html, url=url, link_selector=link_selector, url_pattern=url_pattern
    )
    return [entry.url for entry in entries]


def parse_listing_entries(
    html: str, *, url: str, link_selector: str | None, url_pattern: str | None
) -> list[FeedEntry]:
    """The links of :func:`parse_listing` as feed entries titled with their link text.

    The link text is what a topic filter can judge before the article is fetched.
    """
    tree = parse_tree(html)
    base = urljoin(url, tree.xpath("string(//base/@href)").strip() or url)
    if link_selector:
        # lxml ships no type information, so its elements are Any here.
        anchors: list[Any] = []
        for element in tree.xpath(css_to_xpath(link_selector)):
            anchors += [element] if element.tag == "a" else element.xpath(".//a")
    else:
        anchors = tree.xpath("//a")
    pattern = re.compile(url_pattern) if url_pattern else None
    page = urldefrag(url).url
    titles: dict[str, str] = {}
    for anchor in anchors:
        href = (anchor.get("href") or "").strip()
        if not href:
            continue
        absolute = urldefrag(urljoin(base, href)).url
        if not is_web_url(absolute) or absolute == page:
            continue
        if pattern and not pattern.search(absolute):
            continue
        text = " ".join(str(anchor.text_content()).split())
        # A story linked twice (image, then headline) keeps its longest link text.
        if len(text) >= len(titles.get(absolute, "")):
            titles[absolute] = text
    return [
        FeedEntry(url=link, title=title, published=None, summary="")
        for link, title in titles.items()
    ]


def _entry_link(entry: Any) -> str | None:
    if entry.get("link"):
        return str(entry["link"])
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    entry_id = entry.get("id", "")
    return entry_id if entry_id.startswith(("http://", "https://")) else None


def _entry_time(entry: Any) -> datetime | None:
    # The raw string keeps its offset (and Tokyo for a naive one); feedparser's struct_time
    # is the fallback, always in UTC.
    for key in ("published", "updated", "created"):
        parsed = parse_datetime_value(entry.get(key))
        if parsed is not None:
            return parsed
    for key in ("published_parsed", "updated_parsed"):
        struct = entry.get(key)
        if struct:
            year, month, day, hour, minute, second = struct[:6]
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    return None


def _plain_text(value: str) -> str:
    if "<" not in value:
        return " ".join(value.split())
    return " ".join(visible_text(parse_tree(f"<body>{value}</body>")).split())


def _maybe_gunzip(body: bytes) -> bytes:
    if not body.startswith(b"\x1f\x8b"):
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        data = stream.read(MAX_SITEMAP_BYTES + 1)
    if len(data) > MAX_SITEMAP_BYTES:
        raise FeedError(f"sitemap expands beyond {MAX_SITEMAP_BYTES} bytes")
    return data


def _parse_xml(body: bytes, url: str) -> etree._Element:
    # No entities, no network: sitemaps come from strangers.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"{url} is not XML: {exc}") from exc
    if root is None:
        raise FeedError(f"{url} is not XML")
    return root


def _child_texts(item: etree._Element) -> dict[str, str]:
    """Text of every descendant keyed by local name (news:title -> "title"); first wins."""
    values: dict[str, str] = {}
    for element in item.iter():
        if element is item or not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        text = (element.text or "").strip()
        if text and name not in values:
            values[name] = text
    return values


def _unique_by_url(entries: Iterable[FeedEntry]) -> list[FeedEntry]:
    seen: dict[str, FeedEntry] = {}
    for entry in entries:
        seen.setdefault(entry.url, entry)
    return list(seen.values())
