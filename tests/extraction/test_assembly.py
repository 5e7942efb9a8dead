"""Claims are assembled from sentences by ANNOTATION.md: one per event, dated or not proposed,
with the parties only (texts written for these tests)."""

from datetime import date

import pytest

from claims.extraction import EventDate, Modality, Precision, extract_claims


def claims(text: str, published: date) -> list:
    return extract_claims(text, published=published)


def spans(text: str, claim) -> list[str]:
    return [text[start:end] for start, end in claim.evidence]


def test_sentences_about_one_call_are_one_claim_with_several_pieces_of_evidence():
    text = (
        "トランプ大統領は12日、プーチン大統領と電話で会談した。"
        "会談は約1時間半に及んだ。"
        "両首脳は交渉を直ちに始めることで一致した。"
    )

    (call,) = claims(text, date(2025, 2, 13))

    assert call.event_date == EventDate(date(2025, 2, 12), date(2025, 2, 12), Precision.DAY)
    assert call.actors == ("putin", "trump")
    assert len(call.evidence) == 3
    assert spans(text, call)[0] == "トランプ大統領は12日、プーチン大統領と電話で会談した。"


def test_an_undated_sentence_with_no_dated_event_before_it_is_not_proposed():
    assert claims("ゼレンスキー大統領は、安全の保証が必要だと述べた。", date(2025, 3, 1)) == []


def test_another_partys_statement_after_the_event_is_its_own_claim_on_that_date():
    text = (
        "米国とウクライナの代表団は11日、ジッダで協議した。\n"
        "ルビオ国務長官は協議後、前向きな一歩だと述べた。"
    )

    talks, statement = claims(text, date(2025, 3, 12))

    assert statement.actors == ("rubio",)
    assert statement.event_date == talks.event_date
    assert statement.time_expression is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ロシアのプーチン大統領は18日、トランプ大統領と電話で会談した。", ("putin", "trump")),
        ("ルビオ国務長官は18日、サウジアラビアの首都リヤドで協議した。", ("rubio",)),
        ("ゼレンスキー大統領は18日、ウクライナ和平について語った。", ("zelensky",)),
        ("米ロ首脳の電話会談が日本時間の19日未明に行われた。", ("russia", "us")),
        # who tells it is no party, the body or official before によると included
        ("ホワイトハウス当局者によると、トランプ大統領は19日に決断する。", ("trump",)),
        ("ウクライナ空軍によると、19日夜もロシアの無人機による攻撃が続いた。", ("russia",)),
        # a state's round of talks, its drones and its sanctions are the state acting
        ("ロシアとウクライナの3回目の協議は19日に始まる予定だ。", ("russia", "ukraine")),
        ("EUの対ロシア制裁は9月末までに延長される見通しだ。", ("eu",)),
    ],
)
def test_actors_are_the_parties_only(text, expected):
    (claim,) = claims(text, date(2025, 3, 19))

    assert claim.actors == expected


def test_japanese_time_is_never_the_event_date():
    text = "トランプ大統領とプーチン大統領は15日(日本時間16日)、アラスカで会談した。"

    (summit,) = claims(text, date(2025, 8, 16))

    assert summit.event_date == EventDate(date(2025, 8, 15), date(2025, 8, 15), Precision.DAY)


def test_only_japanese_time_given_early_in_the_day_is_the_day_before_locally():
    text = "トランプ大統領とプーチン大統領の会談は日本時間の16日未明に始まった。"

    (summit,) = claims(text, date(2025, 8, 16))

    assert summit.event_date == EventDate(date(2025, 8, 15), date(2025, 8, 15), Precision.DAY)


def test_substantive_issues_come_from_what_the_claim_concerns():
    energy, swap = claims(
        "プーチン大統領は18日、エネルギー施設への攻撃を30日間停止することに同意した。\n"
        "ロシアとウクライナは19日、175人ずつの捕虜を交換した。",
        date(2025, 3, 20),
    )

    assert energy.issues == ("energy_infrastructure",)
    assert swap.issues == ("prisoner_exchange",)


def test_the_writers_commentary_is_no_claim_nor_evidence():
    text = "トランプ大統領は12日、プーチン大統領と電話で会談した。今後の展開に注目が集まる。"

    (call,) = claims(text, date(2025, 2, 13))

    assert len(call.evidence) == 1


def test_a_claim_dated_after_the_report_is_planned_and_the_announced_day_dates_it():
    text = "トランプ大統領は8日、プーチン大統領と15日にアラスカ州で会談すると表明した。"

    (summit,) = claims(text, date(2025, 8, 9))

    assert summit.event_date == EventDate(date(2025, 8, 15), date(2025, 8, 15), Precision.DAY)
    assert summit.modality is Modality.PLANNED


