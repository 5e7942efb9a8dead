"""find_sections on aggregator text laid out like the summary sites Ronten reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from curation.parsing import find_sections, outlet_for_domain, parse_text_document

# Written for this test: two summarised upstream articles, each with a date line, ✅ bullets, a
# "read more" line whose URL is glued to the next comment, then commentary.
AGGREGATOR_TEXT = """\
停戦をめぐる米ロの動きを整理する
リヤドでの初会合
公開日:2025/02/18

✅ 米国とロシアの外交トップがサウジアラビアで顔を合わせ、戦闘を止める段取りを話し合った。
✅ ウクライナは自国が加わらない場での取り決めを認めない考えを示した。
続きを読む ⇒共同通信 ニュースと解説出典: https://www.47news.jp/12345678.html当事国抜きの協議には懸念も残りますね。
ロシア側は制裁の緩和を求めていると伝えられている。
鉱物資源の協定案
公開日：2025年2月26日

✅ 米国とウクライナはレアアースの権益をめぐる枠組みでおおむね折り合ったとされる。
続きを読む ⇒ 地方ニュースサイト：世界をつなぐ窓 出典: https://news.example.org/world/20250226/minerals?id=9資源の行方から目が離せません。
次のページを読む ⇒
"""


def test_each_date_line_starts_a_section_with_its_citation() -> None:
    sections, citations = find_sections(AGGREGATOR_TEXT)

    assert [s.published for s in sections] == [date(2025, 2, 18), date(2025, 2, 26)]
    assert [s.citation for s in sections] == [0, 1]
    assert citations[0].url == "https://www.47news.jp/12345678.html"
    assert citations[0].outlet_name == "共同通信"
    assert citations[0].published == date(2025, 2, 18)


def test_url_glued_to_the_next_sentence_is_cut_at_the_first_japanese_character() -> None:
    _, citations = find_sections(AGGREGATOR_TEXT)

    assert citations[1].url == "https://news.example.org/world/20250226/minerals?id=9"


def test_unknown_outlet_name_loses_its_tagline() -> None:
    _, citations = find_sections(AGGREGATOR_TEXT)

    assert citations[1].outlet_name == "地方ニュースサイト"


def test_sections_tile_the_text_from_the_first_date_line_to_the_end() -> None:
    sections, _ = find_sections(AGGREGATOR_TEXT)

    assert AGGREGATOR_TEXT[sections[0].start :].startswith("公開日:2025/02/18")
    assert sections[0].end == sections[1].start
    assert AGGREGATOR_TEXT[sections[1].start :].startswith("公開日：2025年2月26日")
    assert sections[1].end == len(AGGREGATOR_TEXT)


def test_section_without_a_source_line_has_no_citation() -> None:
    text = "公開日:2025/03/11\n✅ ジッダでの協議でウクライナ側が三十日間の停戦案を受け入れた。\n"

    sections, citations = find_sections(text)

    assert len(sections) == 1
    assert sections[0].citation is None
    assert citations == []


def test_bare_source_marker_is_a_citation_too() -> None:
    text = "2025年3月18日\n電話会談の要旨。\n引用元：https://www.jiji.com/jc/article?k=1\n"

    _, citations = find_sections(text)

    assert citations[0].outlet_name == "時事通信"


def test_text_without_date_lines_has_no_sections() -> None:
    assert find_sections("ただの本文です。\n二行目です。") == ([], [])


def test_text_document_of_an_aggregator_is_flagged_and_undated() -> None:
    article = parse_text_document(AGGREGATOR_TEXT, url="https://matome.example.jp/p/1")

    assert article.is_aggregator
    assert article.title == "停戦をめぐる米ロの動きを整理する"
    assert article.published_at is None  # the 公開日 lines date the upstream articles
    assert len(article.citations) == 2
    section = article.sections[0]
    assert article.text[section.start : section.end].startswith("公開日:2025/02/18")


@pytest.mark.parametrize(
    ("host", "name"),
    [
        ("jp.reuters.com", "ロイター"),
        ("globe.asahi.com", "朝日新聞GLOBE+"),
        ("www.asahi.com", "朝日新聞"),
        ("asahi.com", "朝日新聞"),
        ("www3.nhk.or.jp", "NHK"),
        ("nordot.app", "共同通信"),
        ("example.com", None),
    ],
)
def test_outlet_for_domain(host: str, name: str | None) -> None:
    assert outlet_for_domain(host) == name


SEEDS = Path("/work/shared/seeds")


def test_seed_page_has_two_cited_sections() -> None:
    if not SEEDS.is_dir():
        pytest.skip("shared seed pages are not available here")
    seed = sorted(SEEDS.glob("*.txt"))[0]

    article = parse_text_document(seed.read_text(encoding="utf-8"))

    assert article.is_aggregator
    assert [(c.url, c.published) for c in article.citations] == [
        (
            "https://jp.reuters.com/world/ukraine/3NJG2OUXGJOBVJO3FZ7LI7GNEE-2025-02-09/",
            date(2025, 2, 10),
        ),
        ("https://globe.asahi.com/article/15630313", date(2025, 2, 19)),
    ]
    assert [c.outlet_name for c in article.citations] == ["ロイター", "朝日新聞GLOBE+"]
    assert [s.citation for s in article.sections] == [0, 1]
