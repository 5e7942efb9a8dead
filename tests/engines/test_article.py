"""parse_article on small pages written for these tests."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from curation.parsing import parse_article, strip_site_suffix

TOKYO = ZoneInfo("Asia/Tokyo")
URL = "https://news.example.jp/articles/20250212/ceasefire?utm_source=rss"
PARAGRAPHS = (
    "トランプ米大統領は二月十二日、ロシアのプーチン大統領と電話で協議し、戦闘の終結に向けた"
    "交渉を始めることで一致したと明らかにした。",
    "ホワイトハウスによると、両首脳は互いの国を訪問する可能性にも触れたという。",
    "ウクライナのゼレンスキー大統領とも同じ日に電話で話したとされ、欧州各国は自らが交渉から"
    "外されることへの警戒を強めている。",
)


def article_page(head: str = "", body_extra: str = "", title: str = "米ロ首脳が電話協議") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body>
<header><nav><a href="/">トップ</a><a href="/world">国際</a></nav></header>
<main><article><h1>米ロ首脳が電話協議</h1>{paragraphs}{body_extra}</article></main>
<aside><h2>ランキング</h2><ol><li>関係のない別の記事</li></ol></aside>
<footer>Copyright 試験新聞社</footer>
</body></html>"""


def test_main_text_keeps_paragraphs_and_drops_page_furniture() -> None:
    article = parse_article(article_page(), url=URL)

    for paragraph in PARAGRAPHS:
        assert paragraph in article.text.split("\n")
    assert "ランキング" not in article.text
    assert "Copyright" not in article.text


def test_json_ld_dates_are_used_first() -> None:
    head = """<script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "試験新聞"},
      {"@type": "NewsArticle", "headline": "米ロ首脳が電話協議",
       "datePublished": "2025-02-12T22:15:00+09:00", "dateModified": "2025-02-13T08:00:00+09:00",
       "author": [{"@type": "Person", "name": "山田記者"}],
       "publisher": {"@type": "Organization", "name": "試験新聞"}}]}
    </script>
    <meta property="article:published_time" content="2020-01-01T00:00:00+09:00">"""

    article = parse_article(article_page(head), url=URL)

    assert article.published_at == datetime(2025, 2, 12, 22, 15, tzinfo=TOKYO)
    assert article.updated_at == datetime(2025, 2, 13, 8, 0, tzinfo=TOKYO)
    assert article.byline == "山田記者"
    assert article.site_name == "試験新聞"


def test_meta_published_time_is_used_without_json_ld() -> None:
    head = '<meta property="article:published_time" content="2025-02-12T13:15:00Z">'

    article = parse_article(article_page(head), url=URL)

    assert article.published_at == datetime(2025, 2, 12, 13, 15, tzinfo=UTC)
    assert article.published_at.utcoffset() == timedelta(0)


def test_time_element_gives_the_date() -> None:
    body = '<p><time datetime="2025-02-14T10:00">2月14日</time></p>'

    article = parse_article(article_page(body_extra=body), url=URL)

    assert article.published_at == datetime(2025, 2, 14, 10, 0, tzinfo=TOKYO)


def test_japanese_date_marker_in_text_gives_the_date() -> None:
    body = "<p>公開日:2025/02/10</p><p>更新日：2025年2月11日 9時30分</p>"

    article = parse_article(article_page(body_extra=body), url=URL)

    assert article.published_at == datetime(2025, 2, 10, tzinfo=TOKYO)
    assert article.updated_at == datetime(2025, 2, 11, 9, 30, tzinfo=TOKYO)


def test_trailing_delivery_marker_gives_date_and_time() -> None:
    body = '<p class="date">2025年2月12日 18時05分 配信</p>'

    article = parse_article(article_page(body_extra=body), url=URL)

    assert article.published_at == datetime(2025, 2, 12, 18, 5, tzinfo=TOKYO)


def test_page_without_any_date_has_none() -> None:
    assert parse_article(article_page(), url=URL).published_at is None


