"""Parse one news page (HTML or plain text) into an article: text, title, dates, citations."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from .dates import find_text_dates, midnight_in_tokyo, parse_datetime_value, standalone_date
from .html_text import main_container, parse_tree, visible_text
from .sections import ParsedCitation, Section, find_sections
from .urls import canonicalize_url

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNews", "AnalysisNewsArticle", "BlogPosting", "Report"}
)
PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
)
UPDATED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")
# Trafilatura keeping less than this share of the <article>/<main> text means it dropped content.
MIN_EXTRACTED_SHARE = 0.4
# Trafilatura leaving out this many full sentences of the <article>/<main> text dropped content.
MAX_DROPPED_SENTENCES = 2
# Trafilatura spends ~0.2 ms per element; a news page has a few thousand. Past this many the
# page is junk or hostile (5 MB of <span>あ</span>) and the plain container text is used.
MAX_ELEMENTS_FOR_TRAFILATURA = 30_000
NEXT_PAGE_WORDS = ("次のページ", "次ページ", "次へ")
_TITLE_SEPARATORS = re.compile(r"\s*(?:[|｜]|\s[-–—]\s|\s[:：]\s)\s*")
_SITE_NAME_HINTS = re.compile(
    r"ニュース|新聞|通信|オンライン|NEWS|News|Online|Web|ウェブ|デジタル|\.com|\.jp|TV|テレビ"
)


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    text: str
    canonical_url: str
    published_at: datetime | None
    updated_at: datetime | None
    byline: str | None
    lead_image: str | None
    site_name: str | None
    sections: tuple[Section, ...]
    citations: tuple[ParsedCitation, ...]
    next_page_url: str | None
    is_aggregator: bool


def parse_article(html: str, *, url: str) -> ParsedArticle:
    """Parse a decoded HTML page fetched from ``url``."""
    tree = parse_tree(html)
    meta = _meta_values(tree)
    ld = _json_ld_article(tree)
    site_name = (
        meta.get("og:site_name") or _ld_name(ld.get("publisher")) or meta.get("application-name")
    )
    text = _main_text(html, tree, url)
    sections, citations = find_sections(text)
    is_aggregator = any(section.citation is not None for section in sections)
    published, updated = _page_dates(html, tree, meta, ld, url, skip_text=is_aggregator)
    canonical = _first_link(tree, "canonical") or meta.get("og:url")
    return ParsedArticle(
        title=_title(tree, meta, ld, site_name),
        text=text,
        canonical_url=canonicalize_url(url, html_canonical=canonical),
        published_at=published,
        updated_at=updated,
        byline=_byline(tree, meta, ld),
        lead_image=_absolute(url, meta.get("og:image") or _ld_image(ld.get("image"))),
        site_name=site_name.strip() if site_name else None,
        sections=tuple(sections),
        citations=tuple(citations),
        next_page_url=_next_page_url(tree, url),
        is_aggregator=is_aggregator,
    )


def parse_text_document(text: str, *, url: str | None = None) -> ParsedArticle:
    """Parse a plain-text page: first line is the title, each further line a paragraph."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    body = "\n".join(line for line in lines if line)
    sections, citations = find_sections(body)
    is_aggregator = any(section.citation is not None for section in sections)
    # On an aggregator the 公開日 lines date the upstream articles, not this page.
    dates = find_text_dates(body) if not is_aggregator else None
    next_page = _next_page_in_text(body)
    return ParsedArticle(
        title=body.split("\n", 1)[0],
        text=body,
        canonical_url=canonicalize_url(url) if url else "",
        published_at=dates.published if dates else None,
        updated_at=dates.updated if dates else None,
        byline=None,
        lead_image=None,
        site_name=None,
        sections=tuple(sections),
        citations=tuple(citations),
        next_page_url=next_page,
        is_aggregator=is_aggregator,
    )


_URL_IN_TEXT = re.compile(r"https?://\S+")


def _next_page_in_text(body: str) -> str | None:
    """The URL after 次のページ on the same line. Line by line, since a lazy
    "次のページ.*?URL" search restarts at every 次のページ and turns quadratic."""
    for line in body.split("\n"):
        marker = line.find("次のページ")
        if marker >= 0 and (url := _URL_IN_TEXT.search(line, marker)):
            return url.group()
    return None


# --- main text ---------------------------------------------------------------------------