def test_a_medias_report_date_is_not_the_events():
    text = "英紙は19日、米国が和平案を今週ウクライナに示したと報じた。"

    (plan,) = claims(text, date(2025, 11, 20))

    assert plan.event_date == EventDate(date(2025, 11, 17), date(2025, 11, 23), Precision.RANGE)


def test_an_aggregator_sections_own_commentary_is_no_claim_and_its_summary_is_dated():
    text = "\n".join(
        [
            "公開日:2025/02/10",
            "✅ トランプ大統領は、プーチン大統領と停戦について話し合ったと述べました。",
            "両首脳の直接会談は大きな転機になりそうですね。",
            "私は和平の行方を見守りたいと思います。",
            "✅ ゼレンスキー大統領は2月12日、トランプ大統領と電話で協議しました。",
        ]
    )

    found = extract_claims(text, published=date(2025, 2, 20))

    assert [c.text[:8] for c in found] == ["トランプ大統領は", "ゼレンスキー大統"]
    summary, call = found
    # The summary names no date: its section's date (公開日). The call, told as past, is the
    # 12th although the section is dated the 10th: the page itself is of the 20th.
    assert summary.event_date == EventDate(date(2025, 2, 10), date(2025, 2, 10), Precision.DAY)
    assert call.event_date == EventDate(date(2025, 2, 12), date(2025, 2, 12), Precision.DAY)
    assert call.modality is Modality.ASSERTED


def test_a_plan_for_soon_is_its_own_claim_and_not_the_event_the_next_sentence_continues():
    text = (
        "米国とウクライナの代表団は11日、ジッダで協議した。\n"
        "ウォルツ大統領補佐官は、近くロシア側と電話で協議する予定だと明らかにした。\n"
        "ロシアのペスコフ報道官は、米側から説明を受けるまで判断を控えると述べた。"
    )

    talks, plan, answer = claims(text, date(2025, 3, 12))

    assert plan.event_date == EventDate(date(2025, 3, 12), None, Precision.AFTER)
    assert plan.time_expression == "近く" and plan.modality is Modality.PLANNED
    assert answer.event_date == talks.event_date  # dated by the talks, not by the plan


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A said B agreed: in A's statement, B (the subject of what is said) is no party.
        ("ケロッグ特使は15日、欧州は米ロの交渉の席には着かないとの見方を示した。", ("kellogg",)),
        ("ゼレンスキー大統領は17日、ロシア軍が停戦中も砲撃を続けたと非難した。", ("zelensky",)),
        ("ペスコフ報道官は18日、米ロ首脳会談の日程は決まっていないと説明した。", ("peskov",)),
        # the one criticised is no party either
        ("トランプ大統領は19日、ゼレンスキー氏を選挙を経ていない独裁者と批判した。", ("trump",)),
        # the counterpart of the speaker's own act stays
        (
            "トランプ大統領は20日、プーチン大統領と2週間以内に会うつもりだと述べた。",
            ("putin", "trump"),
        ),
        (
            "ウォルツ補佐官は11日、近くロシア側と電話で協議する予定だと明らかにした。",
            ("russia", "waltz"),
        ),
        # an office telling its own leader's act: the act's parties
        (
            "クレムリンは12日、プーチン氏がトランプ氏をモスクワに招いたと発表した。",
            ("putin", "trump"),
        ),
        # a stance's content: what it is about is no party
        ("ゼレンスキー大統領は14日、NATO加盟にこだわらない考えを示した。", ("zelensky",)),
    ],
)
def test_a_statements_parties_are_its_speaker_and_the_counterparts_of_the_speakers_act(
    text, expected
):
    (claim,) = claims(text, date(2025, 3, 20))
    assert claim.actors == expected


def test_a_partys_own_position_after_the_event_is_its_own_claim_an_account_of_it_is_evidence():
    text = (
        "ルビオ国務長官とラブロフ外相は18日、リヤドで協議した。"
        "ルビオ氏は協議は非常に生産的だったと述べた。"
        "ラブロフ外相は協議の後、欧州の部隊の派遣は受け入れられないと述べた。"
    )

    talks, position = claims(text, date(2025, 2, 19))

    assert len(talks.evidence) == 2  # how the talks went
    assert position.actors == ("lavrov",)
    assert position.event_date == talks.event_date and position.modality is Modality.DENIED


def test_who_took_part_is_evidence_of_the_event():
    text = (
        "スターマー首相は2日、ロンドンで欧州の首脳らと会合を開いた。"
        "会合にはゼレンスキー大統領も出席した。"
    )

    (meeting,) = claims(text, date(2025, 3, 3))

    assert len(meeting.evidence) == 2


