from datetime import date

import pytest

from claims.extraction import find_reference_dates, is_boilerplate, split_sentences
from claims.extraction.sentences import has_predicate


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_splits_on_japanese_and_ascii_terminators():
    text = "米ロが協議した。欧州は警戒！本当か？ええ!そうだ?"

    assert sentences(text) == ["米ロが協議した。", "欧州は警戒！", "本当か？", "ええ!", "そうだ?"]


def test_newline_ends_a_sentence_without_terminator():
    assert sentences("見出しの行\n本文が続く。") == ["見出しの行", "本文が続く。"]


def test_quote_with_terminators_stays_whole():
    text = "大統領は「停戦は近い。合意もできる！」と述べた。次の文。"

    assert sentences(text) == ["大統領は「停戦は近い。合意もできる！」と述べた。", "次の文。"]


def test_parentheses_and_double_quotes_stay_whole():
    text = "条約（第5条。集団防衛）に触れ、『安全。保証』を求めた。終わり。"

    assert sentences(text) == [
        "条約（第5条。集団防衛）に触れ、『安全。保証』を求めた。",
        "終わり。",
    ]


def test_unclosed_bracket_does_not_swallow_the_line():
    text = "彼は「停戦を求めた。会談は続く。"

    assert sentences(text) == ["彼は「停戦を求めた。", "会談は続く。"]


def test_repeated_terminators_belong_to_the_sentence():
    assert sentences("本当に合意した!?次だ。") == ["本当に合意した!?", "次だ。"]


@pytest.mark.parametrize(
    "line",
    [
        "✅ 米国は協議を続けると表明した。",
        "💡 米国は協議を続けると表明した。",
        "・米国は協議を続けると表明した。",
        "● 米国は協議を続けると表明した。",
        "■米国は協議を続けると表明した。",
        "◆ 米国は協議を続けると表明した。",
        "- 米国は協議を続けると表明した。",
        "1. 米国は協議を続けると表明した。",
        "(2) 米国は協議を続けると表明した。",
        "①米国は協議を続けると表明した。",
        "✔️ 米国は協議を続けると表明した。",
        "1️⃣ 米国は協議を続けると表明した。",
        "#️⃣米国は協議を続けると表明した。",
        "▶︎ 米国は協議を続けると表明した。",  # the text-style variant of ▶
    ],
)
def test_list_marker_is_not_part_of_the_sentence(line):
    assert sentences(line) == ["米国は協議を続けると表明した。"]


@pytest.mark.parametrize(
    "line",
    [
        "【ワシントン＝山田花子】米国は協議を続けると表明した。",
        "【ＡＦＰ＝時事】米国は協議を続けると表明した。",
        "（ロンドン＝共同）米国は協議を続けると表明した。",
        "【モスクワ共同】米国は協議を続けると表明した。",
        "【速報】米国は協議を続けると表明した。",
    ],
)
def test_dateline_and_byline_are_not_part_of_the_sentence(line):
    assert sentences(line) == ["米国は協議を続けると表明した。"]


def test_a_bracket_that_belongs_to_the_sentence_stays():
    assert sentences("（ウクライナ政府によると）米国は協議を続ける。") == [
        "（ウクライナ政府によると）米国は協議を続ける。"
    ]


def test_list_item_is_one_sentence_even_with_several_terminators():
    text = "✅ 会談は終わった。次回は未定だ。\n本文。"

    assert sentences(text) == ["会談は終わった。次回は未定だ。", "本文。"]


def test_spans_exclude_surrounding_whitespace():
    text = "  \u3000米国は表明した。  \n\n   "

    (span,) = split_sentences(text)

    assert text[span[0] : span[1]] == "米国は表明した。"


def test_url_ends_the_citation_it_closes():
    text = "出典: https://example.com/a-2025-02-09/次の文は可能性がある。"

    assert sentences(text) == ["出典: https://example.com/a-2025-02-09/", "次の文は可能性がある。"]


def test_question_mark_inside_url_does_not_split():
    text = "参照 https://example.com/a?b=1 の記事。"

    assert sentences(text)[0] == "参照 https://example.com/a?b=1"


def test_windows_line_endings_are_handled():
    text = "一つ目の文。\r\n二つ目の文。"

    assert sentences(text) == ["一つ目の文。", "二つ目の文。"]


@pytest.mark.parametrize(
    "sentence",
    [
        "次のページを読む ⇒",
        "続きを読む",
        "関連記事：停戦の行方",
        "関連：ウクライナ和平交渉の行方を読み解く",
        "あわせて読みたい：停戦監視の仕組みとは",
        "おすすめ記事",
        "今回はこの2週間の動きをまとめてみました！",
        "そして昨日の動きです。",
        "Copyright 2025 Example Inc.",
        "© 2025 Example",
        "出典：ある通信社",
        "参考: https://example.com/news/1",
        "公開日:2025/02/10",
        "更新日：2025年2月11日",
        "2025/02/10 12:00",
        "写真: 会談に臨む両首脳",
        "画像：署名式の様子",
        "停戦は本当に実現するのか？",
        "本当に実現するのか?",
        "これは大きな一歩になるんやないかな?",
        "これは大きな一歩になりそうですね。",
        "会談は長引きますね。",
        "合意は近いでしょうか。",
        "交渉はうまくいくかな",
        "それでは、詳しく見ていきましょう。",
        "ええ、協議は続いているようです。",
    ],
)
def test_boilerplate_is_recognised(sentence):
    assert is_boilerplate(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "米国は協議を続けると表明した。",
        "両首脳は2月12日に電話で話した。",
        "交渉は困難を伴うと予想されます。",
        "停戦が実現する可能性がある。",
    ],
)
def test_claims_are_not_boilerplate(sentence):
    assert not is_boilerplate(sentence)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("米国は協議を続けると表明した。", True),
        ("交渉は困難だ", True),
        ("停戦の見通しは厳しい。", True),
        ("合意には至っていません。", True),
        ("米大統領がロシア大統領と電話会談。", True),
        ("和平交渉の行方", False),
        ("困難", False),
        ("良好な関係", False),
        ("大統領、ロシア側と電話会談!", False),
    ],
)
def test_predicate_separates_statements_from_headings(sentence, expected):
    assert has_predicate(sentence) is expected


def test_reference_dates_are_read_from_datelines():
    text = "前置き\n公開日:2025/02/10\n本文\n公開日：2025年2月19日\n本文"

    found = find_reference_dates(text)

    assert found == [
        (text.index("公開日:"), date(2025, 2, 10)),
        (text.index("公開日："), date(2025, 2, 19)),
    ]
