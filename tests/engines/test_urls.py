from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from curation.parsing import canonicalize_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://WWW.Example.JP/News/1", "https://www.example.jp/News/1"),
        ("https://example.jp:443/a", "https://example.jp/a"),
        ("http://example.jp:80/a", "http://example.jp/a"),
        ("http://example.jp:8080/a", "http://example.jp:8080/a"),
        ("https://example.jp/a#comments", "https://example.jp/a"),
        ("https://example.jp/a?utm_source=x&utm_medium=y", "https://example.jp/a"),
        ("https://example.jp/a?fbclid=1&gclid=2&yclid=3", "https://example.jp/a"),
        ("https://example.jp/a?mc_cid=1&mc_eid=2&ref=top&from=rss", "https://example.jp/a"),
        ("https://example.jp/a?cmpid=1&ncid=2&id=5", "https://example.jp/a?id=5"),
        ("https://example.jp/a?b=2&a=1", "https://example.jp/a?a=1&b=2"),
        ("https://example.jp/news/amp/123", "https://example.jp/news/123"),
        ("https://example.jp/news/123/amp", "https://example.jp/news/123"),
        ("https://example.jp/news/123?amp=1", "https://example.jp/news/123"),
        ("https://example.jp/news/123.amp", "https://example.jp/news/123"),
        ("https://amp.example.jp/news/123", "https://example.jp/news/123"),
        ("https://m.example.jp/news/123", "https://example.jp/news/123"),
        ("https://sp.example.jp/news/123", "https://example.jp/news/123"),
        ("https://example.jp/sp/news/123", "https://example.jp/news/123"),
        ("https://example.jp/news/index.html", "https://example.jp/news/"),
        ("https://example.jp", "https://example.jp/"),
        ("https://example.jp/記事/1", "https://example.jp/%E8%A8%98%E4%BA%8B/1"),
        ("https://example.jp/%e8%a8%98", "https://example.jp/%E8%A8%98"),
        ("https://example.jp/search?q=停戦", "https://example.jp/search?q=%E5%81%9C%E6%88%A6"),
        ("https://m.jp/a", "https://m.jp/a"),
    ],
)
def test_canonical_form(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_html_canonical_link_is_preferred() -> None:
    url = "https://m.example.jp/sp/news/123?utm_source=x"

    canonical = canonicalize_url(url, html_canonical="https://www.example.jp/news/123")

    assert canonical == "https://www.example.jp/news/123"


def test_relative_html_canonical_is_resolved_against_the_url() -> None:
    assert (
        canonicalize_url("https://example.jp/a/b?x=1", html_canonical="/a/b")
        == "https://example.jp/a/b"
    )


def test_html_canonical_pointing_at_the_home_page_is_ignored() -> None:
    assert (
        canonicalize_url("https://example.jp/news/9", html_canonical="https://example.jp/")
        == "https://example.jp/news/9"
    )


_segment = st.text(alphabet="abcxyz019-_.停戦", min_size=1, max_size=8)


@given(
    host=st.sampled_from(["example.jp", "m.example.jp", "WWW.Example.JP", "amp.news.example.jp"]),
    segments=st.lists(_segment, max_size=4),
    params=st.lists(st.tuples(st.sampled_from(["a", "id", "utm_x", "amp", "p"]), _segment)),
)
def test_canonicalization_is_idempotent(
    host: str, segments: list[str], params: list[tuple[str, str]]
) -> None:
    query = "&".join(f"{name}={value}" for name, value in params)
    url = f"https://{host}/{'/'.join(segments)}?{query}"

    once = canonicalize_url(url)

    assert canonicalize_url(once) == once
