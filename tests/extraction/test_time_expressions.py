from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import (
    EventDate,
    Precision,
    find_time_expressions,
    resolve_time_expression,
)

ANCHOR = date(2025, 2, 10)  # a Monday
D = Precision.DAY
MP = Precision.MONTH_PART
M = Precision.MONTH
Y = Precision.YEAR
R = Precision.RANGE
B = Precision.BEFORE
A = Precision.AFTER
DUR = Precision.DURATION


def d(text: str) -> date:
    return date.fromisoformat(text)


CASES = [
    # absolute days, every spelling
    ("2025年2月12日", "2025-02-12", "2025-02-12", D),
    ("2025/02/10", "2025-02-10", "2025-02-10", D),
    ("2025-02-10", "2025-02-10", "2025-02-10", D),
    ("2025.2.10", "2025-02-10", "2025-02-10", D),
    ("２０２５年２月１２日", "2025-02-12", "2025-02-12", D),
    ("二〇二五年二月十二日", "2025-02-12", "2025-02-12", D),
    ("2024年2月29日", "2024-02-29", "2024-02-29", D),
    # era and plain years
    ("令和7年", "2025-01-01", "2025-12-31", Y),
    ("令和元年", "2019-01-01", "2019-12-31", Y),
    ("平成26年", "2014-01-01", "2014-12-31", Y),
    ("2014年", "2014-01-01", "2014-12-31", Y),
    ("二〇二五年", "2025-01-01", "2025-12-31", Y),
    # month-day without a year: the year nearest the anchor
    ("2月12日", "2025-02-12", "2025-02-12", D),
    ("２月１２日", "2025-02-12", "2025-02-12", D),
    ("二月十二日", "2025-02-12", "2025-02-12", D),
    ("12月25日", "2024-12-25", "2024-12-25", D),
    ("8月15日", "2024-08-15", "2024-08-15", D),
    ("3月18日", "2025-03-18", "2025-03-18", D),
    # a bare day: the nearest month
    ("12日", "2025-02-12", "2025-02-12", D),
    ("十二日", "2025-02-12", "2025-02-12", D),
    ("28日", "2025-01-28", "2025-01-28", D),
    ("3日", "2025-02-03", "2025-02-03", D),
    # relative days
    ("同日", "2025-02-10", "2025-02-10", D),
    ("昨日", "2025-02-09", "2025-02-09", D),
    ("一昨日", "2025-02-08", "2025-02-08", D),
    ("今日", "2025-02-10", "2025-02-10", D),
    ("本日", "2025-02-10", "2025-02-10", D),
    ("明日", "2025-02-11", "2025-02-11", D),
    ("明後日", "2025-02-12", "2025-02-12", D),
    ("3日前", "2025-02-07", "2025-02-07", D),
    ("2週間後", "2025-02-24", "2025-02-24", D),
    # weeks and weekdays
    ("先週", "2025-02-03", "2025-02-09", R),
    ("今週", "2025-02-10", "2025-02-16", R),
    ("来週", "2025-02-17", "2025-02-23", R),
    ("今週末", "2025-02-15", "2025-02-16", R),
    ("火曜日", "2025-02-04", "2025-02-04", D),
    ("月曜日", "2025-02-10", "2025-02-10", D),
    ("来週の水曜日", "2025-02-19", "2025-02-19", D),
    ("先週金曜", "2025-02-07", "2025-02-07", D),
    # months
    ("先月", "2025-01-01", "2025-01-31", M),
    ("今月", "2025-02-01", "2025-02-28", M),
    ("来月", "2025-03-01", "2025-03-31", M),
    ("2月", "2025-02-01", "2025-02-28", M),
    ("11月", "2024-11-01", "2024-11-30", M),
    ("2025年3月", "2025-03-01", "2025-03-31", M),
    ("22年2月", "2022-02-01", "2022-02-28", M),
    # parts of months and years
    ("先月末", "2025-01-21", "2025-01-31", MP),
    ("今月末", "2025-02-21", "2025-02-28", MP),
    ("今月中旬", "2025-02-11", "2025-02-20", MP),
    ("来月上旬", "2025-03-01", "2025-03-10", MP),
    ("2月上旬", "2025-02-01", "2025-02-10", MP),
    ("2月中旬", "2025-02-11", "2025-02-20", MP),
    ("2月下旬", "2025-02-21", "2025-02-28", MP),
    ("2月末", "2025-02-21", "2025-02-28", MP),
    ("2月初め", "2025-02-01", "2025-02-10", MP),
    ("2月初旬", "2025-02-01", "2025-02-10", MP),
    ("2024年2月末", "2024-02-21", "2024-02-29", MP),
    ("年明け", "2025-01-01", "2025-01-15", MP),
    ("昨年末", "2024-12-01", "2024-12-31", MP),
    ("2025年前半", "2025-01-01", "2025-06-30", R),
    ("2025年度", "2025-04-01", "2026-03-31", R),
    # years relative to the anchor
    ("昨年", "2024-01-01", "2024-12-31", Y),
    ("去年", "2024-01-01", "2024-12-31", Y),
    ("今年", "2025-01-01", "2025-12-31", Y),
    ("来年", "2026-01-01", "2026-12-31", Y),
    # a month or day in a relatively named year is one expression, not two
    ("昨年8月", "2024-08-01", "2024-08-31", M),
    ("昨年の8月", "2024-08-01", "2024-08-31", M),
    ("今年2月24日", "2025-02-24", "2025-02-24", D),
    ("来年1月中旬", "2026-01-11", "2026-01-20", MP),
    ("昨年8月から", "2024-08-01", None, A),
    # ranges
    ("15〜16日", "2025-02-15", "2025-02-16", R),
    ("15日から16日", "2025-02-15", "2025-02-16", R),
    ("2月14〜16日", "2025-02-14", "2025-02-16", R),
    ("2月14日〜16日", "2025-02-14", "2025-02-16", R),
    ("2月14日から16日にかけて", "2025-02-14", "2025-02-16", R),
    ("2月28日〜3月2日", "2025-02-28", "2025-03-02", R),
    ("2025年3月23日〜25日", "2025-03-23", "2025-03-25", R),
    ("2月から3月", "2025-02-01", "2025-03-31", R),
    ("１５～１６日", "2025-02-15", "2025-02-16", R),
    # open bounds
    ("2014年以前", None, "2014-12-31", B),
    ("2月末まで", None, "2025-02-28", B),
    ("2022年より前", None, "2021-12-31", B),
    ("年内", "2025-01-01", "2025-12-31", Y),
    ("今月中", "2025-02-01", "2025-02-28", M),
    ("月内", "2025-02-01", "2025-02-28", M),
    ("今週中", "2025-02-10", "2025-02-16", R),
    ("週内", "2025-02-10", "2025-02-16", R),
    ("先月20日", "2025-01-20", "2025-01-20", D),
    ("同じ日", "2025-02-10", "2025-02-10", D),
    ("4月20日の復活祭までに", None, "2025-04-20", B),
    ("2月12日以降", "2025-02-12", None, A),
    ("2022年2月以来", "2022-02-01", None, A),
    ("3月1日から", "2025-03-01", None, A),
    # durations and deadlines
    ("100日以内", "2025-02-10", "2025-05-21", DUR),
    ("半年以内", "2025-02-10", "2025-08-10", DUR),
    ("6か月", "2025-02-10", "2025-08-10", DUR),
    ("6カ月", "2025-02-10", "2025-08-10", DUR),
    ("6ヶ月", "2025-02-10", "2025-08-10", DUR),
    ("六か月", "2025-02-10", "2025-08-10", DUR),
    ("30日間", "2025-02-10", "2025-03-12", DUR),
    ("2日間", "2025-02-10", "2025-02-12", DUR),
    ("2週間", "2025-02-10", "2025-02-24", DUR),
    ("1年半以内", "2025-02-10", "2026-08-10", DUR),
    ("3月18日から30日間", "2025-03-18", "2025-04-17", DUR),
    ("2022年2月から3年", "2022-02-01", "2025-02-01", DUR),
    # named anchors of the domain
    ("就任から100日", "2025-01-20", "2025-04-30", DUR),
    ("侵攻開始から3年", "2022-02-24", "2025-02-24", DUR),
    ("就任直前", None, "2025-01-19", B),
    ("就任後", "2025-01-20", None, A),
    ("侵攻開始", "2022-02-24", "2022-02-24", D),
]


