"""Classify the evidentiality (modality) of a Japanese sentence.

Precedence, highest first — when markers of several kinds govern a sentence, the first wins:

1. ``denied`` — an explicit denial or refusal anywhere (否定した, ことはない, 認めない,
   拒否した, つもりはない…), or a main predicate in the negative (…しない。, …ではない。,
   「…しない」と述べた). Lexicalised negatives that are not denials (かもしれない,
   否定できない, 欠かせない, ざるを得ない, 予断を許さない…) are ignored, and a negative
   under a final だろう/でしょう (…ことはほとんどないでしょう) is a speculation.
2. ``reported`` — hearsay framing anywhere: によると/によれば, と報じた, と伝えられる,
   とされる/とされている, と言われる/と言われています, 文末の「という。」, 模様だ, and
   と伝えた when the sentence names a news outlet.
3. ``speculative`` — 可能性, かもしれない, とみられる, 考えられる, 予想される, だろう,
   でしょう, 恐れ, 公算, 不透明, ようだ… (``可能性は低い`` is speculative).
4. ``planned`` — 予定, 見通し, 見込み, 方針, 計画, 意向, 調整している, 用意がある, 目指す,
   a headline ending in …へ.
5. ``asserted`` — none of the above.

Scope: denials and hearsay frames count wherever they are, because they colour the whole
sentence. Speculative and planned markers are looked for first in the *main predicate*, the
last top-level clause (after the last 、 outside quotes): in 「…可能性があると述べ、来週会談
する予定だと明らかにした」 the plan governs. Only when the main predicate carries neither do
markers in earlier clauses decide (「制裁緩和の可能性を検討しており、…ことを明らかにした」 is
speculative). Quotes count as content: 「…しない」と述べた is a denial by the speaker.
"""

from __future__ import annotations

import re

from claims.extraction.records import Modality

_EXPLICIT_DENIAL = re.compile(
    r"ことは(?:ない|なく|ありません|なかった|ありえない|あり得ない)"
    r"|否定(?:した|している|していた|しました|しています|し、|する(?:考え|姿勢|立場))"
    r"|(?:事実|予定|考え|つもり|意図|方針|計画|意思|用意)はない"
    r"|(?:事実|予定|考え|つもり|意図|方針|計画|意思|用意)はありません"
    r"|認めない|認めなかった|認めていない|認められない|応じない|応じなかった|応じていない"
    r"|拒否(?:した|している|する|し、|しました|しています)|拒んだ|拒んでいる|退けた|一蹴"
    r"|あり得ない|ありえない|論外"
)
# Negative forms that do not deny anything (possibility, obligation, idiom).
_NOT_A_DENIAL = re.compile(
    r"(?:かもしれ|に違い|ほか|しか|少なく|間違い|過言では|とは限ら|欠かせ|避けられ|否定でき"
    r"|否定しきれ|否定し|否定は(?:し|でき)|許さ|ければなら|なくてはなら|ざるを得|ざるをえ"
    r"|に過ぎ|にすぎ|かね|絶え|やま|変わりは|わから|分から|見通せ|止まら|たまら)"
    r"(?:な[いくかけ]|ません|ず)"
    r"|可能性は(?:低|小さ)"
)
_SPEECH_FRAME = re.compile(
    r"と(?:改めて|再び|重ねて|強く|明確に|はっきり|記者団に|会見で)*(?:し|述べ|語っ|語り|強調し|表明し|明らかにし|主張し|示し|発言し|断言し|言明し|明言し"
    r"|説明し|指摘し|答え|回答し|書き込ん|投稿し|話し|伝え|訴え|宣言し|警告し)"
    r"(?:た|ました|ている|ています|ていた)$"
)
_NEGATIVE_ENDING = re.compile(
    r"(?:ない|なかった|ません|ませんでした|ず|ぬ|なく|ないという|ではない|じゃない)"
    r"(?:のだ|のです|んだ|だ|です|という)?$"
)
_REPORTED = re.compile(
    r"によると|によれば|によりますと|と報じ|と報道|報じられ|報道された|報道によ|と伝えられ"
    r"|とも伝えられ|と伝えている|とされ(?:る|て|た|ます|ており)|と言われ|といわれ|とも言われ"
    r"|とのこと|という[。．]?$|模様(?:だ|です|である)"
)
_OUTLET = re.compile(
    r"通信|新聞|紙|メディア|テレビ|放送|報道|ロイター|ブルームバーグ|タス|ニュース"
)
_OUTLET_RELAY = re.compile(r"と伝え(?:た|ました)")
_SPECULATIVE = re.compile(
    r"可能性|かもしれ|とみられ|と見られ|とみている|と見ている|考えられ|予想され|予想される"
    r"|予測され|だろう|でしょう|恐れ|おそれ|懸念され|公算|見方が|推測|不透明|不明|未定"
    r"|わからない|分からない|見通せない|予断を許さない|とは限らない|かねない|否定できない"
    r"|ようだ|ようです|ように見え|らしい|疑い|観測|予測不可能|あり得る|ありうる|あり得ま|ありえま|得る[。]?$"
)
# 予定/計画 as a plain object (予定を切り上げた, 計画を発表した) is not a plan being reported.
_PLANNED = re.compile(
    r"予定(?![をがもは])|見通し|見込み|見込まれ|方針|計画(?![をがも])|意向|調整して|調整中|調整を進め|する構え"
    r"|考えを示|考えだ|考えです|つもり|用意があ|目指す|目指して|目指し|準備を進め|準備して"
    r"|する方向|検討して|検討中|検討を進め|開催される|行われる|へ[。！!]?$"
)
_TRAILING = "。．.！!？?…」』）) \u3000"


_CLAUSE_EVENTS = re.compile(r"[「『（(」』）)、，,]")


def _top_level_clauses(sentence: str) -> list[str]:
    """The sentence cut at every 、/， outside 「」『』（）."""
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


def main_predicate(sentence: str) -> str:
    """The last top-level clause, widened to the previous one when it is only a few words."""
    clauses = _top_level_clauses(sentence.strip())
    tail = clauses.pop()
    while clauses and len(tail.rstrip(_TRAILING)) < 8:
        tail = clauses.pop() + "、" + tail
    return tail


def _is_negated(predicate: str) -> bool:
    core = predicate.rstrip(_TRAILING)
    core = _SPEECH_FRAME.sub("", core).rstrip(_TRAILING)
    if _NOT_A_DENIAL.search(core[-12:]):
        return False
    return bool(_NEGATIVE_ENDING.search(core))


def _without_idioms(text: str) -> str:
    return _NOT_A_DENIAL.sub("", text)


def classify_modality(sentence: str) -> Modality:
    """The modality of ``sentence`` (precedence and scope in the module docstring)."""
    predicate = main_predicate(sentence)
    if _EXPLICIT_DENIAL.search(_without_idioms(sentence)) or _is_negated(predicate):
        return Modality.DENIED
    stripped = sentence.rstrip(" \u3000")
    if _REPORTED.search(stripped) or (_OUTLET_RELAY.search(predicate) and _OUTLET.search(sentence)):
        return Modality.REPORTED
    for scope in (predicate, sentence):
        if _SPECULATIVE.search(scope):
            return Modality.SPECULATIVE
        if _PLANNED.search(scope):
            return Modality.PLANNED
    return Modality.ASSERTED
