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

Issues and modality are left as labelled: re-reading them needs judgement sentence by sentence.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from claims.extraction.actors import find_actor_mentions
from claims.extraction.lexicon import DEFAULT_LEXICON, PERSON
from eval import documents

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


def fix_actors(label: dict[str, Any], text: str, changes: Counter[str]) -> bool:
    drop = non_party_states(text) & set(label["actors"])
    if not drop:
        return False
    for slug in drop:
        changes[f"actor {slug} dropped (modifier, venue, topic or 日本時間)"] += 1
    label["actors"] = [a for a in label["actors"] if a not in drop]
    return True


def relabel_sentences(path: Path, changes: Counter[str]) -> int:
    rows = documents.read_jsonl(path)
    changed = 0
    for row in rows:
        touched = fix_actors(row, row["text"], changes)
        if row["event_date"] is None and row.get("claim", True):
            row["claim"] = False
            changes["sentence row without a date: no claim"] += 1
            touched = True
        changed += touched
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