@pytest.mark.parametrize(("expression", "start", "end", "precision"), CASES)
def test_expression_resolves_against_anchor(expression, start, end, precision):
    expected = EventDate(
        d(start) if start else None,
        d(end) if end else None,
        precision,
    )

    mentions = find_time_expressions(expression, ANCHOR)

    assert [(m.expression, m.date) for m in mentions] == [(expression, expected)]


@pytest.mark.parametrize(("expression", "start", "end", "precision"), CASES[:20])
def test_resolve_time_expression_matches_finder(expression, start, end, precision):
    resolved = resolve_time_expression(expression, ANCHOR)

    assert resolved is not None
    assert (resolved.start, resolved.end, resolved.precision) == (
        d(start) if start else None,
        d(end) if end else None,
        precision,
    )


@pytest.mark.parametrize(
    "text",
    [
        "第五条",
        "第5条",
        "3人",
        "1000人",
        "2025",
        "一日も早く",
        "5000億ドル",
        "70歳",
        "第二次政権",
        "一方で",
        "30%",
        "数日",
        "3回目",
        "1000対1000",
        "https://example.com/2025-02-09/item",
        "東部4州",
        "近い将来",
        "両首脳はきょうだいのように",
        "ききょうの花",
    ],
)
def test_not_a_date(text):
    assert find_time_expressions(text, ANCHOR) == []