def test_canonical_link_gives_the_canonical_url() -> None:
    head = '<link rel="canonical" href="https://www.example.jp/world/123/">'

    article = parse_article(article_page(head), url="https://m.example.jp/sp/world/123/?ref=top")

    assert article.canonical_url == "https://www.example.jp/world/123/"


def test_og_url_is_used_without_canonical_link() -> None:
    head = '<meta property="og:url" content="https://www.example.jp/world/456">'

    assert (
        parse_article(article_page(head), url=URL).canonical_url
        == "https://www.example.jp/world/456"
    )


def test_without_canonical_hints_the_fetched_url_is_canonicalized() -> None:
    article = parse_article(article_page(), url=URL)

    assert article.canonical_url == "https://news.example.jp/articles/20250212/ceasefire"


def test_og_title_is_preferred_and_its_site_suffix_stripped() -> None:
    head = (
        '<meta property="og:title" content="米ロ首脳、電話で戦闘終結へ協議｜試験新聞">'
        '<meta property="og:site_name" content="試験新聞">'
    )

    assert parse_article(article_page(head), url=URL).title == "米ロ首脳、電話で戦闘終結へ協議"


def test_h1_is_the_title_without_og_title() -> None:
    assert parse_article(article_page(), url=URL).title == "米ロ首脳が電話協議"


def test_title_tag_suffix_is_stripped_when_it_is_the_only_title() -> None:
    html = "<html><head><title>停戦監視の枠組み案 - 試験ニュース</title></head><body><p>本文。</p></body></html>"

    assert parse_article(html, url=URL).title == "停戦監視の枠組み案"


def test_title_suffix_rules() -> None:
    assert strip_site_suffix("見出し｜試験新聞デジタル", None) == "見出し"
    assert strip_site_suffix("見出し | 試験新聞", "試験新聞") == "見出し"
    assert strip_site_suffix("米国 - ロシア間の協議", None) == "米国 - ロシア間の協議"
    assert strip_site_suffix("見出しだけ", None) == "見出しだけ"


def test_next_page_link_is_absolute() -> None:
    body = '<p class="pager"><a href="?page=2">次のページ</a></p>'

    article = parse_article(article_page(body_extra=body), url=URL)

    assert article.next_page_url == ("https://news.example.jp/articles/20250212/ceasefire?page=2")


def test_lead_image_is_absolute() -> None:
    head = '<meta property="og:image" content="/img/lead.jpg">'

    assert (
        parse_article(article_page(head), url=URL).lead_image
        == "https://news.example.jp/img/lead.jpg"
    )


def test_broken_unclosed_html_still_parses() -> None:
    html = (
        "<html><head><title>壊れたページ｜試験新聞</title><body><div><p>停戦交渉の第一段落です。"
        "<p>第二段落は<b>閉じられて<i>いない。<div>公開日：2025年3月11日"
    )

    article = parse_article(html, url=URL)

    assert "停戦交渉の第一段落です。" in article.text
    assert article.title == "壊れたページ"
    assert article.published_at == datetime(2025, 3, 11, tzinfo=TOKYO)


def test_empty_document_gives_an_empty_article() -> None:
    article = parse_article("", url=URL)

    assert article.text == ""
    assert article.title == ""
    assert not article.is_aggregator


def test_xml_declaration_in_a_string_is_tolerated() -> None:
    html = '<?xml version="1.0" encoding="Shift_JIS"?>' + article_page()

    assert PARAGRAPHS[0] in parse_article(html, url=URL).text


