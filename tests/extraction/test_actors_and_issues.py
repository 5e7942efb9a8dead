import pytest

from claims.extraction import DEFAULT_LEXICON, ActorEntry, IssueEntry, Lexicon
from claims.extraction.actors import find_actor_mentions, find_issues, find_speakers
from claims.extraction.names import unknown_person_names


def actors(text: str, lexicon: Lexicon = DEFAULT_LEXICON) -> list[str]:
    return sorted({m.slug for m in find_actor_mentions(text, lexicon)})


def speakers(text: str) -> list[str]:
    return find_speakers(text, find_actor_mentions(text, DEFAULT_LEXICON))


REQUIRED = {
    "trump": "person",
    "putin": "person",
    "zelensky": "person",
    "kellogg": "person",
    "witkoff": "person",
    "rubio": "person",
    "vance": "person",
    "lavrov": "person",
    "peskov": "person",
    "waltz": "person",
    "hegseth": "person",
    "ushakov": "person",
    "macron": "person",
    "starmer": "person",
    "merz": "person",
    "erdogan": "person",
    "white-house": "organisation",
    "kremlin": "organisation",
    "nato": "organisation",
    "eu": "organisation",
    "un": "organisation",
    "us": "state",
    "russia": "state",
    "ukraine": "state",
    "europe": "state",
    "germany": "state",
    "saudi-arabia": "state",
    "china": "state",
    "uk": "state",
    "france": "state",
}


def test_default_lexicon_has_the_required_actors_and_kinds():
    kinds = {actor.slug: actor.kind for actor in DEFAULT_LEXICON.actors}

    assert {slug: kinds.get(slug) for slug in REQUIRED} == REQUIRED


def test_default_lexicon_slugs_are_unique_lowercase_and_hyphenated():
    slugs = [actor.slug for actor in DEFAULT_LEXICON.actors]

    assert len(slugs) == len(set(slugs))
    assert all(slug == slug.lower() and "_" not in slug and " " not in slug for slug in slugs)


def test_default_issues_follow_the_taxonomy():
    assert [issue.slug for issue in DEFAULT_LEXICON.issues] == [
        "security_guarantees",
        "territory",
        "ceasefire_monitoring",
        "sanctions_relief",
        "nato_membership",
        "minerals_deal",
        "peacekeeping",
        "elections",
        "prisoner_exchange",
        "energy_infrastructure",
        "negotiations_process",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("トランプ米大統領が語った。", ["trump"]),
        ("ドナルド・トランプ氏が語った。", ["trump"]),
        ("プーチン大統領とゼレンスキー氏", ["putin", "zelensky"]),
        ("キース・ケロッグ退役陸軍中将", ["kellogg"]),
        ("ウィトコフ特使とルビオ国務長官、ウォルツ大統領補佐官", ["rubio", "waltz", "witkoff"]),
        ("バンス副大統領とヘグセス国防長官", ["hegseth", "vance"]),
        ("ラブロフ外相とウシャコフ補佐官、ペスコフ大統領報道官", ["lavrov", "peskov", "ushakov"]),
        (
            "マクロン大統領とスターマー首相、メルツ氏、エルドアン大統領",
            ["erdogan", "macron", "merz", "starmer"],
        ),
        ("ホワイトハウスとクレムリン", ["kremlin", "white-house"]),
        ("ロシア大統領府によると", ["kremlin"]),
        ("NATOとEUと国連", ["eu", "nato", "un"]),
        ("ＮＡＴＯの会合", ["nato"]),
        ("北大西洋条約機構と欧州連合", ["eu", "nato"]),
        ("米国とアメリカ", ["us"]),
        (
            "ドイツとフランス、英国、中国、サウジアラビア",
            ["china", "france", "germany", "saudi-arabia", "uk"],
        ),
        ("欧州諸国とヨーロッパ", ["europe"]),
        ("ベッセント財務長官とラトニック商務長官", ["bessent", "lutnick"]),
        ("グラム上院議員は制裁法案を準備した", ["graham"]),
        ("金100グラムの価格", []),
        ("リャプコフ外務次官とネベンジャ国連大使", ["nebenzia", "ryabkov"]),
        ("ゲラシモフ参謀総長とシルスキー総司令官", ["gerasimov", "syrskyi"]),
        ("キスリツァ第1外務次官とスビリデンコ経済相", ["kyslytsya", "svyrydenko"]),
        ("カラス上級代表とコスタ大統領", ["costa", "kallas"]),
        ("フォンデアライエン欧州委員長", ["von-der-leyen"]),
        ("カラスが鳴いた", []),
    ],
)
def test_actor_aliases_and_titles(text, expected):
    assert actors(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("米ロ首脳が協議した。", ["russia", "us"]),
        ("米露の外相が会った。", ["russia", "us"]),
        ("対露制裁を強めた。", ["russia"]),
        ("訪露した特使", ["russia"]),
        ("米側は反発した。", ["us"]),
        ("米政権は慎重だ。", ["us"]),
        ("米軍の撤退", ["us"]),
        ("英仏の首脳", ["france", "uk"]),
        ("欧米の支援", ["europe", "us"]),
        ("米ウ首脳会談", ["ukraine", "us"]),
    ],
)
def test_one_character_abbreviations_count_beside_another_abbreviation(text, expected):
    assert actors(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "北米と南米の市場",
        "お米の値段",
        "露骨な圧力",
        "英語で話した",
        "独自の案",
        "ヨーロッパの問題",
        "ゼロからの出発",
        "アドバンスな技術",
        "NATOX計画",
    ],
)
def test_partial_words_are_not_actors(text):
    assert "us" not in actors(text)
    assert "russia" not in actors(text)
    assert "vance" not in actors(text)
    assert "nato" not in actors(text)
    assert "germany" not in actors(text)
    assert "uk" not in actors(text)