@pytest.mark.parametrize(
    ("text", "expression", "day"),
    [
        ("欧州の首脳はきょう、ホワイトハウスに集まる。", "きょう", "2025-02-10"),
        ("協議もきょう午後に再開される。", "きょう", "2025-02-10"),
        ("外相会談はあす、リヤドで開かれる。", "あす", "2025-02-11"),
        ("きょうの会合で", "きょう", "2025-02-10"),
    ],
)
def test_kana_today_and_tomorrow_after_a_particle(text, expression, day):
    (mention,) = find_time_expressions(text, ANCHOR)

    assert mention.expression == expression
    assert mention.date == EventDate(d(day), d(day), D)


@pytest.mark.parametrize("text", ["30日間", "2日間", "100日以内"])
def test_lengths_in_days_are_durations_not_days(text):
    (mention,) = find_time_expressions(text, ANCHOR)

    assert mention.date is not None
    assert mention.date.precision is Precision.DURATION


def test_offsets_point_at_the_original_full_width_and_kanji_text():
    text = "会談は二月十二日と２月１５日に行われた。"

    mentions = find_time_expressions(text, ANCHOR)

    assert [(m.expression, text[m.start : m.end]) for m in mentions] == [
        ("二月十二日", "二月十二日"),
        ("２月１５日", "２月１５日"),
    ]


def test_same_day_refers_to_the_day_mentioned_before():
    text = "米ロ首脳は2月12日に電話で話した。同日、米大統領はウクライナ側とも話した。"

    mentions = find_time_expressions(text, date(2025, 3, 20))

    assert mentions[-1].expression == "同日"
    assert mentions[-1].date == EventDate(d("2025-02-12"), d("2025-02-12"), D)


def test_next_day_counts_from_the_day_mentioned_before():
    mentions = find_time_expressions("3月11日に協議し、翌日に声明を出した。", date(2025, 3, 20))

    assert mentions[-1].date == EventDate(d("2025-03-12"), d("2025-03-12"), D)


def test_weekday_of_a_planned_event_is_the_next_one():
    (mention,) = find_time_expressions("両国は火曜日に会談する予定だ。", ANCHOR)

    assert mention.date == EventDate(d("2025-02-11"), d("2025-02-11"), D)


def test_weekday_of_a_past_event_is_the_last_one():
    (mention,) = find_time_expressions("両国は木曜日に会談した。", ANCHOR)

    assert mention.date == EventDate(d("2025-02-06"), d("2025-02-06"), D)


def test_duration_counts_from_the_inauguration_the_sentence_names():
    text = "大統領は就任直前に「6か月」で終わらせたいと述べ、特使に「100日以内」と命じた。"

    mentions = {m.expression: m.date for m in find_time_expressions(text, ANCHOR)}

    assert mentions["6か月"] == EventDate(d("2025-01-20"), d("2025-07-20"), DUR)
    assert mentions["100日以内"] == EventDate(d("2025-01-20"), d("2025-04-30"), DUR)


def test_somebody_elses_taking_office_is_not_the_inauguration():
    mentions = find_time_expressions("首相就任後、3か月以内に訪問する。", ANCHOR)

    assert [m.expression for m in mentions] == ["3か月以内"]
    assert mentions[0].date is not None
    assert mentions[0].date.start == ANCHOR


def test_three_years_since_the_invasion_is_a_duration_from_2022():
    text = "侵略開始から3年を迎えようとする2月12日に電話会談した。"

    mentions = find_time_expressions(text, date(2025, 2, 13))

    assert [(m.expression, m.date) for m in mentions] == [
        ("侵略開始から3年", EventDate(d("2022-02-24"), d("2025-02-24"), DUR)),
        ("2月12日", EventDate(d("2025-02-12"), d("2025-02-12"), D)),
    ]


