"""Find actors, speakers and negotiation issues named in a sentence.

Actors: lexicon aliases are matched longest-first, and a title or honorific written after the
alias (氏, 大統領, 米大統領, 報道官, 国務長官…) belongs to the mention. Guards against partial
words: a katakana alias must not sit inside a longer katakana word (バンス in アドバンス), an
ASCII alias not inside a longer ASCII word, and a one-character alias (米, ロ, 露, ウ…) counts only
as an abbreviation token next to another abbreviation or a marker (米ロ, 対露, 米側, 英仏).

Speakers: for each reporting verb (述べた, 表明した, 明らかにした, 語った, 発表した, 示唆した,
強調した, 主張した, 宣言した, 示した, 伝えた, 批判した, 否定した…) the speaker is the actor
marked as topic (は/も) in the stretch since the previous reporting verb — else the sentence's
topic before it, else the nearest subject (が). Actors coordinated with it (XとYは) speak too, and
so does the source of ``Xによると``. Mentions inside quotes 「…」 never speak for the sentence.

Issues: keywords of each issue are matched longest-first together with neutral phrases that
contain a keyword without being about the issue (ミュンヘン安全保障会議, 意見交換, NATO加盟国…);
weak keywords (交渉, 和平案…) count only when no other issue is touched (see find_issues).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import TypeVar

from claims.extraction.lexicon import (
    DEFAULT_NEUTRAL_PHRASES,
    DEFAULT_WEAK_KEYWORDS,
    SETTING_ISSUES,
)
from claims.extraction.lexicon import (
    PERSON as PERSON_KIND,
)
from claims.extraction.records import Lexicon
from claims.extraction.regexes import scanning

_ABBREVIATIONS = frozenset("米露ロウ欧英仏独中日韓朝印豪伊加")
_PREFIX_MARKERS = frozenset("対訪親反駐在全")
_SUFFIX_MARKERS = frozenset("側軍政当高紙主外国首大代企経議間関会協交合制兵領財商務報")
# 北米, 南米, 中米 are continents and regions, not the United States.
_BLOCKED_BEFORE = {"米": frozenset("北南中玄精白新")}
# 有志国連合 (a coalition of the willing) is not the United Nations.
_BLOCKED_AFTER = {"国連": frozenset("合邦")}

_TITLE = (
    r"(?:[米露ロ英仏独ウ]|前|元|次期|現)?"
    r"(?:国家安全保障担当大統領補佐官|国家安全保障担当補佐官|大統領首席補佐官|大統領報道官"
    r"|大統領補佐官|大統領府長官|首席補佐官|外務省報道官|中東担当特使|退役陸軍中将|陸軍中将"
    r"|副大統領|大統領|報道官|外務大臣|外務次官|外相|国務長官|国防長官|陸軍長官|財務長官"
    r"|商務長官|国防相|国防大臣|財務相|経済相|第1外務次官|第一外務次官|外務次官|軍総司令官"
    r"|総司令官|総参謀長|参謀総長|国連大使|大使|上級代表|常任議長|上院議員|下院議員|議員"
    r"|欧州委員会委員長|欧州委員長"
    r"|首相|大臣|担当特使|特使|補佐官|長官|議長|事務総長|委員長"
    r"|書記|皇太子|国王|主席|首脳|中将|将軍|政権|政府|氏|さん)"
)
_TITLES = re.compile(r"(?:" + _TITLE + r"){1,3}")
# A state's or organisation's body speaks for it (ロシア外務省は, 米国務省は, 英仏両国は).
_SPEAKING_BODY = (
    r"(?:外務省|国防省|国防総省|財務省|商務省|司法省|務省|政府|当局|軍|議会|代表団|交渉団|大使館"
    r"|大統領府|首相府|報道官室|両国|両政府|首脳)"
)
_SPEAKER_PARTICLE = re.compile(
    r"(?:" + _SPEAKING_BODY + r")?(?:ら|側|陣営|自身)?(?P<p>は|も|が|によると|によれば)(?!じめ)"
)
# Reporting verbs in a predicate form (述べた, 表明し、, 明らかにしている), not attributive
# nouns (発表によると, 要求する制裁解除).
_REPORTING_VERB = scanning(
    r"(?:述べ|語っ|語り|示し|伝え(?!られ)|訴え|呼びかけ|呼び掛け|話し|答え|書き込ん)"
    r"(?=[たてま、]|ており|ていた|ている)"
    r"|(?:表明|明らかに|発表|示唆|強調|主張|宣言|批判|否定|言及|指摘|発言|説明|警告|断言|言明"
    r"|明言|反論|非難|回答|投稿)(?=し[たてま、]|しており|していた|している)"
    # a news sentence ending on the noun (…と表明。, …とアピール。)
    r"|(?:表明|強調|主張|批判|非難|指摘|発言|説明|警告|反論|アピール)(?=[。．]|$)"
)
_COORDINATION = re.compile(r"^(?:と|や|、|・|及び|および)?$")  # empty: 英仏, 米ロ
# The end of a reported clause: what comes after it up to the verb is who reports it
# (ロシア軍は攻撃を続けたと、ウクライナが発表した).
# Only a clause-final と (after a predicate, or before a comma) ends one: the と of
# プーチン大統領とゼレンスキー大統領 joins two names.
_COMPLEMENT_END = scanning(r"(?<=[たるだいうずぬ])と(?:し)?[、，]?|と[、，]|ことを[、，]?")

_KATAKANA_MIN, _KATAKANA_MAX = "\u30a1", "\u30fa"


def _is_katakana(ch: str) -> bool:
    return _KATAKANA_MIN <= ch <= _KATAKANA_MAX or ch == "ー"


_KATAKANA = frozenset(chr(code) for code in range(ord(_KATAKANA_MIN), ord(_KATAKANA_MAX) + 1)) | {
    "ー"
}


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


@dataclass(frozen=True, slots=True)
class ActorMention:
    slug: str
    start: int
    end: int  # includes titles and honorifics
    speaker_particle: str | None  # は/も/が/によると right after the mention, if any


@dataclass(frozen=True)
class _ActorMatcher:
    pattern: re.Pattern[str]
    slug_by_alias: dict[str, str]
    kind_by_slug: dict[str, str]
    aliases: frozenset[str]


@dataclass(frozen=True)
class _IssueMatcher:
    pattern: re.Pattern[str] | None  # every keyword and neutral phrase, longest first
    issues_by_form: dict[str, tuple[tuple[str, str], ...]]  # literal surface -> (slug, keyword)
    # (regex, slug, keyword, A) for A…B: A is tested as a substring first, which is cheaper
    proximity: tuple[tuple[re.Pattern[str], str, str, str], ...]
    order: dict[str, int]  # issue slug -> position in the lexicon


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=lambda w: (-len(w), w)))


_MatcherT = TypeVar("_MatcherT")
_matchers: dict[tuple[str, int], tuple[Lexicon, object]] = {}


def _cached(kind: str, lexicon: Lexicon, build: Callable[[Lexicon], _MatcherT]) -> _MatcherT:
    """Build a matcher once per lexicon object (keyed by identity: hashing a lexicon is slow)."""
    key = (kind, id(lexicon))
    entry = _matchers.get(key)
    if entry is None or entry[0] is not lexicon:
        entry = (lexicon, build(lexicon))
        _matchers[key] = entry
    return entry[1]  # type: ignore[return-value]


# The last lexicon's matchers, looked up by identity before the cache (hundreds of calls a page).
_last_actor_matcher: tuple[Lexicon | None, _ActorMatcher | None] = (None, None)
_last_issue_matcher: tuple[Lexicon | None, _IssueMatcher | None] = (None, None)


def actor_matcher(lexicon: Lexicon) -> _ActorMatcher:
    global _last_actor_matcher
    last, matcher = _last_actor_matcher
    if last is not lexicon or matcher is None:
        matcher = _cached("actors", lexicon, _build_actor_matcher)
        _last_actor_matcher = (lexicon, matcher)
    return matcher


def issue_matcher(lexicon: Lexicon) -> _IssueMatcher:
    global _last_issue_matcher
    last, matcher = _last_issue_matcher
    if last is not lexicon or matcher is None:
        matcher = _cached("issues", lexicon, _build_issue_matcher)
        _last_issue_matcher = (lexicon, matcher)
    return matcher


def _build_actor_matcher(lexicon: Lexicon) -> _ActorMatcher:
    slug_by_alias: dict[str, str] = {}
    for actor in lexicon.actors:
        for alias in actor.aliases:
            for form in {alias, _full_width(alias)}:
                slug_by_alias.setdefault(form, actor.slug)
    return _ActorMatcher(
        pattern=re.compile(_alternation(slug_by_alias)),
        slug_by_alias=slug_by_alias,
        kind_by_slug={actor.slug: actor.kind for actor in lexicon.actors},
        aliases=frozenset(slug_by_alias),
    )


# After a keyword, these make it the scene of a statement rather than its subject.
_SETTING = re.compile(
    r"(?:の後|後|の直後|直後|の席で|の場で|を受けて|の演説で|での演説で|の冒頭|冒頭で)"
)
# 「協議で、」 sets the scene of a statement (…は会合で、加盟は現実的でないと述べた), but not of
# a move in the negotiations (2日の協議で停戦を提案した, 電話会談で案を示した).
_SETTING_OF_A_STATEMENT = re.compile(r"で[、，]")
_STATEMENT_ENDING = re.compile(
    r"(?:述べ|語っ|語り|強調し|表明し|明らかにし|主張し|訴え|批判し|非難し|求め|要求し|指摘し"
    r"|発言し|説明し|警告し|反発し|示唆し|言及し|反論し)"
    r"(?:た|ている|ていた|ました|ています)"
    r"(?:とされる|とされている|という|と伝えられた|とみられる|と報じられた|と報じた)?[。．」]*$"
)

# ``A…B`` in a keyword: A, then B within a few characters of the same sentence (部隊…派遣
# matches 部隊の派遣 and 部隊をウクライナに派遣).
_PROXIMITY_GAP = r"[^。！？!?]{0,12}?"


def _proximity_pattern(keyword: str) -> re.Pattern[str]:
    return re.compile(_PROXIMITY_GAP.join(re.escape(part) for part in keyword.split("…")))


def _build_issue_matcher(lexicon: Lexicon) -> _IssueMatcher:
    issues_by_form: dict[str, list[tuple[str, str]]] = {
        phrase: [] for phrase in DEFAULT_NEUTRAL_PHRASES
    }
    proximity = []
    for issue in lexicon.issues:
        for keyword in issue.keywords:
            if "…" in keyword:
                first = keyword.split("…")[0]
                proximity.append((_proximity_pattern(keyword), issue.slug, keyword, first))
                continue
            for form in {keyword, _full_width(keyword)}:
                entries = issues_by_form.setdefault(form, [])
                if (issue.slug, keyword) not in entries:
                    entries.append((issue.slug, keyword))
    return _IssueMatcher(
        pattern=re.compile(_alternation(issues_by_form)) if issues_by_form else None,
        issues_by_form={form: tuple(entries) for form, entries in issues_by_form.items()},
        proximity=tuple(proximity),
        order={issue.slug: index for index, issue in enumerate(lexicon.issues)},
    )


def _abbreviation_ok(text: str, start: int, alias: str) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[start + 1] if start + 1 < len(text) else ""
    if before in _BLOCKED_BEFORE.get(alias, ()):
        return False
    if (before and _is_katakana(before) and before not in _ABBREVIATIONS) or (
        after and _is_katakana(after) and after not in _ABBREVIATIONS
    ):
        return False
    return (
        before in _ABBREVIATIONS
        or before in _PREFIX_MARKERS
        or after in _ABBREVIATIONS
        or after in _SUFFIX_MARKERS
    ) and bool(before or after)


def _word_boundaries_ok(text: str, start: int, end: int) -> bool:
    first, last = text[start], text[end - 1]
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before:
        if before in _KATAKANA and first in _KATAKANA:
            return False
        if _is_ascii_word(first) and _is_ascii_word(before):
            return False
    if not after:
        return True
    if after in _KATAKANA and last in _KATAKANA:
        return False
    if after in _BLOCKED_AFTER.get(text[start:end], ()):
        return False
    return not (_is_ascii_word(last) and _is_ascii_word(after))


def find_actor_mentions(text: str, lexicon: Lexicon) -> list[ActorMention]:
    """Every actor mention in ``text`` with its span (titles included) and following particle."""
    matcher = actor_matcher(lexicon)
    mentions: list[ActorMention] = []
    for match in matcher.pattern.finditer(text):
        alias = match.group()
        if mentions and match.start() < mentions[-1].end:
            continue  # inside the title of the mention before: 米 of ルビオ米国務長官
        if len(alias) == 1:
            if not _abbreviation_ok(text, match.start(), alias):
                continue
        elif not _word_boundaries_ok(text, match.start(), match.end()):
            continue
        end = match.end()
        title = _TITLES.match(text, end)
        if title is not None and len(alias) > 1:
            end = title.end()
        particle = _SPEAKER_PARTICLE.match(text, end)
        mentions.append(
            ActorMention(
                slug=matcher.slug_by_alias[alias],
                start=match.start(),
                end=end,
                speaker_particle=particle["p"] if particle else None,
            )
        )
    return mentions


_QUOTE_OR_BRACKET = re.compile(r"[「『」』]")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of 「…」 and 『…』 (outermost; an unclosed quote runs to the end)."""
    spans: list[tuple[int, int]] = []
    depth = 0
    opened = 0
    for mark in _QUOTE_OR_BRACKET.finditer(text):
        if mark.group() in "「『":
            if depth == 0:
                opened = mark.start()
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                spans.append((opened, mark.end()))
    if depth > 0:
        spans.append((opened, len(text)))
    return spans


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _with_coordinated(
    text: str, chosen: ActorMention, mentions: list[ActorMention]
) -> list[ActorMention]:
    """``XとYは``: actors joined to the speaker by と/や/、 speak with it."""
    group = [chosen]
    current = chosen
    for previous in reversed([m for m in mentions if m.end <= chosen.start]):
        if _COORDINATION.match(text[previous.end : current.start]):
            group.append(previous)
            current = previous
        else:
            break
    return group


