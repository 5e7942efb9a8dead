from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import (
    EventDate,
    Modality,
    Precision,
    extract_claims,
    split_sentences,
)
from claims.extraction.bench import benchmark_extraction
from claims.extraction.reading import sentence_candidates
from claims.extraction.sentences import find_reference_dates

# An aggregator-style page written for these tests: two sections, each with its own dateline,
# emoji bullets summarising an upstream article, a citation line and chatty commentary.
PAGE = "\n".join(
    [
        "停戦交渉の行方、各国の思惑は",
        "✨ 動き出した和平協議を整理してみました",
        "",
        "公開日:2025/03/12",
        "",
        "✅ ウクライナはジッダでの協議で、米国が示した30日間の停戦案を受け入れた。",
        "✅ ルビオ国務長官は、今度はロシアが応じるかが問われていると述べた。",
        "✅ 米国は停止していた軍事支援を再開すると発表した。",
        "さらに読む⇒架空通信 出典: https://news.example/2025-03-11/ceasefire",
        "ロシアがどう答えるのか注目ですね。",
        "",
        "公開日:2025/03/19",
        "",
        "💡 トランプ大統領とプーチン大統領は18日に電話で会談し、"
        "エネルギー施設への攻撃を30日間止めることで一致した。",
        "💡 ペスコフ大統領報道官によると、全面的な停戦には武器供与の停止が条件になるという。",
        "💡 ゼレンスキー大統領は、エネルギー施設への攻撃停止を支持すると表明した。",
        "続きを読む",
        "ウィトコフ特使は13日にモスクワを訪れ、プーチン氏と会ったとされる。",
        "黒海の航行をめぐる技術的な協議は来週、リヤドで開かれる予定だ。",
        "両国の溝は埋まるのでしょうか？",
    ]
)
PUBLISHED = date(2025, 4, 5)


def claims_by_text(text: str = PAGE, **kwargs):
    kwargs.setdefault("published", PUBLISHED)
    return {c.text: c for c in extract_claims(text, **kwargs)}


def readings(text: str, published: date):
    """Every informative sentence read on its own (before claims are assembled)."""
    return [
        r.candidate
        for r in sentence_candidates(
            text, published=published, references=find_reference_dates(text)
        )
    ]


def test_each_event_becomes_one_dated_claim_with_its_evidence():
    found = claims_by_text()

    assert list(found) == [
        "ウクライナはジッダでの協議で、米国が示した30日間の停戦案を受け入れた。",
        "ルビオ国務長官は、今度はロシアが応じるかが問われていると述べた。",
        "トランプ大統領とプーチン大統領は18日に電話で会談し、"
        "エネルギー施設への攻撃を30日間止めることで一致した。",
        "ペスコフ大統領報道官によると、全面的な停戦には武器供与の停止が条件になるという。",
        "ゼレンスキー大統領は、エネルギー施設への攻撃停止を支持すると表明した。",
        "ウィトコフ特使は13日にモスクワを訪れ、プーチン氏と会ったとされる。",
        "黒海の航行をめぐる技術的な協議は来週、リヤドで開かれる予定だ。",
    ]
    accepted = found["ウクライナはジッダでの協議で、米国が示した30日間の停戦案を受け入れた。"]
    # No date of its own: the aggregator section's date (公開日), and the sentence after it,
    # which names no new party, is more evidence of the same claim.
    assert accepted.event_date == EventDate(date(2025, 3, 12), date(2025, 3, 12), Precision.DAY)
    assert [PAGE[start:end] for start, end in accepted.evidence] == [
        "ウクライナはジッダでの協議で、米国が示した30日間の停戦案を受け入れた。",
        "米国は停止していた軍事支援を再開すると発表した。",
    ]
    assert all(claim.event_date is not None for claim in found.values())


def test_quotes_point_at_the_exact_sentence_without_its_bullet():
    for candidate in extract_claims(PAGE, published=PUBLISHED):
        assert PAGE[candidate.quote_start : candidate.quote_end] == candidate.text
        assert not candidate.text.startswith(("✅", "💡", " "))


def test_relative_days_resolve_against_the_sections_dateline():
    found = claims_by_text()
    call = found[
        "トランプ大統領とプーチン大統領は18日に電話で会談し、"
        "エネルギー施設への攻撃を30日間止めることで一致した。"
    ]

    assert call.time_expression == "18日"
    assert call.event_date == EventDate(date(2025, 3, 18), date(2025, 3, 18), Precision.DAY)


def test_next_week_counts_from_the_sections_dateline():
    talks = claims_by_text()["黒海の航行をめぐる技術的な協議は来週、リヤドで開かれる予定だ。"]

    assert talks.event_date == EventDate(date(2025, 3, 24), date(2025, 3, 30), Precision.RANGE)
    assert talks.modality is Modality.PLANNED
    assert talks.issues == ("ceasefire_monitoring", "negotiations_process")


