"""Split Japanese page text into sentences and recognise what is not worth proposing.

Splitting rules:

- A sentence ends at 。！？!? (with any run of further terminators) and at every line break.
- Quotes and parentheses (「」『』（）()【】“”) are kept whole: a terminator inside them does
  not end the sentence. A line whose brackets never close is split as if it had none.
- A URL ends the sentence it closes (aggregators glue the citation URL to the next sentence).
- A list item (a line starting with an emoji, a keycap 1️⃣, ・●■◆-, ``1.`` or ①…) is one
  sentence; its marker is not part of the sentence span.
- A dateline or byline opening a line (【ワシントン＝田中一郎】, （ロンドン＝共同）, 【速報】) is
  not part of the sentence after it either.

Spans never include surrounding whitespace, so ``text[start:end]`` is exactly what an editor
sees and what an evidence quote points at.
"""

from __future__ import annotations

import re
from datetime import date

from claims.extraction.regexes import ends_with, scanning

_TERMINATORS = frozenset("。！？!?")
_TRAILING_TERMINATORS = frozenset("。！？!?…")
_OPENERS = {
    "「": "」",
    "『": "』",
    "（": "）",
    "(": ")",
    "【": "】",
    "“": "”",
    "〈": "〉",
    "《": "》",
}
_CLOSERS = frozenset(_OPENERS.values())
_SPACE = " \t\r\f\v\u3000\u00a0"

# One list marker: an emoji or symbol bullet, a dash, "1." / "(1)", or a circled number.
_BULLET = re.compile(
    r"(?:[0-9#*\uff10-\uff19]\ufe0f?\u20e3"  # keycaps: 1️⃣ #️⃣
    r"|[\u2190-\u21ff\u2300-\u23ff\u25a0-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
    r"※・●■◆◇□○◎•\-\*＊–—＞>]"
    r"|[\u2460-\u2473\u2776-\u277f]"
    r"|[（(]?\d{1,2}[.．)）](?!\d)"
    r")[\ufe0e\ufe0f\u200d\u20e3]*[ \t\u3000]*"
)
_AGENCY = (
    r"(?:共同|時事|ロイター|AFP|ＡＦＰ|AP|ＡＰ|ブルームバーグ|タス|インタファクス|新華社|聯合)"
)
_BYLINE = re.compile(
    r"[【\[（(](?:[^【】\[\]（）()＝=\n]{1,20}[＝=][^【】\[\]（）()＝=\n]{1,20}"
    r"|[^【】\[\]（）()\n]{0,12}" + _AGENCY + r"(?:電)?"
    r"|速報|独自|詳報|解説|更新|追記|動画|写真あり)[】\]）)][ \t\u3000]*"
)

_NAVIGATION = scanning(
    r"次のページ|前のページ|続きを読む|さらに読む|もっと読む|もっと見る|関連記事|関連ニュース"
    r"|©|無断転載|無断複製|ページトップ|トップへ戻る"
    r"|この記事を(?:読む|シェア)|記事一覧|次の記事|前の記事|ツイートする|シェアする"
    r"|^関連\s*[:：]|関連リンク|あわせて読みたい|合わせて読みたい|おすすめ記事|こちらもおすすめ"
    r"|人気記事|アクセスランキング|注目記事"
)
# The Latin words apart, in any case (the Japanese ones have none, and without IGNORECASE the
# engine skips the positions where none of them can start).
_NAVIGATION_LATIN = re.compile(r"copyright|\(c\)|all rights reserved", re.IGNORECASE)
# What those words can start with (no other character folds to c, a or the bracket).
_LATIN_NAVIGATION_START = re.compile(r"[cCaA(]")
_CITATION = re.compile(r"https?://|www\.|出典|引用元|画像元|情報源\s*[:：]|ソース\s*[:：]")
_DATELINE = re.compile(r"^(?:公開日|更新日|投稿日|配信日|掲載日|最終更新日?|発行日)")
_DATE_ONLY = re.compile(r"^[\d\s/年月日時分:：.\-()（）〜~曜月火水木金土]+$")
_CAPTION = re.compile(
    r"^(?:写真|画像|図|表|動画|イラスト|映像|資料)\s*(?:\d+)?\s*[:：＝=]"
    r"|^[【\[（(](?:写真|画像|動画|図|映像)"
)
_QUESTION = re.compile(r"[?？][」』）)\s]*$")
# Conversational asides of summary sites: …やないかな, …ですね, …でしょうか, …ましょう.
_CHATTY_ENDING = re.compile(
    r"(?:やないかな|やろ|かな|でしょうか|ましょう|ませんか|ですよ|ますよ|よね|ね|わ)"
    r"[。！!…\s」）)]*$"
)
# The writer's own lead-ins of a summary page: 今回の動きをまとめてみました, そして昨日の動きです.
_WRITERS_LEAD_IN = re.compile(
    r"まとめ(?:てみ|てお|ました|ます)|振り返(?:ってみ|りま)|見ていき|(?:の|な)動きです[。！!]?$"
)
_CHATTY_OPENING = re.compile(
    r"^(?:ええ|うん|はい|いや|まあ|なるほど|そうですね|確かに|さて|それでは|では|ちなみに)[、,]"
)
# The end of a clause with a predicate: verb, adjective, copula, auxiliary (…た, …る, …ない),
# tested with str.endswith (every sentence is read for it).
_PREDICATE_ENDINGS = (*"るただいすうくつぬぶむぐずん", "ない", "です", "ます")