def find_speakers(text: str, mentions: list[ActorMention]) -> list[str]:
    """Slugs of the actors who say what the sentence reports (see module doc)."""
    if not mentions:
        return []
    quoted = _quoted_spans(text) if "「" in text or "『" in text else []
    usable = [m for m in mentions if not _inside(m.start, quoted)] if quoted else list(mentions)
    speakers: list[str] = []
    for mention in usable:
        if mention.speaker_particle in ("によると", "によれば"):
            speakers.append(mention.slug)
    previous_verb_end = 0
    said: list[tuple[int, int]] = []  # what each reporting verb reports
    for verb in _REPORTING_VERB.finditer(text):
        if _inside(verb.start(), quoted):
            continue
        before = [m for m in usable if m.end <= verb.start()]
        segment = [m for m in before if m.start >= previous_verb_end]
        complement_end = max(
            (
                found.end()
                for found in _COMPLEMENT_END.finditer(text, previous_verb_end, verb.start())
                if not _inside(found.start(), quoted)
            ),
            default=previous_verb_end,
        )
        reporting = [m for m in segment if m.start >= complement_end]
        # A subject (が) inside what is said is the subject of that, not the speaker:
        # 「ウクライナ軍が退却していると述べ」 has no speaker of its own.
        said.append((previous_verb_end, complement_end))
        outside = [m for m in before if not _inside(m.start, said)]
        previous_verb_end = verb.end()
        chosen = (
            _first(reporting, ("は", "も"))
            or _last(reporting, ("が",))
            or _first(segment, ("は", "も"))
            or _first(before, ("は", "も"))
            or _last([m for m in segment if m in outside], ("が",))
            or _last(outside, ("が",))
        )
        if chosen is not None:
            speakers.extend(m.slug for m in _with_coordinated(text, chosen, usable))
    return sorted(set(speakers))