def test_explicit_reference_dates_replace_the_datelines():
    offset = PAGE.index("💡")

    found = claims_by_text(reference_dates=[(offset, date(2025, 4, 20))])
    call = next(c for c in found.values() if c.time_expression == "18日")

    assert call.event_date is not None
    assert call.event_date.start == date(2025, 4, 18)


def test_without_reference_dates_the_publication_date_is_the_anchor():
    text = "トランプ大統領とプーチン大統領は18日に電話で会談した。"

    (call,) = extract_claims(text, published=date(2025, 4, 5))

    assert call.event_date is not None
    assert call.event_date.start == date(2025, 3, 18)  # a past event: on or before the anchor


def test_actors_speakers_issues_and_modality_of_a_statement():
    statement = claims_by_text()[
        "ゼレンスキー大統領は、エネルギー施設への攻撃停止を支持すると表明した。"
    ]

    assert statement.actors == ("zelensky",)
    assert statement.speakers == ("zelensky",)
    assert statement.issues == ("energy_infrastructure",)
    assert statement.matched_keywords == {"energy_infrastructure": ("エネルギー施設",)}
    assert statement.modality is Modality.ASSERTED


def test_hearsay_is_reported_and_its_source_speaks():
    hearsay = claims_by_text()[
        "ペスコフ大統領報道官によると、全面的な停戦には武器供与の停止が条件になるという。"
    ]

    assert hearsay.modality is Modality.REPORTED
    assert hearsay.speakers == ("peskov",)
    assert hearsay.issues == ("ceasefire_monitoring",)


def test_full_signals_give_higher_confidence_than_few():
    found = claims_by_text()
    strong = found["ルビオ国務長官は、今度はロシアが応じるかが問われていると述べた。"]
    weak = found["黒海の航行をめぐる技術的な協議は来週、リヤドで開かれる予定だ。"]
    full = extract_claims(
        "ルビオ国務長官は18日、停戦協議が進んだと述べた。", published=date(2025, 3, 19)
    )[0]

    assert full.confidence >= 0.9
    assert full.confidence > strong.confidence > weak.confidence
    assert all(0.0 <= c.confidence <= 1.0 for c in found.values())


def test_boilerplate_headings_and_questions_are_not_candidates():
    texts = " ".join(claims_by_text())

    assert "注目ですね" not in texts
    assert "続きを読む" not in texts
    assert "news.example" not in texts
    assert "埋まるのでしょうか" not in texts
    assert "各国の思惑" not in texts


def test_sentence_with_neither_actor_nor_date_is_skipped():
    assert extract_claims("停戦の監視体制が焦点になっている。", published=PUBLISHED) == []


def test_unknown_person_names_are_proposed_for_the_lexicon():
    (claim,) = extract_claims(
        "ナタリア・ガリバレンコ氏は12日、トランプ氏を批判した。", published=PUBLISHED
    )

    assert claim.unknown_names == ("ナタリア・ガリバレンコ",)
    assert claim.speakers == ("trump",) or claim.speakers == ()


def test_same_day_refers_back_across_sentences():
    text = "トランプ大統領は12日、プーチン大統領と電話で会談した。同日、ゼレンスキー氏とも話した。"

    second = extract_claims(text, published=date(2025, 2, 20))[1]

    assert second.time_expression == "同日"
    assert second.event_date == EventDate(date(2025, 2, 12), date(2025, 2, 12), Precision.DAY)


def test_empty_text_has_no_candidates():
    assert extract_claims("", published=None) == []


FRAGMENTS = [
    "トランプ大統領は",
    "プーチン氏と",
    "米ロ",
    "ウクライナの",
    "２月１２日に",
    "十二日",
    "同日",
    "100日以内",
    "電話会談した",
    "停戦を",
    "NATO加盟",
    "と述べた",
    "可能性がある",
    "。",
    "！",
    "？",
    "\n",
    "\r\n",
    "「",
    "」",
    "（",
    "）",
    "✅ ",
    "💡",
    "・",
    "1. ",
    "①",
    "\u3000",
    " ",
    "https://example.com/a?b=2025-02-09/",
    "公開日:2025/02/10",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)),
        max_size=30,
    )
)
def test_quotes_are_always_exact_substrings(pieces):
    text = "".join(pieces)

    for candidate in extract_claims(text, published=date(2025, 2, 10)):
        assert text[candidate.quote_start : candidate.quote_end] == candidate.text
        assert candidate.text
        assert set(candidate.speakers) <= set(candidate.actors)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=30))
def test_sentence_spans_are_ordered_non_empty_and_trimmed(pieces):
    text = "".join(pieces)
    previous_end = 0

    for start, end in split_sentences(text):
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end


def test_benchmark_reports_both_rates():
    sentences = ["トランプ大統領は12日、プーチン大統領と電話で会談したと述べた。"] * 20

    result = benchmark_extraction(sentences, repeat=1)

    assert set(result) == {"extract_sentences_per_s", "tokenize_sentences_per_s"}
    assert all(value > 0 for value in result.values())


