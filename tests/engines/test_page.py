"""parse_page: the one way page bytes become an article, whoever reads them."""

from __future__ import annotations

import pytest

from curation.parsing import media_type_for_name, parse_page

HTML = (
    "<!DOCTYPE html><html><head><meta charset='shift_jis'><title>停戦協議</title></head>"
    "<body><article><h1>停戦協議</h1><p>米ロの代表団が二月十八日にリヤドで会談した。</p>"
    "</article></body></html>"
).encode("cp932")
TEXT = "停戦協議のまとめ\n米ロの代表団が二月十八日にリヤドで会談した。\n".encode("euc_jp")


@pytest.mark.parametrize("media_type", ["text/html", "application/xhtml+xml", None])
def test_html_is_parsed_as_html_when_declared_or_sniffed(media_type: str | None) -> None:
    page = parse_page(HTML, media_type=media_type, url="https://news.example.jp/a")

    assert page.article.title == "停戦協議"
    assert "リヤドで会談した" in page.article.text
    assert page.encoding in {"cp932", "shift_jis"}


@pytest.mark.parametrize("media_type", ["text/plain", None])
def test_text_is_parsed_line_by_line_when_declared_or_sniffed(media_type: str | None) -> None:
    page = parse_page(TEXT, media_type=media_type, url=None)

    assert page.article.title == "停戦協議のまとめ"
    assert page.article.text.endswith("リヤドで会談した。")


def test_a_declared_text_type_wins_over_markup_in_the_body() -> None:
    page = parse_page(
        b"<html><body>\xe6\x9c\xac\xe6\x96\x87</body></html>", media_type="text/plain", url=None
    )

    assert page.article.text.startswith("<html>")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("p01.html", "text/html"),
        ("A.HTM", "text/html"),
        ("notes.txt", "text/plain"),
        ("page", None),
    ],
)
def test_file_names_imply_a_media_type(name: str, expected: str | None) -> None:
    assert media_type_for_name(name) == expected
