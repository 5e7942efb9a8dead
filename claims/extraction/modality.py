"""Classify the evidentiality (modality) of a Japanese sentence.

The predicate that governs the sentence (usually its end) decides. Precedence, highest first —
when markers of several kinds govern a sentence, the first wins:

1. ``denied`` — an explicit denial: 否定した/否定している (not 否定できない, 否定しなかった),
   a headline ending 否定。, 否認した, 打ち消した, 報道を一蹴した, 「事実ではない」/事実無根,
   or 〜ことはない / 〜事実はない / 〜つもりはない governing the sentence; inside the complement
   of a speech verb it is denied too, as what is said (``Xは…ことはないと語った``, below).
   ``関係者によると…ことはないという`` and ``…ことはないだろう`` are denied.
2. ``reported`` — hearsay anywhere: によると/によれば, 関係者の話では, と報じた, と伝えた,
   と伝えられる, とされる/とされている, と言われる/と言われています, sentence-final という,
   模様だ/もようだ, a reporting source named after the clause (…と、米CNNが報じた, …とロイター
   通信が伝えた, …ことが関係者への取材で分かった), unless the main predicate is a denial (a
   call-off, a refusal: ``…によると…見送られた`` is denied) or a hedge (ANNOTATION.md puts
   speculative before reported: ``…によると…可能性は低い`` is speculative). ``…によると…予定だ``
   is reported.
3. the complement of a speech act carries the claim (ANNOTATION.md: read in the clause that
   carries it): …可能性があると述べた and …との見方を示した are ``speculative``, …予定だと明らかに
   した and …たいと述べた ``planned``; a quote before the verb counts by its last sentence
   (「…協議した。…用意がある」と話した). Otherwise a main predicate that is a speech act of a named
   speaker (…と述べた, 表明した, 語った) is ``asserted``: the speaker said it.
4. ``speculative`` — 可能性, かもしれない, とみられる, 考えられる, 予想される, だろう,
   でしょう, のではないか, 恐れ, 懸念がある, 公算, ようだ, 不透明, と推計される… (``可能性は低い``,
   ``可能性も否定できない`` are speculative).
5. ``planned`` — 予定, 見通し, 見込み, 方針, 計画, 意向, 考えだ, 調整している, 用意がある,
   目指す, a headline ending in …へ; and a scheduled event told in the plain non-past
   (協議を開く。, 協定は4月1日に発効する。), though not a stance verb (支持する). 予定されていた
   (was scheduled) is no plan.
6. ``asserted`` — none of the above.

Denied as well, in the main predicate (ANNOTATION.md: it did not or will not happen, or a party
rejects it): a call-off (見送った, 取りやめた, 中止された), a predicate that did not happen
(〜なかった, 〜ていない; not 否定しなかった), a refusal (応じない, 受け入れない, 認めない, 拒否した,
拒んだ; not 拒否権), a stated intention not to (署名しない考えを示した), what is said not to happen
(実施はないと述べた, 認めることは決してないと強調した) and a hedged "will not happen"
(まとまらないかもしれない, 受け入れないだろう).

Scope: denials and hearsay frames count wherever they are, because they colour the whole
sentence. Speculative and planned markers count in the *main predicate*: the last top-level
clause (after the last 、 outside quotes), widened leftwards while it is only a few characters
long. In 「…可能性があると述べ、来週会談する予定だと明らかにした」 the speech act governs, and in
「2月末に開催される選挙の結果も、交渉を左右するでしょう」 the final でしょう does.
"""

from __future__ import annotations

import re

from claims.extraction.records import Modality
from claims.extraction.regexes import ends_with, scanning