def test_elapsed_years_count_from_the_invasion_the_sentence_names():
    (mention,) = find_time_expressions("侵攻が始まってから間もなく3年になる。", ANCHOR)

    assert (mention.expression, mention.date) == (
        "3年",
        EventDate(d("2022-02-24"), d("2025-02-24"), DUR),
    )


def test_years_ahead_are_a_duration_from_the_anchor():
    (mention,) = find_time_expressions("加盟は今後10年は実現しないとの見方もある。", ANCHOR)

    assert mention.date == EventDate(ANCHOR, d("2035-02-10"), DUR)


def test_relative_expressions_do_not_resolve_without_an_anchor():
    mentions = find_time_expressions("2月12日と2025年2月18日", None)

    assert [(m.expression, m.date) for m in mentions] == [
        ("2月12日", None),
        ("2025年2月18日", EventDate(d("2025-02-18"), d("2025-02-18"), D)),
    ]


def test_impossible_date_is_found_but_unresolved():
    (mention,) = find_time_expressions("2月30日", ANCHOR)

    assert mention.date is None


def test_resolve_time_expression_returns_none_for_non_dates():
    assert resolve_time_expression("3人", ANCHOR) is None


def test_china_after_this_year_is_not_within_the_year():
    mentions = find_time_expressions("今年中国が仲介した", ANCHOR)

    assert [(m.expression, m.date.precision if m.date else None) for m in mentions] == [("今年", Y)]


@pytest.mark.parametrize("anchor", [date(9999, 12, 31), date(1, 1, 1)])
def test_expressions_beyond_the_calendar_are_found_but_unresolved(anchor):
    mentions = find_time_expressions("昨年の1月と来年の12月に", anchor)

    assert [m.expression for m in mentions] == ["昨年の1月", "来年の12月"]
    assert mentions[0].date is None or mentions[1].date is None


def test_time_of_day_may_sit_inside_a_range():
    (mention,) = find_time_expressions("19日夕方から21日未明まで戦闘を止める。", date(2025, 4, 18))

    assert mention.expression == "19日夕方から21日未明まで"
    assert mention.date == EventDate(d("2025-04-19"), d("2025-04-21"), R)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                list("0123456789０１２年月日〜から以前以降一二十〇末旬上中下曜火週間か同昨")
            ),
            st.text(max_size=3),
        ),
        max_size=25,
    ),
    st.one_of(st.none(), st.dates()),
)
def test_mentions_are_exact_ordered_substrings(pieces, anchor):
    text = "".join(pieces)
    previous_end = 0

    for mention in find_time_expressions(text, anchor):
        assert text[mention.start : mention.end] == mention.expression
        assert previous_end <= mention.start < mention.end
        previous_end = mention.end


def test_two_years_joined_by_kara_are_a_range_not_a_length():
    mentions = find_time_expressions("国防費は2022年から2024年にかけて増えた。", date(2025, 3, 5))

    assert [(m.date.start, m.date.end, m.date.precision) for m in mentions] == [
        (date(2022, 1, 1), date(2024, 12, 31), Precision.RANGE)
    ]


# --- tense decides the year and the month (ANNOTATION.md) -----------------------------------


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # a year-end chronology: a past event is never dated in the future
        ("トランプ大統領は2月12日、プーチン大統領と電話で会談した。", "2025-12-28", "2025-02-12"),
        ("両首脳は12月30日に会談した。", "2025-01-08", "2024-12-30"),
        ("両首脳は1月5日に会談する予定だ。", "2025-12-20", "2026-01-05"),
        ("協議は18日に行われると発表した。", "2025-02-17", "2025-02-18"),
        ("米政府は3日、軍事支援を停止すると明らかにした。", "2025-03-04", "2025-03-03"),
        ("ウクライナは会談を3月10日に延期した。", "2025-02-19", "2025-03-10"),
        ("協議が開かれた2月18日以降も方針は変わらない。", "2025-02-20", "2025-02-18"),
        ("プーチン氏は先月16日に会談した。", "2025-06-03", "2025-05-16"),
        ("ついさきほど声明を発表した。", "2025-04-20", "2025-04-20"),
    ],
)
def test_tense_decides_the_year_and_the_month(text, anchor, expected):
    mentions = [m for m in find_time_expressions(text, d(anchor)) if m.date is not None]

    assert mentions[0].date.start == d(expected)
