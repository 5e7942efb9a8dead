"""Feeds, sitemaps and listing pages written for these tests."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from curation.parsing import FeedError, SelectorError, parse_feed, parse_listing, parse_sitemap

TOKYO = ZoneInfo("Asia/Tokyo")

RSS2 = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>試験新聞 国際</title><link>https://news.example.jp/</link>
<item><title>米ロ外相がリヤドで会談</title><link>https://news.example.jp/a/1</link>
<description>&lt;p&gt;両国は&lt;b&gt;協議の継続&lt;/b&gt;で一致した。&lt;/p&gt;</description>
<pubDate>Tue, 18 Feb 2025 21:30:00 +0900</pubDate></item>
<item><title>相対リンクの記事</title><link>/a/2</link></item>
<item><title>重複</title><link>https://news.example.jp/a/1</link></item>
</channel></rss>""".encode()

RSS1_SHIFT_JIS = """<?xml version="1.0" encoding="Shift_JIS"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example.jp/"><title>RDF 試験</title><link>https://rdf.example.jp/</link>
<description>試験</description></channel>
<item rdf:about="https://rdf.example.jp/n/5"><title>黒海での航行の安全を協議</title>
<link>https://rdf.example.jp/n/5</link><dc:date>2025-03-25T10:00:00+09:00</dc:date></item>
</rdf:RDF>""".encode("cp932")

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:x</id>
<updated>2025-05-16T12:00:00Z</updated>
<entry><title>Istanbul talks</title><id>urn:y</id>
<link rel="alternate" href="https://atom.example.jp/e/1"/>
<published>2025-05-16T12:00:00Z</published><summary>Direct talks resumed.</summary></entry>
</feed>"""


def test_rss2_entries_are_absolute_deduplicated_and_dated() -> None:
    entries = parse_feed(RSS2, url="https://news.example.jp/rss")

    assert [e.url for e in entries] == [
        "https://news.example.jp/a/1",
        "https://news.example.jp/a/2",
    ]
    assert entries[0].title == "米ロ外相がリヤドで会談"
    assert entries[0].published == datetime(2025, 2, 18, 21, 30, tzinfo=TOKYO)
    assert entries[0].summary == "両国は協議の継続で一致した。"
    assert entries[1].published is None


def test_rss1_rdf_in_shift_jis_is_read() -> None:
    entries = parse_feed(RSS1_SHIFT_JIS, url="https://rdf.example.jp/index.rdf")

    assert [(e.url, e.title) for e in entries] == [
        ("https://rdf.example.jp/n/5", "黒海での航行の安全を協議")
    ]
    assert entries[0].published == datetime(2025, 3, 25, 10, 0, tzinfo=TOKYO)


def test_atom_entries_are_read() -> None:
    entries = parse_feed(ATOM, url="https://atom.example.jp/feed")

    assert entries[0].url == "https://atom.example.jp/e/1"
    assert entries[0].published == datetime(2025, 5, 16, 12, 0, tzinfo=UTC)
    assert entries[0].summary == "Direct talks resumed."


def test_html_is_not_a_feed() -> None:
    with pytest.raises(FeedError):
        parse_feed(b"<html><body><p>not a feed</p></body></html>", url="https://x.example.jp/")


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example.jp/a/10</loc>
  <news:news><news:publication><news:name>Test</news:name><news:language>ja</news:language>
  </news:publication><news:publication_date>2025-08-15T09:00:00+09:00</news:publication_date>
  <news:title>Anchorage summit</news:title></news:news></url>
<url><loc>https://news.example.jp/a/11</loc><lastmod>2025-08-16</lastmod></url>
</urlset>"""

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example.jp/sitemap-2025-08.xml</loc><lastmod>2025-08-31</lastmod></sitemap>
<sitemap><loc>/sitemap-2025-09.xml</loc></sitemap>
</sitemapindex>"""


def test_news_sitemap_gives_titles_and_publication_dates() -> None:
    entries = parse_sitemap(NEWS_SITEMAP, url="https://news.example.jp/news-sitemap.xml")

    assert [(e.url, e.title) for e in entries] == [
        ("https://news.example.jp/a/10", "Anchorage summit"),
        ("https://news.example.jp/a/11", ""),
    ]
    assert entries[0].published == datetime(2025, 8, 15, 9, 0, tzinfo=TOKYO)
    assert entries[1].published == datetime(2025, 8, 16, tzinfo=TOKYO)
    assert not any(e.is_sitemap for e in entries)


def test_sitemap_index_flags_child_sitemaps() -> None:
    entries = parse_sitemap(SITEMAP_INDEX, url="https://news.example.jp/sitemap.xml")

    assert [(e.url, e.is_sitemap) for e in entries] == [
        ("https://news.example.jp/sitemap-2025-08.xml", True),
        ("https://news.example.jp/sitemap-2025-09.xml", True),
    ]


def test_gzipped_sitemap_is_read() -> None:
    entries = parse_sitemap(gzip.compress(NEWS_SITEMAP), url="https://news.example.jp/s.xml.gz")

    assert len(entries) == 2


def test_sitemap_with_external_entity_does_not_resolve_it() -> None:
    body = b"""<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://e.jp/&x;</loc></url></urlset>"""

    entries = parse_sitemap(body, url="https://e.jp/s.xml")

    assert all("root:" not in e.url for e in entries)


