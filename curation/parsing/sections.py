"""Aggregator pages: sections that each summarise and cite one upstream article.

Works on plain text (one paragraph per line) so that HTML pages, after extraction, and plain-text
pages share one detector. A section starts at a line that is only a publication date
("公開日:2025/02/10", "2025年2月19日") and runs to the next such line; its citation is a "read more"
line naming the outlet, then a source marker and the upstream URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from .dates import DATE_PATTERN, date_from_match
from .outlets import outlet_for_domain
from .urls import canonicalize_url


@dataclass(frozen=True)
class ParsedCitation:
    outlet_name: str
    url: str | None
    published: date | None


@dataclass(frozen=True)
class Section:
    start: int
    end: int
    published: date | None
    citation: int | None  # index into the citations returned beside it


_SPACE = r"[ \t\u3000]"
SECTION_START = re.compile(
    rf"^{_SPACE}*(?:(?:公開日|公開|掲載日|配信日|投稿日){_SPACE}*[:：]?{_SPACE}*)?{DATE_PATTERN}{_SPACE}*$",
    re.MULTILINE,
)
READ_MORE = r"(?:さらに読む|続きを読む|元記事を読む|元記事|記事を読む)\s*[⇒→➡>＞≫»]?"
SOURCE_MARKER = r"(?:出典\s*[/／]\s*画像元|出典|引用元|画像元|ソース|[Ss]ource)\s*[:：]"
# ASCII URL characters only: in aggregator text the URL is often glued to the next Japanese
# sentence, and the first non-ASCII character is where it really ends.
URL = r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
CITATION_WITH_OUTLET = re.compile(
    rf"{READ_MORE}[ \t\u3000]*(?P<outlet>[^\n]*?)[ \t\u3000]*{SOURCE_MARKER}\s*(?P<url>{URL})"
)
CITATION_BARE = re.compile(rf"{SOURCE_MARKER}\s*(?P<url>{URL})")
# A descriptive tagline after the outlet name: "ロイター 経済、株価…", "朝日新聞+:世界の…".
_OUTLET_TAGLINE = re.compile(r"[ \u3000:：|｜\-–—「『(（]")


def find_sections(text: str) -> tuple[list[Section], list[ParsedCitation]]:
    """Aggregator sections of ``text`` and the upstream articles they cite."""
    starts = list(SECTION_START.finditer(text))
    sections: list[Section] = []
    citations: list[ParsedCitation] = []
    for index, start in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        published = date_from_match(start)
        citation = _find_citation(text[start.end() : end], published)
        citation_index = None
        if citation is not None:
            citation_index = len(citations)
            citations.append(citation)
        sections.append(Section(start.start(), end, published, citation_index))
    return sections, citations


def _find_citation(body: str, published: date | None) -> ParsedCitation | None:
    match = CITATION_WITH_OUTLET.search(body) or CITATION_BARE.search(body)
    if match is None:
        return None
    url = _trim_url(match.group("url"))
    written_name = match.groupdict().get("outlet") or ""
    return ParsedCitation(
        outlet_name=outlet_name_for(url, written_name),
        url=canonicalize_url(url),
        published=published,
    )


def outlet_name_for(url: str, written_name: str) -> str:
    """A short outlet name: from the domain table, else the name as written minus its tagline."""
    host = urlsplit(url).hostname or ""
    known = outlet_for_domain(host)
    if known:
        return known
    name = _OUTLET_TAGLINE.split(written_name.strip(), maxsplit=1)[0].strip()
    return name or host.removeprefix("www.")


def _trim_url(url: str) -> str:
    # Sentence punctuation glued to the end is not part of the URL; a closing bracket is only
    # if the URL opened one.
    while url and url[-1] in ".,;:!?'":
        url = url[:-1]
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    return url