@pytest.mark.parametrize(
    "analysis",
    [
        "停戦が実現するかどうかは、ロシアの対応にかかっている。",
        "ロシアが領土で譲歩しない限り、合意は難しいとみられる。",
    ],
)
def test_the_writers_own_analysis_is_no_claim(analysis):
    text = "米国とウクライナは11日、ジッダで協議した。" + analysis

    (talks,) = claims(text, date(2025, 3, 12))

    assert talks.evidence == ((0, len("米国とウクライナは11日、ジッダで協議した。")),)


@pytest.mark.parametrize(
    "second",
    [
        "プーチン氏は会談の後、ロシア軍にエネルギー施設への攻撃を控えるよう命じた。",  # own act after
        "プーチン氏は、停戦の監視には欧州の部隊は要らないとの立場を崩していない。",  # a stance
        "プーチン氏は、欧州の部隊の派遣は認めないとも語った。",  # another point
    ],
)
def test_a_partys_own_act_stance_or_other_point_is_a_claim_of_its_own(second):
    text = "トランプ大統領とプーチン大統領は18日、電話で会談した。" + second

    call, own = claims(text, date(2025, 3, 19))

    assert own.actors == ("putin",) and own.event_date == call.event_date


def test_the_joint_statement_of_the_talks_is_their_evidence():
    text = "米国とウクライナは11日、ジッダで協議した。両国は協議後に共同声明を発表した。"

    (talks,) = claims(text, date(2025, 3, 12))

    assert len(talks.evidence) == 2


def test_a_background_since_a_day_is_not_the_event_the_next_sentence_continues():
    text = (
        "ホワイトハウスは25日、黒海での安全な航行を確保することで合意したと発表した。"
        "米国はリヤドで、23日からウクライナ、ロシアと個別に協議していた。"
        "ゼレンスキー大統領は、制裁を緩めることは誤りだと述べた。"
    )

    *_, statement = claims(text, date(2025, 3, 26))

    assert statement.event_date == EventDate(date(2025, 3, 25), date(2025, 3, 25), Precision.DAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the author of what the sentence is about is background …
        (
            "米ロ首脳は18日、ウクライナが受け入れを表明した停戦案について協議した。",
            ("russia", "us"),
        ),
        # … unless they are all it names …
        ("ロシアとウクライナが合意した停戦は20日に始まった。", ("russia", "ukraine")),
        # … or the counterpart of accepting or refusing it
        ("ウクライナは11日、米国が示した停戦案を受け入れた。", ("ukraine", "us")),
    ],
)
def test_the_author_of_a_plan_the_sentence_is_about_is_background(text, expected):
    (claim,) = claims(text, date(2025, 3, 20))
    assert claim.actors == expected


def test_a_sentence_without_a_subject_goes_on_with_the_statement_before_it():
    text = (
        "トランプ大統領は25日、記者団に対し、多くの進展があったと仲介の成果をアピール。"
        "対ロシア制裁の解除について検討する方針を明らかにした。"
    )

    (statement,) = claims(text, date(2025, 3, 26))

    assert statement.speakers == ("trump",)
    assert "sanctions_relief" in statement.issues
    assert statement.modality is Modality.PLANNED
    assert len(statement.evidence) == 2


def test_a_statement_ending_on_its_noun_has_its_speaker():
    text = "ゼレンスキー大統領は19日、ロシアは停戦案を拒否しており信用できないと表明。"

    (statement,) = claims(text, date(2025, 4, 20))

    assert statement.actors == ("zelensky",) and statement.speakers == ("zelensky",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the talks named only as where the substance came from
        (
            "ロシアとウクライナは23日、直接交渉での合意に基づき、捕虜を交換した。",
            ("prisoner_exchange",),
        ),
        ("ゼレンスキー大統領は19日、米国が仲介した停戦案を支持した。", ("ceasefire_monitoring",)),
        # a proposal made in the talks keeps them
        (
            "ロシアは2日の協議で、前線の一部で停戦を提案した。",
            ("ceasefire_monitoring", "negotiations_process"),
        ),
    ],
)
def test_the_process_is_left_out_where_it_is_incidental_to_the_substance(text, expected):
    (claim,) = claims(text, date(2025, 6, 3))
    assert claim.issues == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what the person did before, in a clause describing him, is background
        ("ゼレンスキー大統領と会談したトランプ大統領は28日、SNSに投稿した。", ("trump",)),
        # the target of a feeling is no party, and a place left is a place
        ("トランプ大統領は28日、ゼレンスキー氏への不快感をあらわにした。", ("trump",)),
        ("ゼレンスキー大統領は28日、ホワイトハウスを後にした。", ("zelensky",)),
    ],
)
def test_background_targets_and_places_are_no_parties(text, expected):
    (claim,) = claims(text, date(2025, 3, 1))
    assert claim.actors == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ペスコフ報道官は19日、プーチン大統領がゼレンスキー氏と会談する計画を否定した。",
            ("peskov",),
        ),
        ("マクロン大統領は24日、欧州部隊を派遣する用意があると表明した。", ("europe", "macron")),
        ("トランプ氏は18日、ゼレンスキー氏の支持率が低いとして選挙の実施を求めた。", ("trump",)),
        ("ロシア軍は22日、ウクライナ各地の発電所を攻撃した。", ("russia",)),
    ],
)
def test_what_a_denial_is_about_what_is_said_of_a_person_and_places_are_no_parties_forces_are(
    text, expected
):
    (claim,) = claims(text, date(2025, 3, 1))
    assert claim.actors == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ルビオ国務長官とウォルツ補佐官、ウィトコフ特使がリヤドに到着した。"
            "3人は18日にロシア政府の代表団と協議する。",
            ("rubio", "russia", "waltz", "witkoff"),
        ),
        (
            "トランプ大統領はプーチン大統領と電話で会談した。両首脳は13日、再び協議することで一致した。",
            ("putin", "trump"),
        ),
        (
            "米国とロシアの高官が協議した。両国は18日、大使館の機能回復で合意した。",
            ("russia", "us"),
        ),
    ],
)
def test_both_leaders_the_three_and_both_countries_are_the_ones_named_before(text, expected):
    *_, claim = claims(text, date(2025, 2, 19))
    assert claim.actors == expected