_TRAILING_PUNCTUATION = "。．.！!？?…」』）)〕】 \u3000"
_CASE_PARTICLE = re.compile(r"[をがはにと]")

_REFERENCE_DATE = re.compile(
    r"^[ \t\u3000]*(?:公開日|配信日|掲載日|投稿日)\s*[:：]?\s*"
    r"(?P<y>\d{4})\s*[/.\-年]\s*(?P<m>\d{1,2})\s*[/.\-月]\s*(?P<d>\d{1,2})",
    re.MULTILINE,
)


def _lines(text: str) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        spans.append((position, position + len(content)))
        position += len(line)
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _strip_bullets(text: str, start: int, end: int) -> tuple[int, bool]:
    """Skip leading list markers; returns the new start and whether the line was a list item."""
    position = start
    while position < end:
        marker = _BULLET.match(text, position, end)
        if marker is None or marker.end() == position:
            break
        position = marker.end()
    return position, position > start


# Only these characters can change the state of the splitter; everything else is skipped.
_SPLIT_EVENTS = scanning(
    r"https?://[\x21-\x7e]+|www\.[a-zA-Z0-9-]+\.[\x21-\x7e]+|[。！？!?「」『』（）()【】“”〈〉《》]"
)


def _split_line(text: str, start: int, end: int, respect_brackets: bool = True) -> list[int]:
    """Positions (exclusive ends) where sentences end inside ``text[start:end]``."""
    boundaries: list[int] = []
    expected: list[str] = []  # closers of the brackets currently open
    for event in _SPLIT_EVENTS.finditer(text, start, end):
        ch = event.group()
        if boundaries and event.start() < boundaries[-1]:
            continue  # a terminator already absorbed into the previous sentence end
        if len(ch) > 1:  # a URL ends the sentence it closes
            if not expected:
                boundaries.append(event.end())
        elif respect_brackets and ch in _OPENERS:
            expected.append(_OPENERS[ch])
        elif respect_brackets and ch in _CLOSERS:
            if ch in expected:
                while expected and expected.pop() != ch:
                    pass
        elif ch in _TERMINATORS and not expected:
            position = event.end()
            while position < end and text[position] in _TRAILING_TERMINATORS:
                position += 1
            boundaries.append(position)
    if expected and respect_brackets:
        return _split_line(text, start, end, respect_brackets=False)
    return boundaries


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` into ``text``, in order (see module doc for the rules)."""
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _lines(text):
        start, end = _trim(text, line_start, line_end)
        if start == end:
            continue
        content_start, is_list_item = _strip_bullets(text, start, end)
        byline = _BYLINE.match(text, content_start, end)
        if byline is not None:
            content_start = byline.end()
        content_start, end = _trim(text, content_start, end)
        if content_start == end:
            continue
        if is_list_item:
            spans.append((content_start, end))
            continue
        sentence_start = content_start
        for boundary in [*_split_line(text, content_start, end), end]:
            span = _trim(text, sentence_start, boundary)
            if span[0] < span[1]:
                spans.append(span)
            sentence_start = boundary
    return spans


def is_boilerplate(sentence: str) -> bool:
    """Navigation, citations, datelines, captions, questions and chatty asides."""
    stripped = sentence.strip(_SPACE)
    if not stripped:
        return True
    return bool(
        _NAVIGATION.search(stripped)
        or (_LATIN_NAVIGATION_START.search(stripped) and _NAVIGATION_LATIN.search(stripped))
        or _CITATION.search(stripped)
        or _DATELINE.match(stripped)
        or _DATE_ONLY.match(stripped)
        or _CAPTION.match(stripped)
        or _QUESTION.search(stripped)
        or _CHATTY_ENDING.search(stripped)
        or _CHATTY_OPENING.match(stripped)
        or _WRITERS_LEAD_IN.search(stripped)
    )


_CLOSED = tuple("。．.！!？?…")


def is_heading(text: str, start: int, end: int) -> bool:
    """A line of its own with no closing punctuation and no list marker: a title or heading
    (「欧州首脳らとの拡大会合始まる」, 「ルビオ長官「課題は多くない」」), which news pages set
    apart from their sentences. Summary bullets without 。 are list items, not headings."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    whole_line = not text[line_start:start].strip() and not text[end:line_end].strip()
    return whole_line and not text[start:end].rstrip().rstrip("」』）)").endswith(_CLOSED)


def has_predicate(sentence: str) -> bool:
    """Does the sentence say something (a verb, adjective or copula), or is it a bare heading?

    News summaries often end on a noun (体言止め: 「…と電話会談。」); such a sentence counts
    when it is terminated by 。 and has a case particle, while an unterminated noun phrase
    (a heading such as 「和平交渉の行方」) does not.
    """
    core = sentence.rstrip(_TRAILING_PUNCTUATION)
    if not core:
        return False
    if ends_with(core, _PREDICATE_ENDINGS):
        return True
    terminated = sentence.rstrip(" \u3000").endswith(("。", "."))
    return terminated and len(core) >= 12 and bool(_CASE_PARTICLE.search(core))


def find_reference_dates(text: str) -> list[tuple[int, date]]:
    """``(offset, date)`` of aggregator dateline lines such as ``公開日:2025/02/10``."""
    found = []
    for match in _REFERENCE_DATE.finditer(text):
        try:
            day = date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
        found.append((match.start(), day))
    return found