def test_a_sentence_without_issue_words_carries_on_the_topic_of_the_one_before():
    text = (
        "ゼレンスキー大統領は28日、鉱物資源の協定に署名する見通しだ。\n"
        "ウクライナ議会の批准が、発効の条件となる。"
    )

    first, second = readings(text, date(2025, 2, 26))

    assert second.issues == first.issues == ("minerals_deal",)
    assert second.matched_keywords == {"minerals_deal": ("文脈:鉱物資源",)}


def test_the_topic_does_not_cross_into_another_section():
    text = (
        "公開日:2025/03/01\n"
        "ゼレンスキー大統領は28日、鉱物資源の協定に署名する見通しだ。\n"
        "公開日:2025/03/20\n"
        "ゼレンスキー大統領は19日、記者団の質問に答えた。"
    )

    candidates = extract_claims(text, published=date(2025, 3, 20))

    assert [c.issues for c in candidates] == [("minerals_deal",), ()]


def test_same_person_refers_back_to_the_last_person_named_in_the_section():
    text = (
        "公開日:2025/03/01\n"
        "ゼレンスキー大統領は28日、ホワイトハウスを訪れた。\n"
        "同氏は、安全の保証がない停戦は受け入れられないと強調した。\n"
        "公開日:2025/03/20\n"
        "同氏は、安全の保証が必要だと繰り返し述べた。"
    )

    candidates = readings(text, date(2025, 3, 20))

    assert [c.text[:3] for c in candidates] == ["ゼレン", "同氏は", "同氏は"]
    assert candidates[1].actors == ("zelensky",)
    assert candidates[1].speakers == ("zelensky",)
    assert candidates[2].actors == ()  # another section: 同氏 is not resolved


def test_the_date_of_the_predicate_wins_over_a_sources_or_a_background_events_date():
    cases = {
        "5日付の米紙によると、ロシアは7日にイスタンブールで協議に臨む。": "7日",
        "米紙は5日付で、ロシアが7日に協議すると報じた。": "7日",
        "12日の電話会談を受け、ウィトコフ特使は13日にモスクワを訪れた。": "13日",
        "ゼレンスキー大統領は3日の朝、キーウで会見を開いた。": "3日",
    }

    for text, expression in cases.items():
        (candidate,) = extract_claims(text, published=date(2025, 3, 20))
        assert candidate.time_expression == expression, text


def test_a_month_is_more_precise_than_a_season():
    (candidate,) = extract_claims(
        "ウクライナは今秋、10月にも選挙を実施する方針だ。", published=date(2025, 7, 1)
    )

    assert candidate.time_expression == "10月"


def test_same_title_refers_back_to_the_last_person_with_that_title():
    text = (
        "ゼレンスキー大統領は13日、ウメロフ国防相と会談した。\n"
        "同大統領は、米国の支援に謝意を表明した。"
    )

    candidates = readings(text, date(2025, 3, 20))

    assert candidates[1].speakers == ("zelensky",)
    assert "umerov" not in candidates[1].actors


def test_a_person_the_lexicon_does_not_know_may_be_the_one_referred_to():
    text = (
        "トランプ大統領は13日、停戦を訴えた。\n"
        "ホワイトハウスのミラー次席補佐官も会見した。\n"
        "同氏は、制裁の強化を検討していると述べた。"
    )

    candidates = extract_claims(text, published=date(2025, 3, 20))

    assert all("trump" not in c.actors for c in candidates if c.text.startswith("同氏"))


def test_a_question_or_a_time_stamp_opens_a_new_passage_without_the_old_topic():
    text = (
        "Q. 停戦後の安全はどう守るのか？\n"
        "英仏は、停戦後に部隊をウクライナに派遣する構えだ。\n"
        "Q. 交渉は進んでいるのか？\n"
        "トランプ大統領は15日、合意は近いと述べた。\n"
        "15:30\n"
        "ゼレンスキー大統領は15日、記者団に見通しを語った。"
    )

    candidates = {c.text[:6]: c for c in readings(text, date(2025, 12, 16))}

    assert "peacekeeping" in candidates["英仏は、停戦"].issues
    assert candidates["ゼレンスキー"].issues == ()
    assert "peacekeeping" not in candidates["トランプ大統領"[:6]].issues


def test_a_heading_line_without_closing_punctuation_is_no_claim_but_a_bullet_is():
    text = (
        "欧州首脳らとの拡大会合始まる\n"
        "ルビオ国務長官「残る課題は多くない」\n"
        "✅ トランプ大統領は18日、ゼレンスキー大統領と会談した\n"
        "トランプ大統領は18日、欧州の首脳らとも会談した。"
    )

    texts = [c.text for c in extract_claims(text, published=date(2025, 8, 19))]

    assert texts == [
        "トランプ大統領は18日、ゼレンスキー大統領と会談した",
        "トランプ大統領は18日、欧州の首脳らとも会談した。",
    ]
