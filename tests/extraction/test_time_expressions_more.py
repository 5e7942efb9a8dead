"""Time expressions found by the extraction audit: counts that are not dates, 両日, 同月/同年,
seasons, kana days after particles, kanji ranges, hours, whose 就任 it is, and lengths of
ranges."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import EventDate, Precision, find_time_expressions
from claims.extraction.timeexpr import TimeScanner

ANCHOR = date(2025, 2, 10)  # a Monday
D = Precision.DAY
MP = Precision.MONTH_PART
M = Precision.MONTH
R = Precision.RANGE
B = Precision.BEFORE
DUR = Precision.DURATION


def d(text: str) -> date:
    return date.fromisoformat(text)


def found(text: str, anchor: date = ANCHOR) -> list[tuple[str, EventDate | None]]:
    return [(m.expression, m.date) for m in find_time_expressions(text, anchor)]


# --- counts and ordinals are not dates ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ロシア軍による無人機攻撃は3日連続となった。",
        "イスタンブールでの協議は2日目に入った。",
        "全面侵攻は4年目に入った。",
        "ロシアの原油輸出は前年同期比で2割減った。",
        "ガス収入は昨年同月比で3割落ち込んだ。",
        "協議は第5日に入った。",
    ],
)
def test_counts_and_ordinals_of_days_and_years_are_not_dates(text):
    assert find_time_expressions(text, ANCHOR) == []


@pytest.mark.parametrize(
    ("text", "expression", "days"),
    [
        ("米ロの実務者協議は3日にわたり続いた。", "3日", 3),
        ("合同演習は3日間にわたって行われた。", "3日間", 3),
        ("停戦の期間を10〜12日に短縮する案が浮上した。", "10〜12日", 12),
        ("双方は停戦を10～12日程度とする方向で調整している。", "10～12日程度", 12),
        ("会期を5日に延長した。", "5日", 5),
    ],
)
def test_day_numbers_that_give_a_length_are_durations(text, expression, days):
    ((found_expression, event_date),) = found(text)

    assert found_expression == expression
    assert event_date == EventDate(ANCHOR, ANCHOR + timedelta(days=days), DUR)


@pytest.mark.parametrize(
    ("text", "expression", "start", "end", "precision"),
    [
        ("期限を2月5日に延長した。", "2月5日", "2025-02-05", "2025-02-05", D),
        ("協議は1日から3日にわたり続いた。", "1日から3日", "2025-02-01", "2025-02-03", R),
    ],
)
def test_with_a_month_or_as_a_range_the_days_stay_dates(text, expression, start, end, precision):
    assert found(text) == [(expression, EventDate(d(start), d(end), precision))]


def test_an_ordinal_year_since_the_invasion_is_that_year():
    assert found("ロシアによる侵攻開始から4年目に入った。") == [
        ("侵攻開始から4年目", EventDate(d("2025-02-24"), d("2026-02-23"), R))
    ]


def test_an_ordinal_day_since_the_inauguration_is_that_day():
    assert found("就任から100日目を迎えた。") == [
        ("就任から100日目", EventDate(d("2025-04-29"), d("2025-04-29"), D))
    ]


# --- 両日: two named days ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expression", "start", "end"),
    [
        (
            "米ロの実務者協議は15、16の両日、イスタンブールで開かれた。",
            "15、16の両日",
            "2025-02-15",
            "2025-02-16",
        ),
        ("欧州の首脳は15、16両日に会合を持つ。", "15、16両日", "2025-02-15", "2025-02-16"),
        ("協議は15日と16日の両日に行われた。", "15日と16日の両日", "2025-02-15", "2025-02-16"),
        ("外相会合は3月15、16の両日に開かれる。", "3月15、16の両日", "2025-03-15", "2025-03-16"),
        ("会合は十五、十六の両日に開かれた。", "十五、十六の両日", "2025-02-15", "2025-02-16"),
        (
            "会議は2月28日と3月1日の両日に開く。",
            "2月28日と3月1日の両日",
            "2025-02-28",
            "2025-03-01",
        ),
    ],
)
def test_both_days_are_one_range(text, expression, start, end):
    assert found(text, date(2025, 2, 20)) == [(expression, EventDate(d(start), d(end), R))]


# --- 同月 / 同年: the month or year mentioned before ------------------------------------------------


def test_end_of_the_same_month_is_the_month_mentioned_before():
    mentions = found(
        "両首脳は3月18日に電話で協議し、同月末に再び話し合うことで一致した。", date(2025, 3, 20)
    )

    assert mentions[-1] == ("同月末", EventDate(d("2025-03-21"), d("2025-03-31"), MP))


def test_the_same_month_carries_across_sentences():
    scanner = TimeScanner()
    scanner.scan("米国は2024年11月に長射程兵器の使用を認めた。", ANCHOR)

    (mention,) = scanner.scan("同月中旬には最初の攻撃があった。", ANCHOR)

    assert (mention.expression, mention.date) == (
        "同月中旬",
        EventDate(d("2024-11-11"), d("2024-11-20"), MP),
    )


@pytest.mark.parametrize(
    ("text", "expression", "start", "end", "precision"),
    [
        (
            "ロシアは2022年2月に侵攻し、同年末までに東部の大半を掌握した。",
            "同年末までに",
            None,
            "2022-12-31",
            B,
        ),
        (
            "ロシアは2022年2月に侵攻し、同年9月に4州の併合を宣言した。",
            "同年9月",
            "2022-09-01",
            "2022-09-30",
            M,
        ),
        ("協議は3月11日に始まり、同月20日に再開した。", "同月20日", "2025-03-20", "2025-03-20", D),
        ("2023年6月に反攻が始まり、同年秋には停滞した。", "同年秋", "2023-09-01", "2023-11-30", R),
    ],
)
def test_same_year_and_month_refer_to_the_date_mentioned_before(
    text, expression, start, end, precision
):
    last = found(text, date(2025, 3, 25))[-1]

    assert last == (expression, EventDate(d(start) if start else None, d(end), precision))


def test_same_month_without_an_earlier_date_is_the_anchor_month():
    assert found("同月末に結論を出す。") == [
        ("同月末", EventDate(d("2025-02-21"), d("2025-02-28"), MP))
    ]


# --- seasons ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expression", "start", "end"),
    [
        ("首脳会談は今秋にも開かれる見通しだ。", "今秋", "2025-09-01", "2025-11-30"),
        ("大統領は今夏、欧州を訪れる予定だ。", "今夏", "2025-06-01", "2025-08-31"),
        ("今春の停戦合意を目指す。", "今春", "2025-03-01", "2025-05-31"),
        ("今冬はエネルギー施設への攻撃が続いた。", "今冬", "2024-12-01", "2025-02-28"),
        ("昨秋、北朝鮮兵がロシアに派遣された。", "昨秋", "2024-09-01", "2024-11-30"),
        ("来春までに合意したい考えだ。", "来春までに", None, "2026-05-31"),
        ("来冬に向けて発電設備を修復する。", "来冬", "2025-12-01", "2026-02-28"),
        ("2025年秋に首脳会談を開く案がある。", "2025年秋", "2025-09-01", "2025-11-30"),
        ("今年夏には交渉が停滞した。", "今年夏", "2025-06-01", "2025-08-31"),
    ],
)
def test_seasons_are_three_month_ranges(text, expression, start, end):
    precision = B if start is None else R

    assert found(text) == [(expression, EventDate(d(start) if start else None, d(end), precision))]


def test_this_winter_in_autumn_is_the_coming_winter():
    assert found("今冬の電力不足が懸念される。", date(2025, 10, 20)) == [
        ("今冬", EventDate(d("2025-12-01"), d("2026-02-28"), R))
    ]


@pytest.mark.parametrize(
    "text", ["秋田県の知事", "今春闘の結果", "春秋の筆法", "本来春に予定された"]
)
def test_season_characters_inside_other_words_are_not_seasons(text):
    assert find_time_expressions(text, ANCHOR) == []


def test_a_season_after_a_year_and_no_is_still_the_year():
    assert found("2025年の春に交渉が動いた。") == [
        ("2025年", EventDate(d("2025-01-01"), d("2025-12-31"), Precision.YEAR))
    ]


# --- kana days after a particle ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expression", "day"),
    [
        ("トランプ氏はきのう、プーチン氏と電話で話した。", "きのう", "2025-02-09"),
        ("ゼレンスキー氏がきのう発表した声明", "きのう", "2025-02-09"),
        ("プーチン氏もおととい、同じ考えを示した。", "おととい", "2025-02-08"),
        ("外相会談はあした開かれる。", "あした", "2025-02-11"),
        ("首脳はきょう会談する。", "きょう", "2025-02-10"),
    ],
)
def test_kana_days_after_a_particle(text, expression, day):
    assert found(text) == [(expression, EventDate(d(day), d(day), D))]


@pytest.mark.parametrize("text", ["きょうと", "ききのう", "おおきのうえ"])
def test_kana_days_inside_other_words_are_not_dates(text):
    assert find_time_expressions(text, ANCHOR) == []


# --- ranges with kanji numerals and the full-width tilde ---------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("十五～十六日", "2025-02-15", "2025-02-16"),
        ("十五〜十六日", "2025-02-15", "2025-02-16"),
        ("15～16日", "2025-02-15", "2025-02-16"),
        ("二月二十八～三月二日", "2025-02-28", "2025-03-02"),
    ],
)
def test_ranges_in_kanji_numerals_or_with_a_full_width_tilde(text, start, end):
    assert found(text) == [(text, EventDate(d(start), d(end), R))]


# --- hours -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expression", "end"),
    [
        ("ロシアは72時間の停戦を一方的に宣言した。", "72時間", "2025-02-13"),
        ("米側は48時間以内に回答するよう求めた。", "48時間以内", "2025-02-12"),
        ("3時間以内に返答がなければ協議を打ち切る。", "3時間以内", "2025-02-11"),
    ],
)
def test_hours_of_a_truce_or_a_deadline_are_durations_in_whole_days(text, expression, end):
    assert found(text) == [(expression, EventDate(ANCHOR, d(end), DUR))]


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("ロシアは5月8日から72時間の停戦を宣言した。", "5月8日から72時間"),
        ("ロシアは8日午前0時から72時間の停戦を宣言した。", "8日午前0時から72時間"),
    ],
)
def test_hours_counted_from_a_date_start_on_that_date(text, expression):
    assert found(text, date(2025, 4, 29)) == [
        (expression, EventDate(d("2025-05-08"), d("2025-05-11"), DUR))
    ]


@pytest.mark.parametrize(
    "text",
    [
        "両氏は約4時間半にわたり会談した。",
        "電話会談は2時間以上に及んだ。",
        "停戦は24時間体制で監視される。",
    ],
)
def test_hours_a_meeting_lasted_are_not_dates(text):
    assert find_time_expressions(text, ANCHOR) == []


def test_a_day_with_a_meeting_length_in_hours_stays_a_day():
    assert found("両首脳は12日午後から2時間協議した。", date(2025, 2, 13)) == [
        ("12日", EventDate(d("2025-02-12"), d("2025-02-12"), D))
    ]


# --- whose inauguration ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "メルツ首相は就任後100日で欧州の防衛費を増やす。",
        "ドイツの新首相の就任から100日がたった。",
        "就任直後のメルツ首相はキーウを訪れた。",
        "ルビオ氏は国務長官として就任後、リヤドでの協議に臨んだ。",
    ],
)
def test_somebody_elses_inauguration_is_not_trumps(text):
    dates = [event_date for _, event_date in found(text)]

    assert all(
        event_date is None or d("2025-01-20") not in (event_date.start, event_date.end)
        for event_date in dates
    )


def test_another_office_holders_days_in_office_stay_unresolved():
    assert found("メルツ首相は就任後100日で欧州の防衛費を増やす。") == [("就任後100日", None)]


@pytest.mark.parametrize(
    "text",
    [
        "トランプ大統領は就任後100日で和平を実現すると述べた。",
        "ルビオ国務長官は、トランプ大統領の就任から100日を前に会見した。",
    ],
)
def test_trumps_inauguration_is_still_recognised(text):
    ((_, event_date),) = found(text)

    assert event_date == EventDate(d("2025-01-20"), d("2025-04-30"), DUR)


# --- lengths of a given range ----------------------------------------------------------------


def test_the_length_of_a_range_belongs_to_the_range():
    assert found("会合は8日から10日までの3日間、ジュネーブで開かれた。") == [
        ("8日から10日までの3日間", EventDate(d("2025-02-08"), d("2025-02-10"), R))
    ]


def test_a_length_counted_from_a_bare_day_starts_that_day():
    assert found("停戦は12日から30日間続く。") == [
        ("12日から30日間", EventDate(d("2025-02-12"), d("2025-03-14"), DUR))
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                list(
                    "0123456789十五六年月日〜～、と両の同末今昨来春夏秋冬時間以内目連続にわたきのう就任後首相は"
                )
            ),
            st.text(max_size=3),
        ),
        max_size=25,
    ),
    st.one_of(st.none(), st.dates()),
)
def test_new_expressions_keep_mentions_exact_and_ordered(pieces, anchor):
    text = "".join(pieces)
    previous_end = 0

    for mention in TimeScanner().scan(text, anchor):
        assert text[mention.start : mention.end] == mention.expression
        assert previous_end <= mention.start < mention.end
        previous_end = mention.end


# --- found in review -----------------------------------------------------------------------------


def test_a_count_after_a_dated_start_is_not_the_end_of_a_range():
    assert found("米ロは2月10日から3日連続で協議した。") == [
        ("2月10日", EventDate(d("2025-02-10"), d("2025-02-10"), D))
    ]
    assert found("協議は2月5日から3日目に入った。") == [
        ("2月5日", EventDate(d("2025-02-05"), d("2025-02-05"), D))
    ]


def test_a_sentence_naming_trump_counts_from_his_inauguration_whoever_speaks():
    ((expression, event_date),) = found(
        "ラブロフ外相は、就任から100日以内に戦争を終わらせるとしたトランプ氏の公約は非現実的だと述べた。"
    )

    assert expression == "就任から100日以内"
    assert event_date is not None and event_date.start == d("2025-01-20")


@pytest.mark.parametrize("text", ["あすかさんが記者会見を開いた。", "首脳はきょうかいで祈った。"])
def test_kana_days_are_not_read_inside_names_and_words(text):
    assert found(text) == []


def test_kana_day_before_kara_is_still_a_day():
    assert found("協議はあすから始まる。") == [
        ("あすから", EventDate(d("2025-02-11"), None, Precision.AFTER))
    ]


def test_round_the_clock_is_no_length():
    assert found("監視団は24時間365日体制で前線を見守る。") == []


def test_since_an_event_named_on_a_day_is_an_open_bound_from_that_day():
    assert found("両首脳が会うのは2月28日の会談以来となる。") == [
        ("2月28日の会談以来", EventDate(d("2025-02-28"), None, Precision.AFTER))
    ]


# --- soon: open from the anchor (ANNOTATION.md: 近く is `after`) ------------------------------


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("首脳は近く電話で協議する予定だ。", "近く"),
        ("補佐官は、近くロシア側と話し合うと述べた。", "近く"),
        ("政府は近日中に新たな制裁を発表する。", "近日中"),
        ("外相は数日内に回答すると述べた。", "数日内"),
    ],
)
def test_soon_is_open_from_the_anchor(text, expression):
    assert found(text) == [(expression, EventDate(ANCHOR, None, Precision.AFTER))]


@pytest.mark.parametrize(
    "text",
    [
        "国境近くの村で戦闘が続いた。",
        "モスクワの近くで爆発があった。",
        "近くにある発電所が攻撃された。",
    ],
)
def test_near_a_place_is_no_date(text):
    assert found(text) == []


def test_near_a_number_stays_a_length():
    ((expression, event_date),) = found("停戦から100日近くが過ぎた。")
    assert expression == "100日近く" and event_date is not None
    assert event_date.precision is DUR


def test_a_deadline_set_in_the_past_is_the_nearest_such_day():
    # 27日 read on 2025-11-21 in a past clause: a deadline ahead of the demand, not October.
    text = "トランプ大統領は、27日の感謝祭までに和平案への回答を求めていた。"
    ((_, event_date),) = found(text, date(2025, 11, 21))
    assert event_date == EventDate(None, date(2025, 11, 27), B)


def test_a_day_set_for_abroad_may_be_the_day_before_a_japanese_page():
    # 14日 read on 2025-02-15 for a meeting set for it: the local 14th, not 14 March.
    ((_, event_date),) = found(
        "米ロ代表団は14日にミュンヘンで会合を開く予定だ。", date(2025, 2, 15)
    )
    assert event_date == EventDate(date(2025, 2, 14), date(2025, 2, 14), D)


def test_a_planned_day_is_read_by_its_own_verb_not_a_later_clauses():
    text = "外相は、次回協議を6月2日に開催し、条件を明記した覚書を提示する用意があるとビデオ声明で発表した。"
    ((_, event_date),) = found(text, date(2025, 5, 28))
    assert event_date == EventDate(date(2025, 6, 2), date(2025, 6, 2), D)
