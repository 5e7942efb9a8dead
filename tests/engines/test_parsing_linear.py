"""Hostile pages parse in time proportional to their size.

Each page runs in a child process with a deadline far above what a linear parse needs (about a
second here) and far below what the quadratic patterns these pages once hit took (minutes).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

DEADLINE_SECONDS = 60

_PARSE_STDIN = """
import sys
from curation.parsing import parse_article, parse_text_document
page = sys.stdin.read()
if sys.argv[1] == "html":
    parsed = parse_article(page, url="https://news.example.jp/hostile")
else:
    parsed = parse_text_document(page, url="https://news.example.jp/hostile")
print(len(parsed.text))
"""

HOSTILE_PAGES = {
    # A sentence pattern retried at every start position: 16 s at 40,000 characters.
    "no_full_stop": ("html", "<html><body><article><p>" + "あ" * 200_000 + "</p></article></body>"),
    # 5 MB of tiny elements: trafilatura's per-element work, then the same sentence pattern.
    "span_soup": ("html", "<html><body>" + "<span>あ</span>" * 120_000 + "</body></html>"),
    # A lazy "次のページ … URL" search restarted at every marker.
    "next_page_markers": ("text", "見出し\n" + "次のページ" * 60_000),
    "many_sentences": (
        "html",
        "<article><p>" + "米ロが停戦の条件を協議した。" * 30_000 + "</p></article>",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_PAGES))
def test_hostile_page_parses_within_a_linear_budget(name: str) -> None:
    kind, page = HOSTILE_PAGES[name]

    child = subprocess.run(
        [sys.executable, "-c", _PARSE_STDIN, kind],
        input=page,
        capture_output=True,
        text=True,
        timeout=DEADLINE_SECONDS,
        check=True,
    )

    assert int(child.stdout) > 0
