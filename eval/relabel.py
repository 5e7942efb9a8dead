"""Bring the synthetic sets' claim labels in line with ANNOTATION.md (issue 12); run once.

``python -m eval.relabel tests/evalset tests/evalset_holdout`` rewrites ``claims.jsonl`` and the
pages' ``*.labels.json`` and prints how many rows changed and why. Only the rules that can be
applied to a label from its own sentence, without judgement, are applied here:

- **a leader's country beside the leader** (ロシアのプーチン大統領, アメリカ・トランプ大統領): the
  state is dropped when every mention of it in the sentence modifies a person or official;
- **日本時間 is not Japan**: ``japan`` is dropped when Japan is named only in 日本時間;
- **the venue** (サウジアラビアで, トルコ・イスタンブール, サウジアラビアの首都リヤド) and **the subject
  matter** (ウクライナ和平, ウクライナ情勢, ウクライナ侵攻, ウクライナでの停戦) are no party: such a
  state is dropped when it has no other mention;
- **a dated claim or none**: a one-sentence row with no date is no claim (``"claim": false``,
  labels kept for reference); on a page, an undated claim continues the dated claim before it in
  its section (an aggregator's section, else the whole page): it is evidence of it when in the
  same paragraph with the same or fewer actors, else a claim of its own on that date (another
  party's statement about it); with no dated claim before it, it takes its aggregator section's
  date (公開日), else it is no claim (moved to ``not_claims``).

A second reading (issue 12, same run) applies the rest of ANNOTATION.md that a label's own
sentence decides, to a state or an organisation (never a person, except inside a quotation):

- **the place** (ホワイトハウスで, ホワイトハウスを訪れる, モスクワに到着, サウジアラビア入り, 米軍基地,
  サウジアラビアのジッダで) is no party, nor **the target of pressure** (対ロシア制裁, ロシア産原油,
  ロシアに制裁を科す, ロシアの石油大手に制裁, ロシアの貿易相手国に関税), **who reports it**
  (ロシアの通信社は, ドイツのメディアによると, ホワイトハウス当局者によると; a person too: ペスコフ報道官
  によると), **an office written before its official** (ロシア大統領府のペスコフ報道官), **the subject
  matter** (ウクライナ抜きの合意, ウクライナへの支援) or a state or organisation named only inside a
  quotation;
- **a person stands for the state they lead**: the state is dropped beside its leader
  (メルツ氏 … ドイツが → ``merz``);
- **modality by ANNOTATION.md's lists**, only for a label left ``asserted`` by the old convention:
  the first of denied (否定, 応じない, 受け入れない, 認めない, 見送り, 取りやめ, 中止, 〜ない考え, and "did not happen":
  〜なかった, 〜ていない before と or the end), speculative (可能性, とみられる, 見方, 示唆, 予想, 観測,
  考えられる, かもしれない, the hedges だろう and でしょう), reported (によると, と報じた, とされる, という, と伝えた) and planned (予定,
  見通し, 方針, する考え, 〜たい, 用意がある, 意向, 構え; a plan in the past tense, 予定だった, is not
  one) whose marker the sentence holds; else planned when the event is dated after the anchor
  (not yet happened). A ``reported`` label holding a denial (拒否 among them) or a hedge takes
  it: both come before reported in ANNOTATION.md's order.

Issues are left as labelled: re-reading them needs judgement sentence by sentence.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from claims.extraction.actors import LEADER_OF, find_actor_mentions
from claims.extraction.lexicon import DEFAULT_LEXICON, PERSON
from eval import documents
from eval.labels import ACTORS

KIND = {actor.slug: actor.kind for actor in DEFAULT_LEXICON.actors}
# After a state's name: the state is the venue or the subject matter, not a party.
NOT_A_PARTY_AFTER = re.compile(
    r"(?:で(?!は|も)|での|の首都|西部|東部|南部|北部|国内|全土|和平|情勢|侵攻|侵略|戦争|紛争|危機|問題"
    r"|の(?:首都|和平|情勢|侵攻|侵略|戦争|紛争|危機|戦闘|領土|復興|停戦|安全)"
    r"|[・･](?=[\u30a1-\u30fa]{2,}(?:で|の|に|、)))"
)
STATE_BEFORE_PERSON = re.compile(r"^(?:の|・|･)?$")


def non_party_states(text: str) -> set[str]:
    """States every mention of which in ``text`` modifies a person, a venue or a topic."""
    mentions = find_actor_mentions(text, DEFAULT_LEXICON)
    verdict: dict[str, bool] = {}
    for index, mention in enumerate(mentions):
        if KIND.get(mention.slug) != "state":
            continue
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        between = text[mention.end : following.start] if following else None
        modifies_person = (
            following is not None
            and KIND.get(following.slug) == PERSON
            and STATE_BEFORE_PERSON.match(between or "") is not None
        )
        if mention.slug == "japan" and text.startswith("時間", mention.end):
            not_party = True
        else:
            not_party = modifies_person or bool(NOT_A_PARTY_AFTER.match(text, mention.end))
        verdict[mention.slug] = verdict.get(mention.slug, True) and not_party
    return {slug for slug, not_party in verdict.items() if not_party}


# Second reading. After a state's or an organisation's name: the place, the target of pressure,
# a reporter, or the subject matter.
PLACE_AFTER = re.compile(
    r"(?:で(?!は|も)|での|に到着|に入っ|入り|を訪問|を訪れ|を訪ね|軍?基地"
    r"|(?:西部|東部|南部|北部)?の(?:首都)?[\u30a1-\u30fa]{2,}(?:で(?!は|も)|での|に到着|入り))"
)
TARGET_AFTER = re.compile(
    r"(?:産|(?:に対する|に対し|への|に)[^、。「」]{0,16}?(?:制裁|関税)"
    r"|の[^、。「」]{0,12}?(?:石油|原油|ガス|貿易相手国)[^、。「」]{0,20}?(?:制裁|関税|禁止|停止|購入))"
)
REPORTER_AFTER = re.compile(r"の(?:国営)?(?:通信社|メディア|報道機関|新聞|有力紙|テレビ)")
# The source of a reported claim (関係者によると): who tells it, not a party to it.
SOURCE_AFTER = re.compile(
    r"(?:の(?:発表|声明|話|報道|発言|説明))?[^、。「」]{0,5}?(?:によると|によれば|によりますと)"
)
# Whom the claim is about or for (ウクライナ抜きの合意, ウクライナへの支援): the subject matter.
TOPIC_AFTER = re.compile(r"抜き|への")
SPEAKS_AFTER = re.compile(r"(?:政府|代表団|側)?(?:は|も)(?!じめ)")
QUOTED = re.compile(r"「[^「」]*」|『[^『』]*』")


def non_parties(text: str) -> dict[str, str]:
    """States and organisations every mention of which in ``text`` is no party, and why."""
    mentions = find_actor_mentions(text, DEFAULT_LEXICON)
    quoted = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
    verdict: dict[str, str | None] = {}
    for index, mention in enumerate(mentions):
        if KIND.get(mention.slug) == PERSON:
            source = SOURCE_AFTER.match(text, mention.end) and len(mentions) > 1
            why_person = "the source it is reported by" if source else None
            earlier = verdict.get(mention.slug, why_person)
            verdict[mention.slug] = why_person if earlier is not None else None
            continue
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        between = text[mention.end : following.start] if following else None
        after = text[mention.end :]
        why: str | None = None
        if any(start < mention.start < end for start, end in quoted):
            why = "named only inside a quotation"
        elif (
            following is not None
            and KIND.get(following.slug) == PERSON
            and following.slug in ACTORS  # else the office is all the labels can name
            and STATE_BEFORE_PERSON.match(between or "") is not None
        ):
            why = "an office or state written before its official"
        elif PLACE_AFTER.match(after):
            why = "the place"
        elif text[mention.start - 1 : mention.start] == "対" or TARGET_AFTER.match(after):
            why = "the target of pressure"
        elif REPORTER_AFTER.match(after) or (SOURCE_AFTER.match(after) and len(mentions) > 1):
            why = "who reports it"
        elif TOPIC_AFTER.match(after):
            why = "the subject matter"
        previous = verdict.get(mention.slug, why)
        verdict[mention.slug] = why if previous is not None and why is not None else None
    return {slug: why for slug, why in verdict.items() if why is not None}


def speaking_states(text: str) -> set[str]:
    """States that are the topic of a clause of their own (ウクライナ政府は否定, 米国も関与)."""
    return {
        m.slug
        for m in find_actor_mentions(text, DEFAULT_LEXICON)
        if KIND.get(m.slug) != PERSON and SPEAKS_AFTER.match(text, m.end)
    }


def topic_leaders(text: str) -> set[str]:
    """Leaders who are the topic of a clause (メルツ氏は…), so they speak or act for their state."""
    return {
        m.slug
        for m in find_actor_mentions(text, DEFAULT_LEXICON)
        if m.slug in LEADER_OF and SPEAKS_AFTER.match(text, m.end)
    }


def administrations(label: dict[str, Any], text: str, changes: Counter[str]) -> bool:
    """トランプ政権 is the US government acting (ANNOTATION.md: 米政府 → ``us``), not Trump."""
    mentions = find_actor_mentions(text, DEFAULT_LEXICON)
    touched = False
    for slug in sorted({m.slug for m in mentions if m.slug in LEADER_OF} & set(label["actors"])):
        own = [m for m in mentions if m.slug == slug]
        if own and all(text.startswith("政権", m.end - 2) for m in own):
            state = LEADER_OF[slug]
            label["actors"] = sorted({*label["actors"], state} - {slug})
            changes["actor: a leader's administration is its state"] += 1
            touched = True
    return touched


def fix_actors(label: dict[str, Any], text: str, changes: Counter[str]) -> bool:
    drop = non_party_states(text) & set(label["actors"])
    for slug in drop:
        changes[f"actor {slug} dropped (modifier, venue, topic or 日本時間)"] += 1
    reasons = {slug: why for slug, why in non_parties(text).items() if slug in label["actors"]}
    for slug, why in reasons.items():
        if slug not in drop:
            changes[f"actor dropped: {why}"] += 1
    led = {LEADER_OF[a] for a in topic_leaders(text) if a in label["actors"]}
    led = (led & set(label["actors"])) - speaking_states(text)
    changes["actor dropped: the state beside its leader"] += len(led - drop - set(reasons))
    drop |= set(reasons) | led
    if not drop:
        return administrations(label, text, changes)
    label["actors"] = [a for a in label["actors"] if a not in drop]
    administrations(label, text, changes)
    return True


DENIED = re.compile(
    r"否定(?!せず|しな|的)|(?:応じ|受け入れ|認め)(?:ない|ず|られない)(?!なら|限り|場合)|見送|取りやめ|取り止め|中止"
    r"|拒否(?!権|せず|しな)|拒絶(?!せず|しな)"
    r"|キャンセル"
    r"|(?:なかった|ていない|ていません|ておらず|ませんでした)(?=と|。|$)"
    r"|ない(?:との)?(?:考え|方針|意向|姿勢|立場)"
)
SPECULATIVE = re.compile(
    r"可能性(?!を否定|も否定)|とみられ|と見られ|見方|示唆|予想|観測|考えられ|かもしれない"
    r"|だろう|でしょう"  # hedges
)
REPORTED = re.compile(
    r"によると|によれば|によりますと|と報じ|とされ(?:る|ている|ます)|という(?:。|$)|と伝え|と聞いている"
    r"|との情報"
)
# A plan, intention or schedule that ends the claim's clause (予定だ, 用意があると表明した, 方針を示した),
# not a noun inside it (意向を示す書簡を受け取った, 方針を憲法に記している, 予定されていた).
PLANNED = re.compile(
    r"(?:予定|見通し|方針|(?<!との)考え|たい|用意がある|意向|構え)(?:だ|です|である)?"
    r"(?:と|との|。|$|を(?:示|明らか|表明|固め)(?:し|さ))"
)


def fix_modality(label: dict[str, Any], text: str, anchor: date, changes: Counter[str]) -> bool:
    """An ``asserted`` label read again by ANNOTATION.md's modality lists, first match wins; a
    ``reported`` one when a denial or a hedge is there too (they come first in that order)."""
    if label["modality"] == "reported":
        for modality, markers in (("denied", DENIED), ("speculative", SPECULATIVE)):
            if markers.search(text):
                label["modality"] = modality
                changes[f"modality reported → {modality} (first in ANNOTATION.md's order)"] += 1
                return True
        return False
    if label["modality"] != "asserted":
        return False
    for modality, markers in (
        ("denied", DENIED),
        ("speculative", SPECULATIVE),
        ("reported", REPORTED),
        ("planned", PLANNED),
    ):
        if markers.search(text):
            label["modality"] = modality
            changes[f"modality asserted → {modality} (its marker)"] += 1
            return True
    start = (label.get("event_date") or {}).get("start")
    if start is not None and date.fromisoformat(start) > anchor:
        label["modality"] = "planned"
        changes["modality asserted → planned (dated after the anchor: not yet happened)"] += 1
        return True
    return False


def relabel_sentences(path: Path, changes: Counter[str]) -> int:
    rows = documents.read_jsonl(path)
    changed = 0
    for row in rows:
        touched = fix_actors(row, row["text"], changes)
        if row.get("claim", True):
            published = date.fromisoformat(row["published"])
            touched = fix_modality(row, row["text"], published, changes) or touched
        if row["event_date"] is None and row.get("claim", True):
            row["claim"] = False
            changes["sentence row without a date: no claim"] += 1
            touched = True
        changed += touched
    path.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    return changed


def relabel_modality_sentences(path: Path, changes: Counter[str]) -> int:
    """modality.jsonl: each sentence's label read again by the same lists (no date to read)."""
    rows = documents.read_jsonl(path)
    changed = sum(fix_modality(row, row["text"], date.max, changes) for row in rows)
    path.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    return changed