def test_custom_lexicon_is_used():
    lexicon = Lexicon(
        actors=(ActorEntry("kallas", ("カラス上級代表",), "person"),),
        issues=(IssueEntry("black_sea", "黒海", "Black Sea", ("黒海",)),),
    )

    assert actors("カラス上級代表が黒海の安全を語った。", lexicon) == ["kallas"]
    assert find_issues("黒海の航行", lexicon) == {"black_sea": ("黒海",)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("トランプ米大統領は、協議が進展していると述べた。", ["trump"]),
        ("米ホワイトハウスは、制裁緩和を検討していることを明らかにした。", ["white-house"]),
        ("トランプ氏は、ロシア側と協議すると表明し、鉱物資源にも触れた。", ["trump"]),
        ("ゼレンスキー大統領が「領土は渡さない」と強調した。", ["zelensky"]),
        ("ペスコフ大統領報道官によると、日程は未定だ。", ["peskov"]),
        ("トランプ氏は、プーチン氏が和平を望んでいると語った。", ["trump"]),
        ("ルビオ氏は会談後、ラブロフ外相と合意したと発表した。", ["rubio"]),
        ("マクロン氏とスターマー氏は部隊派遣を検討していると示唆した。", ["macron", "starmer"]),
        (
            "トランプ氏は停戦を訴え、ゼレンスキー氏は安全の保証を求めたと述べた。",
            ["trump", "zelensky"],
        ),
        ("トランプ氏はプーチン氏と電話で話し合った。", []),
        # a state's body speaks for it; states written together speak together
        ("ロシア外務省は、停戦案を受け入れないと発表した。", ["russia"]),
        ("米国務省は声明で、協議の継続を明らかにした。", ["us"]),
        ("英仏両国は部隊を派遣する用意があると表明した。", ["france", "uk"]),
        # the reporter named after the reported clause
        ("ロシア軍は攻撃を続けたと、ウクライナ国防省が発表した。", ["ukraine"]),
        ("トランプ氏とプーチン氏が会談したとホワイトハウスが発表した。", ["white-house"]),
        ("トランプ大統領は、プーチン大統領とゼレンスキー大統領が会う計画を発表した。", ["trump"]),
        ("プーチン大統領が要求する制裁解除が焦点だ。", []),
        ("「トランプ氏は和平を望む」とラブロフ外相は語った。", ["lavrov"]),
    ],
)
def test_speakers_are_the_subjects_of_reporting_verbs(text, expected):
    assert speakers(text) == expected