AGGREGATOR_PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>交渉の行方まとめ｜試験まとめ</title>
<meta property="og:site_name" content="試験まとめ">
<meta property="article:published_time" content="2025-02-27T07:00:00+09:00"></head>
<body><header><nav><a href="/">トップ</a></nav></header>
<div class="entry"><h1>交渉の行方まとめ</h1>
<h2>ミュンヘンでの会談</h2>
<p>公開日:2025/02/15</p>
<ul><li>✅ ゼレンスキー大統領がミュンヘンでバンス副大統領と会った。</li>
<li>✅ 会談は予定より長く続いたと伝えられた。</li></ul>
<p>続きを読む ⇒ロイター ニュース速報出典: https://jp.reuters.com/world/ukraine/ABCDEF-2025-02-15/安全保障会議での発言が注目されます。</p>
<h2>資源協定</h2>
<p>公開日：2025/02/26</p>
<ul><li>✅ 米国とウクライナが鉱物資源に関する枠組みで折り合ったとされる。</li></ul>
<p>続きを読む ⇒ 毎日新聞 出典: https://mainichi.jp/articles/20250226/k00/00m/030/000000c 署名の日程はまだ見えません。</p>
<p><a href="https://matome.example.jp/entry/77/2">次のページを読む ⇒</a></p>
</div><aside>人気のまとめ</aside></body></html>"""


def test_aggregator_page_keeps_every_section_and_citation() -> None:
    article = parse_article(AGGREGATOR_PAGE, url="https://matome.example.jp/entry/77")

    assert article.is_aggregator
    assert [c.outlet_name for c in article.citations] == ["ロイター", "毎日新聞"]
    assert [c.url for c in article.citations] == [
        "https://jp.reuters.com/world/ukraine/ABCDEF-2025-02-15/",
        "https://mainichi.jp/articles/20250226/k00/00m/030/000000c",
    ]
    assert [s.published.isoformat() for s in article.sections if s.published] == [
        "2025-02-15",
        "2025-02-26",
    ]
    assert "✅ 会談は予定より長く続いたと伝えられた。" in article.text
    assert article.next_page_url == "https://matome.example.jp/entry/77/2"


def test_aggregator_page_date_comes_from_markup_not_section_lines() -> None:
    article = parse_article(AGGREGATOR_PAGE, url="https://matome.example.jp/entry/77")

    assert article.published_at == datetime(2025, 2, 27, 7, 0, tzinfo=TOKYO)


def test_aggregator_section_offsets_point_into_the_text() -> None:
    article = parse_article(AGGREGATOR_PAGE, url="https://matome.example.jp/entry/77")

    for section in article.sections:
        assert article.text[section.start : section.end].startswith("公開日")


LIVE_BLOG = Path(__file__).parents[1] / "evalset" / "pages" / "p26_liveblog_whitehouse.html"


def test_short_posts_of_a_live_blog_are_all_kept() -> None:
    # Short posts that end in their own share link look like link lists to trafilatura.
    page = LIVE_BLOG.read_text(encoding="utf-8")
    posts = re.findall(r'<div class="live-entry">(.*?)</div>\s*</div>', page, re.DOTALL)

    article = parse_article(page, url=URL)

    assert len(posts) >= 5
    for post in posts:
        for paragraph in re.findall(r"<p>([^<]+)</p>", post):
            assert paragraph in article.text


def test_a_blogs_date_header_dates_the_post_when_nothing_else_does() -> None:
    page = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<title>解説ノート</title></head><body>
<div id="wrap"><h1>解説ノート</h1>
<div class="entry"><h2 class="date-header">2025年07月29日</h2>
<h3>三回目の直接協議</h3>
<p>ロシアとウクライナは23日、イスタンブールで三回目の直接協議を開いた。</p>
<p>協議は一時間足らずで終わり、捕虜の交換で合意したという。</p>
</div></div></body></html>"""

    article = parse_article(page, url=URL)

    assert article.published_at == datetime(2025, 7, 29, tzinfo=TOKYO)


def test_a_blogs_banner_is_not_the_posts_title() -> None:
    page = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<title>解説ノート: 三回目の直接協議</title></head><body>
<h1><a href="https://blog.example.jp/">解説ノート</a></h1>
<div class="entry"><h3>三回目の直接協議</h3>
<p>ロシアとウクライナは23日、イスタンブールで三回目の直接協議を開いた。</p></div>
</body></html>"""

    assert parse_article(page, url=URL).title == "三回目の直接協議"


def test_a_headline_h1_stays_the_title_without_a_known_site_name() -> None:
    page = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<title>米ロ首脳が電話協議｜試験新聞</title></head><body>
<article><h1>米ロ首脳が電話協議</h1><p>両首脳は12日、電話で協議した。</p></article>
</body></html>"""

    assert parse_article(page, url=URL).title == "米ロ首脳が電話協議"