_DENIAL_VERB = scanning(
    r"否定(?:した|している|していた|しました|しています|し、|する(?:考え|姿勢|立場)|[。．]?$)"
    r"|否認(?:した|している|しました|し、)|打ち消(?:した|している|しました|し、)"
    r"|(?:報道|うわさ|噂|臆測|憶測|観測|見方|情報|指摘|疑惑)を一蹴"
    # 「事実ではない」と反論した, …は事実無根だ: a report called untrue, not 事実に反する情報
    r"|事実(?:ではない|ではありません|でない|無根|と異なる)(?=[」』と。．だで]|$)"
)
# 〜ことはない / 〜事実はない: a denial when it governs the sentence.
_NEVER = re.compile(
    r"(?:こと|事実|つもり|意図|考え|意思)は(?:ない|なく|ありません|なかった|ありえない|あり得ない)"
)
# The complement marker and verb of a speech act: …と述べた, …との見方を示した, …ことを明らかにした.
_SPEECH_VERB = (
    r"(?:述べ|語っ|語り|強調し|表明し|明らかにし|主張し|示し|発言し|断言し|言明し|明言し|説明し"
    r"|指摘し|訴え|呼びかけ|呼び掛け|発表し|宣言し|批判し|警告し|反論し|答え|回答し|書き込ん"
    r"|投稿し|示唆し|話し|明かし|約束し|確認し|表し|非難し|求め)"
)
_SPEECH_COMPLEMENT = re.compile(
    r"(?:と|とし|との[^、。]{0,8}?を|ことを|考えを|意向を|方針を|姿勢を|立場を|見方を|認識を)"
    r"(?:改めて|再び|重ねて|強く|明確に|はっきり|記者団に|会見で)*" + _SPEECH_VERB
)
# A speech act ending the clause, for str.endswith: every stem of _SPEECH_VERB (all literal)
# with every tense.
_SPEECH_ACT_ENDINGS = tuple(
    stem + tense
    for stem in _SPEECH_VERB.removeprefix("(?:").removesuffix(")").split("|")
    for tense in ("た", "ました", "ている", "ています", "ていた", "てきた")
)
_REPORTED = scanning(
    r"によると|によれば|によりますと|の話では|の話によると|と報じ|と報道|報じられ|報道された"
    r"|報道によ|と伝え(?:た|ている|られ|ました|ています)|とも伝えられ|とされ(?:る|て|た|ます|ており)"
    r"|と言われ|といわれ|とも言われ|とのこと|という[。．]?$|ということ(?:です|だ)[。．]?$|(?:模様|もよう)(?:だ|です|である)"
    # the source after the clause: …と、米CNNが報じた / …ことが、関係者への取材で分かった.
    # 伝えた only with a source that reports (米国が双方に伝えた conveys, it is no hearsay).
    r"|と[、，]?[^、。「」]{0,25}?(?:が|は)(?:報じ|報道し)"
    r"|と[、，]?[^、。「」]{0,20}?(?:紙|通信|テレビ|局|メディア|新聞|放送|CNN|ロイター|ＡＰ|AP|AFP"
    r"|ＡＦＰ|ブルームバーグ|タス|関係者|当局者|筋)が伝え"
    r"|取材で(?:分か|わか|判明)"
)
_SPECULATIVE = scanning(
    r"可能性|かもしれ|とみられ|と見られ|とみている|と見ている|考えられ|予想され"
    r"|予測され|だろう|でしょう|のではないか|のではなかろうか|恐れ|おそれ|懸念され|公算"
    r"|見方が|推測|不透明|不明|未定|わからない|分からない|見通せない|予断を許さない|とは限らない"
    r"|かねない|否定できない|(?<!も)ようだ|(?<!も)ようです|ように見え|らしい|疑い|観測|予測不可能|あり得る"
    r"|との見方を示"
    r"|懸念が(?:ある|あります|出て|強ま|広が|残)|推計され|推定され|試算され"
    r"|ありうる|あり得ま|ありえま|得る[。]?$|(?:なり|あり|し|でき|され|い)そう(?:だ|です)"
)
# 予定/計画 as a plain object (予定を切り上げた, 計画を発表した) is not a plan being reported.
_PLANNED = re.compile(
    r"予定(?![をがもはよ]|されていた)|見通し|見込み|見込まれ|方針(?!転換)|計画(?![をがもの]|づくり|作り)|意向"
    r"|構想(?:だ|です|である)|調整して|調整中"
    r"|調整を進め|する構え|考えだ|考えです|考えである|つもり|用意があ|目指す|目指して|目指し"
    r"|準備を進め|準備して|する方向|検討して|検討中|検討を進め|開催される|行われる|へ[。！!]?$"
)
# A scheduled event told in the plain non-past is news of what will happen: 協議を開く。,
# 協定は4月1日に発効する。 Stance verbs in the same form (支持する, 認めない) are assertions.
_SCHEDULED_EVENT_ENDINGS = (
    *[
        "開く",
        "開かれる",
        "開催する",
        "行う",
        "実施する",
        "実施される",
        "発効する",
        "施行する",
        "施行される",
    ],
    *[
        "訪問する",
        "訪れる",
        "会談する",
        "協議する",
        "会う",
        "署名する",
        "調印する",
        "派遣する",
        "開始する",
        "始める",
    ],
    *[
        "始まる",
        "再開する",
        "再開される",
        "出席する",
        "参加する",
        "発表する",
        "公表する",
        "提出する",
        "発動する",
    ],
    *["導入する", "延長する", "着手する", "入る", "臨む", "就任する", "招く", "招集する"],
)
_TRAILING = "。．.！!？?…」』）) \u3000"