def _main_text(html: str, tree: lxml_html.HtmlElement, url: str) -> str:
    container = main_container(tree)
    fallback = visible_text(container)
    if _element_count_exceeds(tree, MAX_ELEMENTS_FOR_TRAFILATURA):
        logger.warning(
            "%s has over %d elements; trafilatura skipped", url, MAX_ELEMENTS_FOR_TRAFILATURA
        )
        return fallback
    extracted = _extract_with_trafilatura(html, url)
    if not extracted:
        return fallback
    if container.tag in ("article", "main") and (
        _size(extracted) < MIN_EXTRACTED_SHARE * _size(fallback)
        or _dropped_sentences(fallback, extracted) >= MAX_DROPPED_SENTENCES
    ):
        return fallback
    # Trafilatura may drop the bullets or "read more" lines of an aggregator's sections.
    if _cited_sections(fallback) > _cited_sections(extracted):
        return fallback
    return extracted


def _element_count_exceeds(tree: lxml_html.HtmlElement, limit: int) -> bool:
    return any(index >= limit for index, _ in enumerate(tree.iter()))


def _extract_with_trafilatura(html: str, url: str) -> str | None:
    try:
        import trafilatura
    except ImportError as exc:  # it needs lxml_html_clean, a separate package since lxml 5.2
        logger.warning("trafilatura unavailable (%s); using the plain-text fallback", exc)
        return None
    # Always the decoded str: given bytes, trafilatura guesses the charset and gets Shift_JIS wrong.
    extracted = trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        deduplicate=False,
        output_format="txt",
    )
    if not extracted:
        return None
    # Trafilatura marks list items with "- "; the fallback does not, and neither should we.
    lines = (line.strip().removeprefix("- ") for line in extracted.split("\n"))
    return "\n".join(line for line in lines if line)


def _size(text: str) -> int:
    return len(re.sub(r"\s+", "", text))


# One run of text up to its terminator: matched once per run, so the scan stays linear even on
# a page with no full stop (a "15 characters then 。" pattern retried at every start position
# took 16 s on 40,000 characters).
_RUN = re.compile(r"[^。！？\n]*[。！？\n]?")
_SENTENCE_END = frozenset("。！？")
MIN_SENTENCE_CHARS = 15


def _full_sentences(text: str) -> Iterator[str]:
    """Runs of at least MIN_SENTENCE_CHARS characters closed by 。, ！ or ？."""
    for match in _RUN.finditer(text):
        run = match.group()
        if run and run[-1] in _SENTENCE_END and len(run) > MIN_SENTENCE_CHARS:
            yield run


def _dropped_sentences(fallback: str, extracted: str) -> int:
    """Full sentences of the article container that trafilatura left out, counted up to
    MAX_DROPPED_SENTENCES. A few short posts of a live blog, each ending in its own share
    link, can go missing this way while the text as a whole still looks complete.

    Trafilatura keeps the page's order, so each sentence is looked for after the previous one
    found: the kept text is scanned about once, not once per sentence.
    """
    kept = re.sub(r"\s+", "", extracted)
    position = dropped = 0
    for sentence in _full_sentences(fallback):
        needle = re.sub(r"\s+", "", sentence)
        found = kept.find(needle, position)
        if found < 0:
            dropped += 1
            if dropped >= MAX_DROPPED_SENTENCES:
                break
        else:
            position = found + len(needle)
    return dropped


def _cited_sections(text: str) -> int:
    sections, _ = find_sections(text)
    return sum(1 for section in sections if section.citation is not None)


# --- metadata ----------------------------------------------------------------------------