def test_non_sitemap_xml_is_refused() -> None:
    with pytest.raises(FeedError):
        parse_sitemap(b"<rss version='2.0'><channel/></rss>", url="https://e.jp/s.xml")


LISTING = """<html><body>
<nav><a href="/">トップ</a><a href="/world">国際</a></nav>
<ul class="news-list main">
  <li><a href="/articles/2025/03/13/putin-witkoff">モスクワでの会談</a></li>
  <li><a href="articles/2025/03/11/jeddah#top">ジッダ協議</a></li>
  <li><a href="https://other.example.com/articles/2025/03/18/call">電話会談</a></li>
  <li><a href="javascript:void(0)">もっと見る</a></li>
</ul>
<div id="side"><a class="ranking" href="/articles/2025/01/01/old">古い記事</a></div>
</body></html>"""
LISTING_URL = "https://news.example.jp/list/"


def test_listing_with_selector_returns_absolute_links_in_order() -> None:
    links = parse_listing(
        LISTING, url=LISTING_URL, link_selector="ul.news-list li > a", url_pattern=None
    )

    assert links == [
        "https://news.example.jp/articles/2025/03/13/putin-witkoff",
        "https://news.example.jp/list/articles/2025/03/11/jeddah",
        "https://other.example.com/articles/2025/03/18/call",
    ]


def test_listing_selector_may_name_the_container() -> None:
    links = parse_listing(LISTING, url=LISTING_URL, link_selector="#side", url_pattern=None)

    assert links == ["https://news.example.jp/articles/2025/01/01/old"]


def test_listing_with_pattern_filters_links() -> None:
    links = parse_listing(
        LISTING,
        url=LISTING_URL,
        link_selector=None,
        url_pattern=r"news\.example\.jp/articles/2025/0[3]",
    )

    assert links == ["https://news.example.jp/articles/2025/03/13/putin-witkoff"]


def test_listing_attribute_selectors() -> None:
    links = parse_listing(
        LISTING,
        url=LISTING_URL,
        link_selector='a[href^="https://other"], a.ranking',
        url_pattern=None,
    )

    assert links == [
        "https://other.example.com/articles/2025/03/18/call",
        "https://news.example.jp/articles/2025/01/01/old",
    ]


def test_unsupported_selector_syntax_is_reported() -> None:
    with pytest.raises(SelectorError):
        parse_listing(LISTING, url=LISTING_URL, link_selector="li:nth-child(2) a", url_pattern=None)