_CLAUSE_EVENTS = re.compile(r"[「『（(」』）)、，,]")


_BRACKETS = re.compile(r"[「『（(」』）)]")
_COMMAS = re.compile(r"[、，,]")


def _top_level_clauses(sentence: str) -> list[str]:
    """The sentence cut at every 、/， outside 「」『』（）."""
    if not _BRACKETS.search(sentence):
        return _COMMAS.split(sentence)  # no brackets: every comma is at the top level
    clauses: list[str] = []
    depth = 0
    start = 0
    for event in _CLAUSE_EVENTS.finditer(sentence):
        ch = event.group()
        if ch in "「『（(":
            depth += 1
        elif ch in "」』）)":
            depth = max(0, depth - 1)
        elif depth == 0:
            clauses.append(sentence[start : event.start()])
            start = event.end()
    clauses.append(sentence[start:])
    return clauses


# A stated intention or readiness: what the speaker will do, told as their plan.
_STATED_PLAN = scanning(
    r"(?:る|う|く|す|つ|たい)(?:との)?(?:考え|方針|意向|構え)[をも](?:改めて|重ねて)?"
    r"(?:示し|明らかにし|表明し|強調し)"
    r"|用意がある(?:」)?と(?:述べ|話し|表明し|語っ|強調し)"
)
# It will not happen, or did not (ANNOTATION.md: 見送り, 取りやめ, "did not happen").
_CALLED_OFF = scanning(
    r"(?:キャンセル|中止|取りやめ|取り止め|見送)(?:した|された|し、|となっ|になっ|る|り|っ|られ|た)"
    r"|(?<!否定)(?<!否定し)(?:ていない|ていません|なかった|ませんでした|至らず|一致せず)"
    # told, reported or hedged, it still did not happen: denied comes first (ANNOTATION.md)
    r"(?:と(?:述べ|明らかに|語っ|表明|説明|みられ|見られ|され|いう|報じ|伝え)[^、。]*)?[。]?$"
    # a party rejects it, or says it will not do it (ANNOTATION.md: 応じない, 受け入れない)
    r"|(?:応じ|受け入れ|認め)(?:ない|ず|られない)(?=と|との|姿勢|考え|立場|方針|[。]?$)"
    r"|ない(?:との)?(?:考え|方針|意向|姿勢|立場)を(?:示し|明らかにし|表明し|改めて示し)"
    # a rejection (拒否した, 拒否された, 拒んだ), not the veto (拒否権) nor 拒否しない
    r"|(?:拒否|拒絶)(?:した|している|していた|しました|します|する|され|し、)"
    r"|拒(?:んだ|んでいる|んできた|み続け|む(?:考え|姿勢|方針))"
    # it will not happen, hedged: denied comes before speculative (ANNOTATION.md)
    r"|(?:まとまら|実現し|応じ|受け入れ|合意し|成立し)(?:ない|ず)(?:かもしれ|だろう|でしょう|とみられ|と見られ)"
    # it will not happen, said so (13日中の実施はないと述べた, 認めることは決してないと強調した)
    r"|(?:こと|実施|開催|予定|計画)は(?:決して|絶対に)?(?:ない|ありません|ありえない|あり得ない)"
    r"(?=と|との|[。]?$)"
)
# A hint: ANNOTATION.md counts 示唆 as speculative (…と近く対話することを示唆。).
_HINTED = re.compile(r"示唆(?:した|しました|している|しています|していた)?$")
# A party's refusal told as its stance: 否定的な考えを示した.
_NEGATIVE_STANCE = re.compile(r"否定的な(?:考え|見方|姿勢|立場)を(?:示し|明らかにし|表明し)")