def _meta_values(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """<meta> contents keyed by lower-cased property/name/itemprop; first occurrence wins."""
    values: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = element.get("content")
        if content is None or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop"):
            key = (element.get(attribute) or "").strip().lower()
            if key and key not in values:
                values[key] = content.strip()
    return values


def _json_ld_article(tree: lxml_html.HtmlElement) -> dict[str, Any]:
    """The first JSON-LD object typed as a news article (searching @graph and lists)."""
    for script in tree.xpath("//script[@type='application/ld+json']"):
        raw = (script.text or "").strip().removeprefix("<!--").removesuffix("-->")
        try:
            data = json.loads(raw)
        except ValueError:
            continue  # broken JSON-LD is common; other sources of metadata remain
        for item in _json_ld_items(data):
            types = item.get("@type")
            type_names = set(types) if isinstance(types, list) else {types}
            if type_names & ARTICLE_TYPES:
                return item
    return {}


def _json_ld_items(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_items(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _json_ld_items(data["@graph"])


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [name for name in (_ld_name(item) for item in value) if name]
        return "、".join(names) or None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _ld_image(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value if isinstance(value, str) else None


def _title(
    tree: lxml_html.HtmlElement, meta: dict[str, str], ld: dict[str, Any], site_name: str | None
) -> str:
    h1 = tree.xpath("string(//h1)").strip()
    title_tag = tree.xpath("string(//title)").strip()
    headline = ld.get("headline") if isinstance(ld.get("headline"), str) else None
    if _names_the_site(h1, tree):
        # 「解説ノート: 第3回交渉」: the <title> puts the site name first, where
        # strip_site_suffix does not look.
        title_tag = _without_leading_site_name(title_tag, " ".join(h1.split()))
        h1 = ""
    for candidate in (meta.get("og:title"), h1, headline, title_tag):
        if candidate and candidate.strip():
            return strip_site_suffix(" ".join(candidate.split()), site_name)
    return ""


def _names_the_site(h1: str, tree: lxml_html.HtmlElement) -> bool:
    """A blog's banner: an <h1> that links to the site's home page."""
    home_links = tree.xpath("//h1//a/@href")
    return bool(h1) and bool(home_links) and urlsplit(str(home_links[0])).path in ("", "/")


def _without_leading_site_name(title: str, site_name: str) -> str:
    leading = _opening_name(site_name).match(title) if site_name else None
    return title[leading.end() :] if leading else title


def _opening_name(name: str) -> re.Pattern[str]:
    return re.compile(re.escape(name) + r"\s*[|｜:：\-–—]\s*(?=\S)")


def strip_site_suffix(title: str, site_name: str | None) -> str:
    """Drop a trailing "｜Site name" / " - Site name" from a page title."""
    separators = list(_TITLE_SEPARATORS.finditer(title))
    if not separators:
        return title
    last = separators[-1]
    head, tail = title[: last.start()].strip(), title[last.end() :].strip()
    if not head or not tail:
        return title
    if site_name and (tail in site_name or site_name in tail):
        return head
    # Without a known site name: a short tail after a bar, or one that reads like a site name.
    if len(tail) <= 30 and (last.group().strip() in ("|", "｜") or _SITE_NAME_HINTS.search(tail)):
        return head
    return title


def _byline(tree: lxml_html.HtmlElement, meta: dict[str, str], ld: dict[str, Any]) -> str | None:
    for candidate in (
        _ld_name(ld.get("author")),
        meta.get("author"),
        meta.get("article:author"),
        tree.xpath("string((//*[@rel='author'])[1])").strip(),
    ):
        if candidate and not candidate.startswith(("http://", "https://")):
            return candidate
    return None


def _first_link(tree: lxml_html.HtmlElement, rel: str) -> str | None:
    for link in tree.iter("link"):
        if rel in (link.get("rel") or "").lower().split() and link.get("href"):
            return str(link.get("href"))
    return None


def _absolute(base: str, href: str | None) -> str | None:
    return urljoin(base, href.strip()) if href and href.strip() else None


def _next_page_url(tree: lxml_html.HtmlElement, url: str) -> str | None:
    for word in NEXT_PAGE_WORDS:
        for anchor in tree.xpath(f"//a[@href][contains(normalize-space(.), '{word}')]"):
            href = _absolute(url, anchor.get("href"))
            if href and href.startswith(("http://", "https://")):
                return href
    return _absolute(url, _first_link(tree, "next"))


# --- dates -------------------------------------------------------------------------------


def _page_dates(
    html: str,
    tree: lxml_html.HtmlElement,
    meta: dict[str, str],
    ld: dict[str, Any],
    url: str,
    *,
    skip_text: bool,
) -> tuple[datetime | None, datetime | None]:
    """Publication and update times, most reliable source first.

    ``skip_text``: on an aggregator the 公開日 lines in the text date the cited articles.
    """
    published = parse_datetime_value(_str(ld.get("datePublished")))
    updated = parse_datetime_value(_str(ld.get("dateModified")))
    published = published or _first_datetime(meta.get(key) for key in PUBLISHED_META)
    updated = updated or _first_datetime(meta.get(key) for key in UPDATED_META)
    if published is None:
        published = _first_datetime(
            str(value) for value in tree.xpath("//time[@datetime]/@datetime")
        )
    if (published is None or updated is None) and not skip_text:
        text_dates = find_text_dates(visible_text(main_container(tree)))
        published = published or text_dates.published
        updated = updated or text_dates.updated
    if published is None and not skip_text:
        published = standalone_date(
            element.text_content()
            for element in main_container(tree).iter("h1", "h2", "h3", "h4", "p", "div", "span")
            if len(element) == 0  # a leaf: its own text, not a wrapper's
        )
    if published is None:
        published = _htmldate(html, url)
    return published, updated


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _first_datetime(values: Iterator[str | None] | Any) -> datetime | None:
    for value in values:
        parsed = parse_datetime_value(value)
        if parsed is not None:
            return parsed
    return None


def _htmldate(html: str, url: str) -> datetime | None:
    from htmldate import find_date

    try:
        found = find_date(
            html, original_date=True, outputformat="%Y-%m-%d", extensive_search=False, url=url
        )
    except Exception as exc:  # a fallback heuristic must not fail the parse
        logger.info("htmldate failed on %s: %s", url, exc)
        return None
    parsed = parse_datetime_value(found) if found else None
    return midnight_in_tokyo(parsed.date()) if parsed else None