@pytest.mark.parametrize(
    ("second", "month"),
    [
        ("トランプ、ゼレンスキー両氏は2月に執務室で会談したが、口論に発展した。", date(2025, 2, 1)),
    ],
)
def test_a_recap_of_an_earlier_event_is_a_claim_on_its_month(second, month):
    text = "トランプ大統領は19日、ゼレンスキー大統領と電話で会談した。" + second

    _, recap = claims(text, date(2025, 3, 20))

    assert recap.event_date is not None and recap.event_date.start == month


def test_a_month_that_only_dates_a_thing_named_is_background():
    text = (
        "ゼレンスキー大統領は19日、停戦案への支持を表明した。"
        "トランプ大統領が先月仲介した停戦案を、ロシアは拒否している。"
    )

    dated = [claim.event_date for claim in claims(text, date(2025, 4, 20))]

    assert all(d is not None and d.start == date(2025, 4, 19) for d in dated)


def test_a_statement_with_no_speaker_of_its_own_goes_on_with_the_speaker_before():
    text = (
        "プーチン大統領は19日、紛争を外交で解決したいと述べた。"
        "ウクライナ軍が退却していると述べ、戦況に自信を示した。"
        "また、トランプ大統領をモスクワに招いたことを認めたと説明した。"
    )

    (statement,) = claims(text, date(2025, 12, 19))

    # The second sentence goes on with Putin, and so does the third (また、: more of his
    # remarks, as the real sets read it).
    assert len(statement.evidence) == 3


def test_talks_that_go_on_another_day_are_the_same_talks():
    text = "米国の陸軍長官は24日、アブダビでロシア側と協議した。長官は25日も協議を続けるという。"

    (talks,) = claims(text, date(2025, 11, 25))

    assert len(talks.evidence) == 2


def test_a_year_end_custom_and_a_country_named_before_its_city_are_no_date_and_no_party():
    (claim,) = claims(
        "プーチン大統領は3日、中国・北京で年末恒例の記者会見に臨んだと述べた。", date(2025, 9, 4)
    )
    assert claim.actors == ("putin",)
    assert claim.time_expression == "3日"


def test_a_background_with_only_the_passages_issue_and_no_speaker_opens_no_claim():
    text = (
        "プーチン大統領は8日から3日間の停戦を宣言した。ロシアは9日に戦勝記念日の式典を控えている。"
    )

    (truce,) = claims(text, date(2025, 5, 8))

    assert truce.actors == ("putin",)


def test_days_listed_for_one_kind_of_event_are_a_claim_each():
    text = "モスクワとキエフは、今年の5月16日、6月2日、7月23日にイスタンブールで協議を行った。"

    rounds = claims(text, date(2025, 12, 19))

    assert [claim.event_date.start for claim in rounds] == [
        date(2025, 5, 16),
        date(2025, 6, 2),
        date(2025, 7, 23),
    ]
    assert all(claim.actors == ("russia", "ukraine") for claim in rounds)  # capitals as subjects


def test_a_capital_as_a_place_is_no_party():
    (talks,) = claims(
        "ウィトコフ特使は13日、モスクワでプーチン大統領と会談した。", date(2025, 3, 14)
    )
    assert talks.actors == ("putin", "witkoff")