# In a speech act's complement only a plan told as such counts (…予定だと, …見通しを示した),
# not a plan named as a thing (計画を説明した).
_PLANNED_IN_COMPLEMENT = re.compile(
    r"(?:予定|見通し|見込み|方針|意向|構え|用意がある|たい)(?:だ|です|である)?」?"
    r"(?:と|との|を(?:示|明らか|表明)(?:し|さ))"
)


def _speech_complement(predicate: str) -> str:
    """The part of ``predicate`` before its speech verb, or all of it when none governs."""
    if not ends_with(_core(predicate), _SPEECH_ACT_ENDINGS):
        return predicate
    verb = _SPEECH_COMPLEMENT.search(predicate)
    complement = predicate[: verb.end()] if verb is not None else predicate
    # Words quoted before the verb: their last sentence carries the claim (「…用意がある」と話した);
    # the quote's earlier sentences are what the speaker recounted (「…停戦の可能性について話し合った。…」).
    quote_end = complement.rfind("」")
    if quote_end >= 0:
        quote_start = complement.rfind("「", 0, quote_end)
        last_stop = complement.rfind("。", quote_start + 1, quote_end)
        complement = complement[max(quote_start, last_stop) + 1 :]
    return complement


def main_predicate(sentence: str) -> str:
    """The last top-level clause, widened to the previous one when it is only a few words."""
    clauses = _top_level_clauses(sentence.strip())
    tail = clauses.pop()
    while clauses and len(tail.rstrip(_TRAILING)) < 8:
        tail = clauses.pop() + "、" + tail
    return tail


def _core(text: str) -> str:
    return text.rstrip(_TRAILING)


def _governing_denial(sentence: str) -> bool:
    """否定した anywhere, or 〜ことはない not inside the complement of a speech verb."""
    if _DENIAL_VERB.search(sentence):
        return True
    return any(
        not _SPEECH_COMPLEMENT.search(sentence, never.end()) for never in _NEVER.finditer(sentence)
    )


def classify_modality(sentence: str) -> Modality:
    """The modality of ``sentence`` (precedence and scope in the module docstring)."""
    if _governing_denial(sentence):
        return Modality.DENIED
    predicate = main_predicate(sentence)
    if _NEGATIVE_STANCE.search(predicate) or _CALLED_OFF.search(predicate):
        return Modality.DENIED
    # A speech act's complement carries the claim (ANNOTATION.md: read in the clause that
    # carries it): …可能性があると述べた is speculative, …予定だと明らかにした planned.
    complement = _speech_complement(predicate)
    if _REPORTED.search(sentence.rstrip(" \u3000")):
        # Hearsay of a hedge is a hedge: speculative comes before reported in ANNOTATION.md.
        return Modality.SPECULATIVE if _SPECULATIVE.search(complement) else Modality.REPORTED
    if _HINTED.search(_core(predicate)):
        return Modality.SPECULATIVE
    if _STATED_PLAN.search(predicate):
        return Modality.PLANNED  # …する方針を明らかにした: the claim is the plan (ANNOTATION.md)
    if _SPECULATIVE.search(complement):
        return Modality.SPECULATIVE
    if _PLANNED_IN_COMPLEMENT.search(complement):
        return Modality.PLANNED
    if ends_with(_core(predicate), _SPEECH_ACT_ENDINGS):
        return Modality.ASSERTED
    if _PLANNED.search(predicate) or ends_with(_core(predicate), _SCHEDULED_EVENT_ENDINGS):
        return Modality.PLANNED
    return Modality.ASSERTED