def _first(mentions: list[ActorMention], particles: tuple[str, ...]) -> ActorMention | None:
    return next((m for m in mentions if m.speaker_particle in particles), None)


def _last(mentions: list[ActorMention], particles: tuple[str, ...]) -> ActorMention | None:
    return next((m for m in reversed(mentions) if m.speaker_particle in particles), None)


def find_issues(text: str, lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """Issue slug -> keywords found (as listed in the lexicon, in order of appearance).

    Literal keywords are matched longest-first in one pass together with the neutral phrases
    (ミュンヘン安全保障会議, 意見交換…), so 「停戦監視」 counts once and a neutral phrase hides
    the keywords inside it; ``A…B`` keywords are matched separately. A weak keyword (交渉,
    和平案…, see :data:`~claims.extraction.lexicon.DEFAULT_WEAK_KEYWORDS`), or a keyword of a
    :data:`~claims.extraction.lexicon.SETTING_ISSUES` issue that only sets the scene
    (会談の後、協議で、), counts only when the sentence touches no other issue: 「NATO加盟は交渉の現実的な結果ではない」 is about
    NATO membership, not about the course of the negotiations.
    """
    matcher = issue_matcher(lexicon)
    hits: list[tuple[int, str, str, bool]] = []  # (position, slug, keyword, weak)
    states_something: bool | None = None  # read only when a keyword is followed by で、
    neutral: list[tuple[int, int]] = []
    if matcher.pattern is not None:
        for match in matcher.pattern.finditer(text):
            entries = matcher.issues_by_form[match.group()]
            if not entries:  # a neutral phrase: hide it from the A…B keywords as well
                neutral.append((match.start(), match.end()))
            sets_scene = bool(_SETTING.match(text, match.end()))
            if not sets_scene and _SETTING_OF_A_STATEMENT.match(text, match.end()):
                if states_something is None:
                    states_something = bool(_STATEMENT_ENDING.search(text.rstrip()))
                sets_scene = states_something
            for slug, keyword in entries:
                weak = keyword in DEFAULT_WEAK_KEYWORDS or (sets_scene and slug in SETTING_ISSUES)
                hits.append((match.start(), slug, keyword, weak))
    searchable = text
    for start, end in neutral:
        searchable = searchable[:start] + "\u2063" * (end - start) + searchable[end:]
    for pattern, slug, keyword, first in matcher.proximity:
        if first not in searchable:
            continue
        found_at = pattern.search(searchable)
        if found_at is None or any(
            hit_slug == slug and found_at.start() <= position < found_at.end()
            for position, hit_slug, _, _ in hits
        ):
            continue  # absent, or already covered by a literal keyword of the same issue
        hits.append((found_at.start(), slug, keyword, keyword in DEFAULT_WEAK_KEYWORDS))
    strong = {slug for _, slug, _, weak in hits if not weak}
    found: dict[str, dict[str, None]] = {}
    for _, slug, keyword, weak in sorted(hits, key=itemgetter(0)):
        if weak and slug not in strong and strong:
            continue
        found.setdefault(slug, {})[keyword] = None
    # A halt to strikes on power plants is about the plants (ANNOTATION.md), unless the
    # sentence speaks of a truce's own terms as well.
    if (
        "energy_infrastructure" in found
        and "ceasefire_monitoring" in found
        and not set(found["ceasefire_monitoring"]) & _TRUCE_OF_ITS_OWN
    ):
        del found["ceasefire_monitoring"]
    return {slug: tuple(found[slug]) for slug in sorted(found, key=matcher.order.__getitem__)}


_TRUCE_OF_ITS_OWN = frozenset(
    {"停戦監視", "監視", "検証", "違反", "停戦ライン", "黒海", "航行の安全", "停戦合意", "休戦"}
)


def is_known_name(name: str, lexicon: Lexicon) -> bool:
    """Is ``name`` (or the part of it after a given name) an alias of a known actor?"""
    aliases = actor_matcher(lexicon).aliases
    return name in aliases or any(part in aliases for part in re.split(r"[・=＝]", name))


# --------------------------------------------------------------------------- parties

# A person stands for the state they lead: the state is not added beside them (ANNOTATION.md).
LEADER_OF = {
    "trump": "us", "putin": "russia", "zelensky": "ukraine", "macron": "france",
    "starmer": "uk", "merz": "germany", "scholz": "germany", "erdogan": "turkey", "xi": "china",
    "orban": "hungary", "fico": "slovakia", "tusk": "poland", "stubb": "finland",
    "lukashenko": "belarus", "ishiba": "japan",
}  # fmt: skip
# After a state's (or the White House's) name: the place where it happened, the subject matter,
# or a name-like word (日本時間), not a party.
_NOT_A_PARTY_AFTER = re.compile(
    r"(?:で(?!は|も|の合意)|での|への|に対する|の首都|西部|東部|南部|北部|国内|全土|領内|和平|情勢"
    r"|侵攻|侵略|全面侵攻|戦争|紛争|危機|問題|産|時間|経済|国民|市民|企業|領土|支援|加盟(?!国)|各地"
    r"|との(?!会談|協議|電話|交渉|首脳|直接|対面|会合|合意|間|あいだ|次|捕虜)|寄り"
    r"|に(?:到着|入っ|入り)|を(?:訪問|訪れ|訪ね|後に|離れ)|入り"
    r"|による(?:ウクライナ)?(?:への)?(?:全面)?(?:侵攻|侵略)"
    r"|[・･](?=[\u30a1-\u30fa]{2,}|[\u4e00-\u9fff]{2})|[)）])"
)
# After 「Xの」: a body or a stance of X, which acts for it (ロシアの代表団, ロシアの要求).
_BODY_AFTER_NO = re.compile(
    r"の(?:[0-9０-９一二三両]+(?:カ|か|ヶ|ケ)国|両)?(?:[0-9０-９一二三四五]+(?:回目|度目)の|次回の|初の)?"
    r"(?:無人機|ドローン|ミサイル|(?:対(?:ロシア|ロ|露))?(?:追加)?制裁(?!解除|の解除|緩和|の緩和)|双方|代表団|交渉団|政府|外務省|国防省|財務省|国務省|大統領府|当局|首脳|高官|担当者|大使|軍"
    r"|要求|提案|主張|立場|姿勢|声明|発表|反応|回答|対応|同意|合意|参加|指導者|特使|外相|国防相"
    r"|首相|大統領|報道官|補佐官|長官|専門家|関係者|当局者|高官|協議|会談|交渉|首脳会談|外相会談)"
)
# The subject of a clause that describes a noun (ウクライナが受け入れを表明した停戦案, 米国が
# まとめた和平案): the thing is what the sentence is about, its author background.
_IN_A_RELATIVE_CLAUSE = re.compile(
    r"(?:側)?が(?:[^、。「」がはも]{1,12}?し、[^、。「」]{1,30}?|[^、。「」がはも]{1,24}?)"
    r"(?:した|された|れた|った|いた|めた|けた)"
    r"(?=(?:[0-9０-９]+(?:日|か月|カ月|年)間?の)?"
    r"(?:停戦|和平|提案|案|合意|計画|構想|条件|要求|声明|文書|覚書|草案|枠組み)"
    # …が示した停戦案を受け入れた: the proposer is the counterpart of accepting or refusing it
    r"(?![^、。]{0,8}?(?:を|に)(?:受け入れ|拒否|拒ん|拒み|拒む|応じ|同意|支持|反対)))"
)
# Between a name and the person a past relative clause describes (…と会談した, …を批判した).
_DESCRIBES_THE_NEXT_PERSON = re.compile(
    r"(?:と|を|に)[^、。「」はがもとを]{0,16}?(?:した|った|れた|いた)(?:[米露ロ英仏独ウ]|ロシアの|米国の)?"
)
# A person named as the target of someone's feelings or pressure (…への不快感, …への批判).
_TARGET_OF_FEELING = re.compile(
    r"への(?:不快感|批判|不満|圧力|非難|怒り|苛立ち|いら立ち|反発|失望|警告)"
)
# What is said about a person, not done by him (ゼレンスキー氏の支持率, …の任期, …の正統性).
_ABOUT_A_PERSON = re.compile(r"の(?:支持率|任期|正統性|辞任|退陣|健康|人気|評価|態度|責任)")
_SOURCE_AFTER = re.compile(
    r"(?:の(?:発表|声明|話|報道|発言|説明|情報))?(?:政府)?(?:当局者|関係者|高官|筋|空軍|軍)?"
    r"(?:によると|によれば|によりますと|によれば)"
)
_JOINS = re.compile(r"^(?:と|や|、|・|･|及び|および)$")


# A capital written as the subject stands for its government (モスクワとキエフは…協議を行った,
# ワシントンは…求めた); as a place (モスクワで, モスクワを訪問) it is none.
_CAPITAL_AS_SUBJECT = re.compile(
    r"(?<![\u30a0-\u30ff])(?P<city>モスクワ|キーウ|キエフ|ワシントン)"
    r"(?=(?:と(?:モスクワ|キーウ|キエフ|ワシントン))?(?:は|が|も|側)(?![\u3041-\u3093]{0,1}じめ))"
)
_CAPITAL_STATE = {
    "モスクワ": "russia",
    "キーウ": "ukraine",
    "キエフ": "ukraine",
    "ワシントン": "us",
}


def capital_subjects(text: str) -> list[ActorMention]:
    """The governments a capital written as a subject stands for."""
    if "モスクワ" not in text and "キ" not in text and "ワシントン" not in text:
        return []
    mentions = []
    for found in _CAPITAL_AS_SUBJECT.finditer(text):
        after = text[found.end() : found.end() + 1]
        particle = after if after in ("は", "が", "も") else None
        mentions.append(
            ActorMention(_CAPITAL_STATE[found["city"]], found.start(), found.end(), particle)
        )
    return mentions


def party_mentions(text: str, mentions: list[ActorMention], lexicon: Lexicon) -> list[ActorMention]:
    """The mentions that name a party to what ``text`` reports (ANNOTATION.md, Actors).

    Left out: anyone named inside a quotation 「…」; a state (or the White House) written as the
    modifier of a person (ロシアのプーチン大統領, アメリカ・トランプ大統領), as the place
    (サウジアラビアで, トルコ・イスタンブール, ホワイトハウスで), as the subject matter (ウクライナ
    和平, ウクライナ情勢, ウクライナのエネルギー施設, ロシアとウクライナの戦闘) or in 日本時間; and a
    state whose leader is a party (プーチン大統領 stands for Russia).
    """
    if not mentions:
        return []
    kinds = actor_matcher(lexicon).kind_by_slug
    if (
        all(kinds.get(m.slug) == PERSON_KIND for m in mentions)
        and "「" not in text
        and "『" not in text
        and "によ" not in text
        and "政権" not in text
        and "への" not in text
        and not _ABOUT_A_PERSON.search(text)
        and not any(
            _DESCRIBES_THE_NEXT_PERSON.fullmatch(text, first.end, second.start)
            for first, second in zip(mentions, mentions[1:], strict=False)
        )
    ):
        return mentions  # people only, none quoted, none a source, none background: all parties
    quoted = _quoted_spans(text) if "「" in text or "『" in text else []
    ordered = sorted(mentions, key=attrgetter("start"))
    dropped: dict[int, str] = {}  # index -> why ("quote", "person", "topic", "background")
    for index in range(len(ordered) - 1, -1, -1):
        mention = ordered[index]
        if _inside(mention.start, quoted):
            dropped[index] = "quote"
            continue
        if _SOURCE_AFTER.match(text, mention.end) and len(ordered) > 1:
            dropped[index] = "source"  # ロシア大統領府の発表によりますと: who reports it
            continue
        if (
            mention.start > 0
            and text[mention.start - 1] == "対"
            and kinds.get(mention.slug) != PERSON_KIND
        ):
            dropped[index] = "topic"  # 対ロシア制裁
            continue
        if _IN_A_RELATIVE_CLAUSE.match(text, mention.end):
            dropped[index] = "background"  # ウクライナが受け入れを表明した停戦案
            continue
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        if (
            following is not None
            and kinds.get(following.slug) == PERSON_KIND
            and following.slug != mention.slug
            and _DESCRIBES_THE_NEXT_PERSON.fullmatch(text, mention.end, following.start)
        ):
            # ゼレンスキー大統領と会談したトランプ米大統領は…投稿した: what the next person did
            # before is background to what the sentence reports of him.
            dropped[index] = "background"
            continue
        if kinds.get(mention.slug) == PERSON_KIND:
            if _TARGET_OF_FEELING.match(text, mention.end) or _ABOUT_A_PERSON.match(
                text, mention.end
            ):
                dropped[index] = "topic"  # ゼレンスキー氏への不快感, ゼレンスキー氏の支持率
            continue
        between = text[mention.end : following.start] if following is not None else ""
        if (
            following is not None
            and (
                kinds.get(following.slug) == PERSON_KIND
                or STATE_OF.get(following.slug) == mention.slug
            )
            and following.slug != mention.slug
            and re.fullmatch(r"(?:の|・|･)?", between)
        ):
            dropped[index] = "person"
        elif _NOT_A_PARTY_AFTER.match(text, mention.end) or (
            text.startswith("の", mention.end)
            and not _BODY_AFTER_NO.match(text, mention.end)
            and not (following is not None and following.start == mention.end + 1)
        ):
            dropped[index] = "topic"
        elif (
            following is not None
            and _JOINS.match(between)
            and dropped.get(index + 1) == "topic"
            and kinds.get(following.slug) == kinds.get(mention.slug)
        ):
            dropped[index] = "topic"  # ロシアとウクライナの戦闘
    for index in range(len(ordered) - 2, -1, -1):  # ロシアとウクライナが合意した停戦
        between = text[ordered[index].end : ordered[index + 1].start]
        if dropped.get(index + 1) == "background" and _JOINS.match(between):
            dropped[index] = "background"
    if all(index in dropped for index in range(len(ordered))):
        # The authors of what the sentence is about are all it names: they are its parties.
        dropped = {index: why for index, why in dropped.items() if why != "background"}
    kept = [
        ActorMention(STATE_OF.get(m.slug, m.slug), m.start, m.end, m.speaker_particle)
        if text.startswith("政権", m.end - 2) and kinds.get(m.slug) == PERSON_KIND
        else m  # トランプ政権 is the US government
        for index, m in enumerate(ordered)
        if index not in dropped
    ]
    led = {LEADER_OF[m.slug] for m in kept if m.slug in LEADER_OF}
    speaking = {m.slug for m in kept if m.speaker_particle in ("は", "も")}
    return [m for m in kept if m.slug not in led or m.slug in speaking]


# After a name inside what a speaker says: the counterpart of the speaker's own act
# (プーチン大統領と会う, ロシア側と協議する, ロシアに対し), not one more name of a list (米国とウクライナ).
_COUNTERPART_AFTER = re.compile(r"(?:側|政府)?(?:と(?![、・])|に対し)")


# …こだわらない考えを示した: a stance's content ends where its noun begins.
_STANCE_END = scanning(
    r"(?<=[たるだいうずぬ])(?:考え|意向|認識|見方|立場|姿勢|見解|方針)を"
    # …会談する計画を否定した: what is denied ends where the denied thing is named
    r"|(?<=[たるだいうずぬ])(?:との)?(?:計画|報道|情報|主張|指摘|可能性|案)を(?=否定|拒否|一蹴|批判|非難)"
)
# Inside what is said, a state whose forces or lead carry the act is a party to it (欧州部隊を
# 派遣する用意, 英仏主導の部隊).
_AGENT_AFTER = re.compile(r"(?:主導|部隊|の部隊)")


def _counterpart(text: str, mention: ActorMention, mentions: list[ActorMention]) -> bool:
    """Is ``mention``, inside what a speaker says, the counterpart of the speaker's own act
    (プーチン大統領と会う), rather than one name of a list (米国とウクライナ)? (The one criticised,
    ゼレンスキー氏を…と批判した, is named with を: never a counterpart.)"""
    if not _COUNTERPART_AFTER.match(text, mention.end):
        return False
    joined_at = text.find("と", mention.end) + 1
    return not any(other.start == joined_at for other in mentions)


def statement_parties(
    text: str,
    parties: list[ActorMention],
    mentions: list[ActorMention],
    speakers: Collection[str],
    lexicon: Lexicon,
) -> list[ActorMention]:
    """The parties of a named speaker's statement (ANNOTATION.md: "A said B agreed"), given the
    sentence's ``speakers`` (:func:`find_speakers`).

    In 「Xは、…と述べた」 the claim is X's statement: a party named inside what X says — its
    subject (ゼレンスキー氏は…), what it is about (米ロ首脳会談の日程), the one criticised — is a
    party to another event, not to this one. The counterpart of the speaker's own act stays
    (プーチン大統領と会うつもりだ, ロシア側と協議する予定だ). A sentence is never left with
    no party.
    """
    if len(parties) < 2:
        return parties
    quoted = _quoted_spans(text) if "「" in text or "『" in text else []
    verbs = [v for v in _REPORTING_VERB.finditer(text) if not _inside(v.start(), quoted)]
    if not verbs:
        return parties
    verb = verbs[-1]
    ends = [
        found
        for pattern in (_COMPLEMENT_END, _STANCE_END)
        for found in pattern.finditer(text)
        if found.start() < verb.start() and not _inside(found.start(), quoted)
    ]
    ends.sort(key=lambda found: found.start())
    criticised = verb.group().startswith(("批判", "非難"))
    if not ends and not criticised:
        return parties  # 発表した, 表明した with no と-clause: what is announced is the act
    # ゼレンスキー氏を独裁者と批判した: the one criticised is named before the と, too.
    complement_end = ends[-1].start() if ends else verb.start()
    speaker = next(
        (
            m
            for m in parties
            if m.slug in speakers
            and m.speaker_particle in ("は", "も", "が")
            and m.start < complement_end
        ),
        None,
    )
    if speaker is None:
        return parties
    kinds = actor_matcher(lexicon).kind_by_slug
    side = STATE_OF.get(speaker.slug, speaker.slug)
    if kinds.get(speaker.slug) != PERSON_KIND and any(
        kinds.get(m.slug) == PERSON_KIND
        and STATE_OF.get(m.slug) == side
        and m.speaker_particle in ("が", "は")
        and speaker.end <= m.start < complement_end
        for m in parties
    ):
        # クレムリンは、プーチン氏が…招いたと発表した: the office tells its own leader's act,
        # whose parties are the claim's; the office only reports it.
        return [m for m in parties if m is not speaker and m.slug != speaker.slug] or parties
    kept = [
        m
        for m in parties
        if m.slug in speakers
        or not speaker.end <= m.start < complement_end
        or (
            _counterpart(text, m, mentions)
            # プーチン大統領がゼレンスキー氏と会談する: the counterpart of another's act
            and not any(
                other.speaker_particle in ("が", "は")
                and speaker.end <= other.start < m.start
                and other.slug not in speakers
                for other in parties
            )
        )
        or (kinds.get(m.slug) != PERSON_KIND and bool(_AGENT_AFTER.match(text, m.end)))
    ]
    return kept or parties


# The state each known official or body acts for (to tell a new party from more of the same).
STATE_OF = {
    **{slug: "us" for slug in (
        "trump", "vance", "rubio", "waltz", "hegseth", "witkoff", "kellogg", "driscoll",
        "kushner", "leavitt", "bessent", "lutnick", "white-house", "us")},
    **{slug: "russia" for slug in (
        "putin", "lavrov", "peskov", "ushakov", "dmitriev", "medinsky", "medvedev", "zakharova",
        "ryabkov", "nebenzia", "gerasimov", "belousov", "kremlin", "russia")},
    **{slug: "ukraine" for slug in (
        "zelensky", "yermak", "sybiha", "umerov", "budanov", "zaluzhny", "syrskyi", "shmyhal",
        "svyrydenko", "kyslytsya", "ukraine")},
    **{person: state for person, state in LEADER_OF.items()},
    "fidan": "turkey",
}  # fmt: skip
