import pytest

from claims.extraction import Modality, classify_modality
from claims.extraction.modality import main_predicate

CASES = [
    # asserted
    ("両首脳は2月12日に電話で話した。", Modality.ASSERTED),
    ("米国務長官はリヤドでロシア外相と会談した。", Modality.ASSERTED),
    ("大統領は停戦に向けた協議を始めると宣言した。", Modality.ASSERTED),
    ("ウクライナは米国の30日間の停戦案を受け入れた。", Modality.ASSERTED),
    ("特使はモスクワでロシア大統領と会った。", Modality.ASSERTED),
    ("大統領は関与を否定しなかった。", Modality.ASSERTED),
    # a speech act of a named speaker is asserted, whatever its complement says
    # ANNOTATION.md: an intention (意向, する考え, 方針) is planned, even when stated.
    ("大統領は近く特使を派遣する意向を示した。", Modality.PLANNED),
    ("大統領は「国土は一片も渡さない」と述べた。", Modality.ASSERTED),
    # what is said is that it will not happen (ANNOTATION.md): denied
    ("会談の予定はないと明らかにした。", Modality.DENIED),
    ("国防長官は、加盟は現実的ではないと表明した。", Modality.ASSERTED),
    # The complement of a speech act carries the claim (ANNOTATION.md): a hedge in it is one.
    ("首相は、停戦が近い可能性があると語った。", Modality.SPECULATIVE),
    # a party rejects it (ANNOTATION.md): denied; the veto as a thing is not a refusal
    ("ロシアは停戦案を拒否した。", Modality.DENIED),
    ("米国の提案は拒否された。", Modality.DENIED),
    ("ロシアは安保理で拒否権を行使した。", Modality.ASSERTED),
    # ANNOTATION.md: it did not happen is denied.
    ("両国はまだ合意していない。", Modality.DENIED),
    # A party rejects it (ANNOTATION.md: 応じない, 受け入れない): denied.
    ("米国はウクライナの加盟を認めない。", Modality.DENIED),
    ("制裁の解除が和平の前提だと考えている。", Modality.ASSERTED),
    # reported
    ("関係者によると、次の協議はイスタンブールで開かれる。", Modality.REPORTED),
    ("米紙は、両国が捕虜の交換で合意したと報じた。", Modality.REPORTED),
    ("特使には100日以内に結果を出すよう命じたと言われています。", Modality.REPORTED),
    ("会談は3時間に及んだと伝えられている。", Modality.REPORTED),
    ("合意文書には鉱物資源の条項が含まれるとされる。", Modality.REPORTED),
    ("首脳会談は来月にも開かれるという。", Modality.REPORTED),
    ("ロイター通信は、協議が物別れに終わったと伝えた。", Modality.REPORTED),
    # hearsay of a hedge is a hedge: speculative comes before reported (ANNOTATION.md)
    ("国境線が元に戻る可能性は低いとされている。", Modality.SPECULATIVE),
    ("米政府関係者によると、ロシアが停戦に応じる可能性は低い。", Modality.SPECULATIVE),
    # speculative
    ("停戦が早期に実現する可能性がある。", Modality.SPECULATIVE),
    ("国境線が元に戻る可能性は低い。", Modality.SPECULATIVE),
    ("交渉は長期化するかもしれない。", Modality.SPECULATIVE),
    ("ロシア側は条件をつり上げるとみられる。", Modality.SPECULATIVE),
    ("欧州の部隊派遣も考えられる。", Modality.SPECULATIVE),
    ("交渉は難航すると予想されます。", Modality.SPECULATIVE),
    ("選挙の結果も交渉に影響するだろう。", Modality.SPECULATIVE),
    ("合意は簡単ではないでしょう。", Modality.SPECULATIVE),
    ("攻撃が再開される恐れもある。", Modality.SPECULATIVE),
    ("圧力をかける狙いがある可能性も否定できません。", Modality.SPECULATIVE),
    ("最終的な形は見通せない。", Modality.SPECULATIVE),
    # planned
    ("次の首脳会談はサウジアラビアで開かれる予定だ。", Modality.PLANNED),
    ("直接会談も近く実現する見通しです。", Modality.PLANNED),
    ("政府は制裁を段階的に緩める方針だ。", Modality.PLANNED),
    ("両国は外相会談の日程を調整している。", Modality.PLANNED),
    ("米ロ、停戦協議開始へ", Modality.PLANNED),
    ("協定は月内に署名される見込みだ。", Modality.PLANNED),
    ("次官級協議を開く計画だ。", Modality.PLANNED),
    # denied
    ("ペスコフ報道官は会談の報道を否定した。", Modality.DENIED),
    ("ウクライナがNATOに加盟することはない。", Modality.DENIED),
    ("外務省は、部隊を派遣したとの報道を否定している。", Modality.DENIED),
    ("政府が資産を譲る約束をした事実はない。", Modality.DENIED),
    ("関係者によると、ロシアが応じることはないという。", Modality.DENIED),
    ("欧州の部隊が戦闘に加わることはないだろう。", Modality.DENIED),
    # it did not happen, even told as hearsay: denied comes first (ANNOTATION.md)
    ("関係者によると、合意には至らなかった。", Modality.DENIED),
    ("米紙によると、署名は首脳会談の決裂で見送られた。", Modality.DENIED),
    ("交渉団の人選はまだ固まっていないとみられる。", Modality.DENIED),
    ("停戦の監視方法は決まっていないという。", Modality.DENIED),
    # the source named after the clause
    ("次の協議は来月に開かれる見通しだと、米CNNが報じた。", Modality.REPORTED),
    ("ロシアが新たな部隊を国境に送ったことが、関係者への取材で分かった。", Modality.REPORTED),
    ("首脳会談は延期されるもようだ。", Modality.REPORTED),
    # denials in other words, and a headline ending on the noun
    ("ペスコフ報道官は会談が決まったとの報道を否認した。", Modality.DENIED),
    ("大統領府は辞任のうわさを打ち消した。", Modality.DENIED),
    ("ラブロフ外相は部隊撤退の報道を一蹴した。", Modality.DENIED),
    ("ペスコフ報道官、会談の日程決定を否定。", Modality.DENIED),
    ("外務省は「事実ではない」と反論した。", Modality.DENIED),
    ("ロシアは停戦案を一蹴した。", Modality.ASSERTED),  # a rejected proposal is a refusal
    # a scheduled event in the plain non-past
    ("両国は来週、イスタンブールで協議を開く。", Modality.PLANNED),
    ("協定は4月1日に発効する。", Modality.PLANNED),
    ("トランプ氏は15日にアラスカでプーチン氏と会談する。", Modality.PLANNED),
    ("米国はウクライナの主権を支持する。", Modality.ASSERTED),
    ("ゼレンスキー氏は予定より早くホワイトハウスを離れた。", Modality.ASSERTED),
    ("28日に予定されていた協定の署名式は取りやめになった。", Modality.DENIED),  # 取りやめ
    ("ロシア政府は、事実に反する情報を流したとして記者を拘束した。", Modality.ASSERTED),
    ("停戦案はロシアとウクライナの双方に米国が伝えた。", Modality.ASSERTED),
    ("協議は物別れに終わったとロイター通信が伝えた。", Modality.REPORTED),
    ("合意案には領土の条項が盛り込まれていたということです。", Modality.REPORTED),
    ("これは米国の大きな方針転換といえます。", Modality.ASSERTED),
    ("英仏は停戦後に部隊を展開する構想だ。", Modality.PLANNED),
    ("署名式は28日に予定されている。", Modality.PLANNED),
    # worries and estimates
    ("発電所をめぐる対立が再燃する懸念がある。", Modality.SPECULATIVE),
    ("ロシア軍の死傷者は数十万人に上ると推計される。", Modality.SPECULATIVE),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_modality(sentence, expected):
    assert classify_modality(sentence) is expected


def test_every_modality_is_covered_by_the_cases():
    assert {expected for _, expected in CASES} == set(Modality)


def test_the_last_speech_acts_complement_carries_the_claim():
    sentence = "大統領は進展する可能性があると述べ、来週会談する予定だと明らかにした。"

    assert classify_modality(sentence) is Modality.PLANNED


def test_a_quote_before_the_speech_verb_counts_by_its_last_sentence():
    recounted = "外相は「停戦の可能性を話し合った。協議は来月も続ける予定だ」と述べた。"
    remark = "外相は「停戦の可能性について話し合った。有意義だった」と記者団に語った。"

    assert classify_modality(recounted) is Modality.PLANNED
    assert classify_modality(remark) is Modality.ASSERTED


def test_a_call_off_a_refusal_or_a_non_event_is_denied():
    assert classify_modality("両国の協議では、停戦で歩み寄れなかった。") is Modality.DENIED
    assert classify_modality("首相は、予定していた訪問を見送った。") is Modality.DENIED
    assert classify_modality("外相は、和平案は受け入れないとの立場を示した。") is Modality.DENIED
    assert classify_modality("大統領は、協定に署名しない考えを示した。") is Modality.DENIED
    # Not ruling out is no denial, nor a refusal inside a condition.
    assert classify_modality("大統領は関与を否定しなかった。") is Modality.ASSERTED


def test_a_hedged_view_or_a_wish_in_the_complement():
    assert classify_modality("報道官は、会談は延期されるとの見方を示した。") is Modality.SPECULATIVE
    assert classify_modality("首相は、来月までに合意をまとめたいと述べた。") is Modality.PLANNED
    # A plan named as a thing, or agreed on, is no plan of the sentence.
    assert classify_modality("首脳らは、復興の計画づくりで一致した。") is Modality.ASSERTED


def test_speculation_in_an_earlier_clause_does_not_govern():
    sentence = "政府は制裁緩和の可能性を検討しており、協議は続いている。"

    assert classify_modality(sentence) is Modality.ASSERTED


def test_never_inside_a_speech_complement_is_a_denial():
    # The complement carries the claim (ANNOTATION.md; the labels since issue 12).
    assert classify_modality("大統領は、撤退することはないと語った。") is Modality.DENIED


def test_plan_in_the_main_predicate_is_planned():
    sentence = "大統領は進展を評価しており、来週会談する予定だ。"

    assert classify_modality(sentence) is Modality.PLANNED


def test_speculation_in_the_main_predicate_beats_a_plan_in_a_relative_clause():
    sentence = "2月末に開催される総選挙の結果も、交渉の行方を左右するでしょう。"

    assert classify_modality(sentence) is Modality.SPECULATIVE


def test_denial_outranks_hearsay():
    assert classify_modality("関係者によると、大統領は会談を否定した。") is Modality.DENIED


def test_speculation_outranks_hearsay():
    # ANNOTATION.md's order: denied, speculative, reported, planned, asserted.
    assert classify_modality("停戦の可能性があると報じた。") is Modality.SPECULATIVE
    assert classify_modality("停戦協議は来週開かれる予定だと報じた。") is Modality.REPORTED


def test_main_predicate_is_the_last_top_level_clause():
    sentence = "大統領は「まだ早い、待つ」と述べ、交渉を続けると強調した。"

    assert main_predicate(sentence) == "交渉を続けると強調した。"


def test_short_last_clause_is_widened():
    assert main_predicate("協議は続く、と述べた。") == "協議は続く、と述べた。"


def test_a_plan_as_a_plain_object_is_not_a_plan():
    sentence = "会談は口論となり、大統領は予定を切り上げて退出した。"

    assert classify_modality(sentence) is Modality.ASSERTED


def test_denial_verb_after_an_adverb_is_still_a_denial():
    sentence = "大統領府は、会談が中止されたとの報道を改めて否定した。"

    assert classify_modality(sentence) is Modality.DENIED


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("プーチン大統領とも近いうちに会談する意向も改めて示した。", Modality.PLANNED),
        ("トランプ米大統領はプーチン氏と近く対話することを示唆。", Modality.SPECULATIVE),
        ("ウシャコフ補佐官は13日中の実施はないと述べた。", Modality.DENIED),
        ("ゼレンスキー氏は、占領地をロシア領と認めることは決してないと強調した。", Modality.DENIED),
    ],
)
def test_a_stated_intention_a_hint_and_a_will_not_happen_in_what_is_said(sentence, expected):
    assert classify_modality(sentence) is expected


@pytest.mark.parametrize(
    "sentence",
    [
        "ゼレンスキー大統領は、最初の協定案への署名を拒んだ。",
        "和平交渉は年内にはまとまらないかもしれない。",
        "ウクライナ国民の多くは領土の譲歩を受け入れないだろう。",
    ],
)
def test_a_refusal_and_a_hedged_will_not_happen_are_denied(sentence):
    assert classify_modality(sentence) is Modality.DENIED