def relabel_page(labels_path: Path, parser: documents.PageParser, changes: Counter[str]) -> int:
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    stem = labels_path.name.removesuffix(".labels.json")
    page = next(
        p for p in (labels_path.with_name(stem + s) for s in (".html", ".txt")) if p.exists()
    )
    document = documents.parse_page(page, {**labels, "claims": []}, parser)
    text = document.text
    sections = sorted(document.reference_dates)
    changed: set[int] = set()
    claims = labels["claims"]
    for index, claim in enumerate(claims):
        if fix_actors(claim, claim["quote"], changes):
            changed.add(index)
    located = sorted(
        ((text.find(c["quote"]), i) for i, c in enumerate(claims)), key=lambda pair: pair[0]
    )
    removed: list[int] = []
    as_evidence: set[int] = set()
    for position, index in located:
        claim = claims[index]
        if claim["event_date"] is not None or position < 0:
            continue
        section_start = next((start for start, _ in reversed(sections) if start <= position), 0)
        section_date = next((d for start, d in reversed(sections) if start <= position), None)
        before = [
            (p, i)
            for p, i in located
            if section_start <= p < position
            and claims[i]["event_date"] is not None
            and i not in removed
        ]
        lead = before[-1][1] if before else None
        if lead is not None:
            lead_claim = claims[lead]
            same_paragraph = "\n" not in text[text.find(lead_claim["quote"]) : position]
            if same_paragraph and set(claim["actors"]) <= set(lead_claim["actors"]):
                lead_claim.setdefault("evidence", []).append(claim["quote"])
                removed.append(index)
                as_evidence.add(index)
                changes["page claim without a date: evidence of the claim before it"] += 1
                changed.add(lead)
            else:
                claim["event_date"] = dict(lead_claim["event_date"])
                changes["page claim without a date: date of the dated claim before it"] += 1
                changed.add(index)
            continue
        if section_date is not None:
            day = section_date.isoformat()
            claim["event_date"] = {"start": day, "end": day, "precision": "day"}
            changes["page claim without a date: its aggregator section's date"] += 1
            changed.add(index)
            continue
        removed.append(index)
        changes["page claim without a date or context: no claim"] += 1
    published = date.fromisoformat(labels["published"])
    for _, index in located:
        if index in removed:
            continue
        # The page's date: a claim dated after it has not happened by the time of writing.
        if fix_modality(claims[index], claims[index]["quote"], published, changes):
            changed.add(index)
    labels["not_claims"] = labels.get("not_claims", []) + [
        claims[i] for i in sorted(removed) if i not in as_evidence
    ]
    labels["claims"] = [c for i, c in enumerate(claims) if i not in removed]
    labels_path.write_text(
        json.dumps(labels, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return len(changed | set(removed))


def main(argv: list[str]) -> int:
    parser = documents.load_page_parser()
    assert parser is not None, "curation.parsing is needed for the pages"
    for name in argv:
        evalset = Path(name)
        changes: Counter[str] = Counter()
        rows = relabel_sentences(evalset / "claims.jsonl", changes)
        rows += relabel_modality_sentences(evalset / "modality.jsonl", changes)
        pages = sum(
            relabel_page(path, parser, changes)
            for path in sorted((evalset / "pages").glob("*.labels.json"))
        )
        print(f"{evalset}: {rows} sentence rows and {pages} page claims changed")
        for reason, count in changes.most_common():
            print(f"  {count:>4}  {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