def test_speakers_are_a_subset_of_actors():
    text = "ヘグセス国防長官は、ウクライナの加盟は現実的でないと主張した。"

    assert set(speakers(text)) <= set(actors(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "安全の保証と部隊駐留が議題だ。",
            {"security_guarantees": ("安全の保証",), "peacekeeping": ("部隊駐留",)},
        ),
        ("2014年以前の国境に戻るのは非現実的だ。", {"territory": ("2014年以前の国境",)}),
        ("クリミアとドネツクの扱い", {"territory": ("クリミア", "ドネツク")}),
        ("停戦監視の仕組みと違反の検証", {"ceasefire_monitoring": ("停戦監視", "違反", "検証")}),
        ("制裁緩和と関税", {"sanctions_relief": ("制裁緩和", "関税")}),
        ("ウクライナのNATO加盟は見送られた。", {"nato_membership": ("NATO加盟",)}),
        ("NATOに加盟することはない。", {"nato_membership": ("NATOに加盟",)}),
        ("レアアースなど希土類の権益", {"minerals_deal": ("レアアース", "希土類")}),
        ("有志連合による平和維持部隊", {"peacekeeping": ("有志連合", "平和維持部隊")}),
        ("ドイツ総選挙の結果", {"elections": ("総選挙",)}),
        ("捕虜交換で子どもも送還された。", {"prisoner_exchange": ("捕虜交換", "子ども", "送還")}),
        (
            "発電所などエネルギー施設への攻撃",
            {"energy_infrastructure": ("発電所", "エネルギー施設")},
        ),
        ("特使が電話会談を準備した。", {"negotiations_process": ("特使", "電話会談")}),
        ("両者は意見交換をした。", {"negotiations_process": ("意見交換",)}),
        ("原油の価格上限を引き下げ、禁輸も広げた。", {"sanctions_relief": ("価格上限", "禁輸")}),
        ("各地の発電施設が攻撃された。", {"energy_infrastructure": ("発電施設",)}),
        ("年内に戦争を終わらせたい。", {"negotiations_process": ("戦争を終わらせ",)}),
        ("民間施設への攻撃を互いに控える。", {"ceasefire_monitoring": ("攻撃を…控え",)}),
        ("復活祭の間、戦闘を止めるよう命じた。", {"ceasefire_monitoring": ("戦闘を…止め",)}),
        # troops stationed to keep a truce, and a deadline for a deal (ANNOTATION.md)
        ("停戦後、欧州の兵士が首都近くに駐留する。", {"peacekeeping": ("駐留",)}),
        ("大統領は回答の期限を延ばした。", {"negotiations_process": ("期限",)}),
    ],
)
def test_issue_keywords(text, expected):
    assert find_issues(text, DEFAULT_LEXICON) == expected


def test_bare_nato_mention_is_an_actor_but_not_the_membership_issue():
    text = "NATOの事務総長が声明を出した。"

    assert actors(text) == ["nato"]
    assert "nato_membership" not in find_issues(text, DEFAULT_LEXICON)


@pytest.mark.parametrize(
    "text",
    [
        "ミュンヘン安全保障会議で演説した。",
        "国家安全保障担当の大統領補佐官が同行した。",
        "NATO加盟国の国防相が集まった。",
    ],
)
def test_masked_phrases_do_not_trigger_their_issue(text):
    issues = find_issues(text, DEFAULT_LEXICON)

    assert not {"security_guarantees", "prisoner_exchange", "nato_membership"} & set(issues)


def test_unknown_person_names_are_proposed():
    text = "ナタリア・ガリバレンコ氏とトランプ氏が会談した。"

    assert unknown_person_names(text, DEFAULT_LEXICON) == ("ナタリア・ガリバレンコ",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ハンガリーのシーヤールトー外相は制裁に反対した。", ("シーヤールトー",)),
        ("ポロシェンコ前大統領は停戦案を批判した。", ("ポロシェンコ",)),
        ("イタリア首相は会議に出席した。", ()),  # a country, not a name
        ("ユーロニュース報道官が伝えた。", ()),  # a compound with a known word
        ("ウィトコフ特使が到着した。", ()),  # known to the lexicon
        ("対話の糸口になったとの見方もある。", ()),  # SudachiPy tags 見方 as a name
        ("岩屋毅外相は会談に同席した。", ("岩屋毅",)),  # a Japanese name before a title
        ("立憲民主党の野田佳彦代表は停戦を支持した。", ("野田佳彦",)),
        ("佐々木外相は会談に同席した。", ("佐々木",)),
    ],
)
def test_unknown_foreign_names_before_a_title_are_proposed(text, expected):
    assert unknown_person_names(text, DEFAULT_LEXICON) == expected


def test_known_names_and_awards_are_not_proposed():
    text = "ウラジーミル・プーチン大統領とマルコ・ルビオ氏はノーベル平和賞に触れた。"

    assert unknown_person_names(text, DEFAULT_LEXICON) == ()


def test_coalition_of_the_willing_is_not_the_united_nations():
    assert actors("英仏は有志国連合の構想を主導している。") == ["france", "uk"]


def test_frame_word_does_not_add_the_process_to_a_substantive_issue():
    text = "国防長官は、NATO加盟は交渉の現実的な結果ではないと述べた。"

    assert list(find_issues(text, DEFAULT_LEXICON)) == ["nato_membership"]


def test_frame_word_alone_is_about_the_process():
    assert list(find_issues("和平交渉が本格的に始まった。", DEFAULT_LEXICON)) == [
        "negotiations_process"
    ]


def test_meeting_that_only_sets_the_scene_is_not_the_topic():
    text = "外相は協議の後、平和維持部隊の駐留は受け入れられないと述べた。"

    assert "negotiations_process" not in find_issues(text, DEFAULT_LEXICON)


def test_meeting_reported_for_itself_is_the_process():
    text = "両国の外相は18日、リヤドで会談した。"

    assert list(find_issues(text, DEFAULT_LEXICON)) == ["negotiations_process"]


def test_after_a_ceasefire_is_not_about_ceasefire_terms():
    text = "英仏は、停戦後のウクライナに部隊を送る構想を主導している。"

    assert list(find_issues(text, DEFAULT_LEXICON)) == ["peacekeeping"]


def test_proximity_keyword_matches_across_a_few_words():
    found = find_issues("英国は部隊をウクライナに派遣する用意がある。", DEFAULT_LEXICON)

    assert found == {"peacekeeping": ("部隊…派遣",)}


def test_proximity_keyword_ignores_neutral_phrases():
    found = find_issues("NATO加盟国の首脳が集まった。", DEFAULT_LEXICON)

    assert "nato_membership" not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("エネルギー施設への攻撃停止は期限を迎えた。", ["energy_infrastructure"]),
        ("エネルギー施設への攻撃を30日間控えることになった。", ["energy_infrastructure"]),
        ("大統領選挙は戦争終結後に行うべきだ。", ["elections"]),
        ("ウクライナの安全の保証について話し合う用意がある。", ["security_guarantees"]),
    ],
)
def test_goal_and_partial_halt_words_yield_to_the_named_subject(text, expected):
    assert list(find_issues(text, DEFAULT_LEXICON)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("カラス外交安全保障上級代表は制裁の継続を訴えた。", ["sanctions_relief"]),
        ("ウクライナのEU加盟交渉が始まった。", []),
        ("ロシアは、ウクライナ軍の兵力上限を和平の条件に挙げた。", ["security_guarantees"]),
        ("EUは凍結したロシアの資産の活用を議論した。", ["sanctions_relief"]),
    ],
)
def test_titles_and_accession_talks_are_not_issues_but_army_caps_and_assets_are(text, expected):
    assert list(find_issues(text, DEFAULT_LEXICON)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a move made in the talks is part of their course ...
        (
            "ロシアは2日の協議で、30日間の停戦を提案した。",
            ["ceasefire_monitoring", "negotiations_process"],
        ),
        (
            "両国は電話会談で、捕虜を交換することで合意した。",
            ["prisoner_exchange", "negotiations_process"],
        ),
        # ... a statement made there is not
        ("ラブロフ外相は会合で、部隊の駐留は認められないと述べた。", ["peacekeeping"]),
        ("トランプ大統領はアラスカの空港でプーチン大統領を出迎えた。", ["negotiations_process"]),
        ("ゼレンスキー大統領は来週、欧州を歴訪する。", ["negotiations_process"]),
        ("トランプ大統領はロシアに50日の猶予を与えた。", ["negotiations_process"]),
        ("米国製の防空システムがウクライナに到着した。", []),
        ("首相は、一刻の猶予もないと述べた。", []),
        ("ウメロフ国家安全保障・国防会議書記は協議に加わった。", ["negotiations_process"]),
        ("ロシアは前線に非武装地帯を設けるよう求めた。", ["territory"]),
        ("トランプ氏は、インドにロシア産原油の購入をやめるよう求めた。", ["sanctions_relief"]),
        ("両首脳は電話で約40分間話した。", ["negotiations_process"]),
        ("ゼレンスキー氏は会談の冒頭、安全の保証が欠かせないと述べた。", ["security_guarantees"]),
        # a breach is of whatever the sentence names; a truce as a condition is only a frame
        (
            "ロシアは、エネルギー施設への攻撃停止に違反したとの指摘を否定した。",
            ["energy_infrastructure"],
        ),
        ("英国は、停戦が成立すれば部隊をウクライナに派遣する。", ["peacekeeping"]),
        ("EUはロシア産ガスの輸入を段階的に停止する。", ["sanctions_relief"]),
    ],
)
def test_moves_in_talks_contacts_breaches_and_conditions(text, expected):
    assert list(find_issues(text, DEFAULT_LEXICON)) == expected
