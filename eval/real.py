"""Score the extractor on the real sets: public Japanese news excerpts, labelled by ANNOTATION.md.

Three sets (``REAL_SETS``): ``real`` (``tests/evalset_real/``) and ``real-dev``
(``tests/evalset_real_dev/``), each labelled before the extractor first ran on it and then tuned
on, and ``blind`` (``tests/evalset_real_blind/``), labelled after that tuning and never tuned on.
Each set's labels live in its ``excerpts.jsonl`` (one row per excerpt: URL, outlet, publication
date, the search query that finds the text again, and the gold claims, each with several
evidence spans given as character offsets into the excerpt). The excerpts' text is not in the
repository: it is kept in git-ignored folders (``eval/real/text/``, ``eval/real/dev/``,
``eval/real/blind/``;
``<id>.txt``), and each file is checked against the row's sha256 before it is scored. Without
the folder the set is reported as missing, with how to gather it again (each set's README.md).
A set's first scoring is its first look: its figures are written to its ``first_look.json``
once and never rewritten.

Matching (one gold claim to at most one candidate, best overlap first):

- **strict**: the candidate's evidence covers at least half of the gold claim's first evidence
  span (the one that states the event), and the event date (start, end, precision), the actor
  set and the issue set are equal;
- **lenient**: the candidate's evidence overlaps any gold evidence span, the event dates start on
  the same day (or both have none), and the actor sets and the issue sets overlap (or are both empty).

Field accuracies (date, actor set, issues, modality) are over the gold claims paired with a
candidate one-to-one (``field_pairs``): pairs whose event sentences (the first span of each)
share most come first, then those whose evidence shares most. One candidate stands for one
claim, so a candidate that groups three gold claims' sentences is compared with one of them
only, exactly as a one-sentence candidate of an older extractor is; the other two count as
recall lost, not as three wrong actor sets. Every candidate is counted: an undated one is a
proposal too (ANNOTATION.md: a dated claim or none).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from eval.labels import REAL_ACTORS

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class RealSet:
    name: str
    folder: Path  # excerpts.jsonl, first_look.json, README.md
    text_dir: Path  # git-ignored
    # A set whose misses are read to change the extractor; the others' misses are never shown.
    tuned_on: bool

    @property
    def labels(self) -> Path:
        return self.folder / "excerpts.jsonl"

    @property
    def first_look_path(self) -> Path:
        return self.folder / "first_look.json"


REAL = RealSet("real", REPO / "tests" / "evalset_real", REPO / "eval" / "real" / "text", True)
BLIND = RealSet(
    "blind", REPO / "tests" / "evalset_real_blind", REPO / "eval" / "real" / "blind", False
)
# A second development set of real news (labelled before the extractor ran on it, then tuned on).
REAL_DEV = RealSet(
    "real-dev", REPO / "tests" / "evalset_real_dev", REPO / "eval" / "real" / "dev", True
)
REAL_SETS = (REAL, REAL_DEV, BLIND)
STRICT_COVERAGE = 0.5
TARGETS = {"lenient_f1": 0.75, "strict_f1": 0.5, "undated_share": 0.10}

Span = tuple[int, int]
DateKey = tuple[str | None, str | None, str] | None

HOW_TO_GATHER = (
    "the {name} set's text is not here ({folder}); gather it again as {readme} says: for each "
    "row of {labels}, search the `pages` corpus with its `query`, save the excerpt of the result "
    "at its `url` to a file, and run `python -m eval.real --set {name} <id> <file>` (it cuts the "
    "row's pieces out and checks the sha256)"
)


def how_to_gather(real_set: RealSet, folder: Path | None = None) -> str:
    return HOW_TO_GATHER.format(
        name=real_set.name,
        folder=folder or real_set.text_dir,
        readme=(real_set.folder / "README.md").relative_to(REPO),
        labels=real_set.labels.relative_to(REPO),
    )


@dataclass(frozen=True)
class RealClaim:
    spans: tuple[Span, ...]
    event_date: DateKey
    actors: frozenset[str]
    issues: frozenset[str]
    modality: str


@dataclass
class RealDocument:
    name: str
    text: str
    published: date
    gold: list[RealClaim]
    reference_dates: list[tuple[int, date]] = field(default_factory=list)


@dataclass
class RealScores:
    documents: int = 0
    characters: int = 0
    gold: int = 0
    predicted: int = 0
    undated: int = 0
    strict_tp: int = 0
    lenient_tp: int = 0
    overlapped: int = 0
    agree: dict[str, int] = field(
        default_factory=lambda: {"date": 0, "actors": 0, "issues": 0, "modality": 0}
    )
    misses: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def _f1(tp: int, predicted: int, gold: int) -> dict[str, float]:
        p = tp / predicted if predicted else 0.0
        r = tp / gold if gold else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
        }

    def as_dict(self) -> dict[str, Any]:
        def share(n: int) -> float:
            return round(n / self.overlapped, 4) if self.overlapped else 0.0

        return {
            "documents": self.documents,
            "characters": self.characters,
            "gold_claims": self.gold,
            "candidates": self.predicted,
            "strict": {**self._f1(self.strict_tp, self.predicted, self.gold), "tp": self.strict_tp},
            "lenient": {
                **self._f1(self.lenient_tp, self.predicted, self.gold),
                "tp": self.lenient_tp,
            },
            "overlapped_gold_claims": self.overlapped,
            "date_accuracy": share(self.agree["date"]),
            "actor_set_accuracy": share(self.agree["actors"]),
            "issue_accuracy": share(self.agree["issues"]),
            "modality_accuracy": share(self.agree["modality"]),
            "candidates_per_1000_chars": round(1000 * self.predicted / self.characters, 3)
            if self.characters
            else 0.0,
            "undated_share": round(self.undated / self.predicted, 4) if self.predicted else 0.0,
        }


def gold_date(value: dict[str, Any] | None) -> DateKey:
    return None if value is None else (value["start"], value["end"], value["precision"])


def candidate_date(event_date: Any) -> DateKey:
    if event_date is None:
        return None
    start = event_date.start.isoformat() if event_date.start else None
    end = event_date.end.isoformat() if event_date.end else None
    return (start, end, str(event_date.precision))


def candidate_spans(candidate: Any) -> tuple[Span, ...]:
    """A candidate's evidence: its ``evidence`` spans when it has them, else its quote."""
    evidence = getattr(candidate, "evidence", None)
    if evidence:
        return tuple((start, end) for start, end in evidence)
    return ((candidate.quote_start, candidate.quote_end),)


def to_claim(candidate: Any, vocabulary: frozenset[str]) -> RealClaim:
    return RealClaim(
        spans=candidate_spans(candidate),
        event_date=candidate_date(candidate.event_date),
        actors=frozenset(candidate.actors) & vocabulary,
        issues=frozenset(candidate.issues),
        modality=str(candidate.modality),
    )


# --------------------------------------------------------------------------- gathering

# Words of a link icon some pages put inside a sentence (JETRO): never part of the text.
_LINK_ICON = "外部サイトへ、新しいウィンドウで開きます"


def normalise_excerpt(excerpt: str) -> str:
    """A search result's excerpt as the stored texts were cut from it: no link-icon words,
    ASCII round brackets, and blank lines (with their indentation) closed up."""
    excerpt = excerpt.replace(_LINK_ICON, "").replace("（", "(").replace("）", ")")
    return re.sub(r"\n[ \t\u3000]*(?:\n[ \t\u3000]*)+", "\n", excerpt)


def completed(piece: str, chars: int, ends: str) -> str:
    """A last piece that the search excerpt cut short (excerpts stop at 2,000 bytes), finished
    with the row's ``ends`` when the piece stops inside it; the sha256 check decides."""
    missing = chars - len(piece)
    if 0 < missing < len(ends) and piece.endswith(ends[:-missing]):
        return piece + ends[-missing:]
    return piece


def text_from_excerpt(row: dict[str, Any], excerpt: str) -> str | None:
    """The excerpt's text as labelled, from the search result's excerpt, or None if it differs.

    The row's ``pieces`` are the runs of the (normalised) excerpt that the text keeps, each by
    its first ten characters (``nth`` occurrence, 0 when absent), its length and the characters
    put before it; what they leave out is the page around the article (captions, bylines,
    share buttons) and, in a few rows, paragraphs. Without ``pieces``, the text runs from
    ``begins`` to the last ``ends``.
    """
    excerpt = normalise_excerpt(excerpt)
    if row.get("pieces"):
        parts = []
        for piece in row["pieces"]:
            starts = [m.start() for m in re.finditer(re.escape(piece["head"]), excerpt)]
            nth = piece.get("nth", 0)
            if nth >= len(starts):
                return None
            parts.append(piece["before"])
            parts.append(excerpt[starts[nth] : starts[nth] + piece["chars"]])
        parts[-1] = completed(parts[-1], row["pieces"][-1]["chars"], row["ends"])
        text = "".join(parts)
    else:
        begins, ends = excerpt.find(row["begins"]), excerpt.rfind(row["ends"])
        if begins < 0 or ends < begins:
            return None
        text = excerpt[begins : ends + len(row["ends"])]
    for candidate in (text + "\n", text):
        if hashlib.sha256(candidate.encode()).hexdigest() == row["sha256"]:
            return candidate
    return None


def gather(row_id: str, excerpt_file: Path, real_set: RealSet = REAL) -> Path:
    """Save the text of row ``row_id`` from a search result's excerpt saved in ``excerpt_file``."""
    rows = [json.loads(line) for line in real_set.labels.read_text(encoding="utf-8").splitlines()]
    row = next(r for r in rows if r["id"] == row_id)
    text = text_from_excerpt(row, excerpt_file.read_text(encoding="utf-8"))
    if text is None:
        raise ValueError(f"{row_id}: the excerpt does not give the labelled text (sha256)")
    real_set.text_dir.mkdir(parents=True, exist_ok=True)
    path = real_set.text_dir / f"{row_id}.txt"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- loading


def load_real_documents(
    real_set: RealSet = REAL, text_dir: Path | None = None
) -> tuple[list[RealDocument], list[str]]:
    """The labelled excerpts whose text is present and unchanged, and notes on the others."""
    notes: list[str] = []
    text_dir = text_dir or real_set.text_dir
    if not real_set.labels.exists():
        return [], [f"the {real_set.name} set has no labels ({real_set.labels})"]
    if not text_dir.is_dir():
        return [], [how_to_gather(real_set, text_dir)]
    documents = []
    lines = real_set.labels.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line]
    for row in rows:
        path = text_dir / f"{row['id']}.txt"
        if not path.exists():
            notes.append(f"{row['id']}: no text file; {how_to_gather(real_set, path)}")
            continue
        text = path.read_text(encoding="utf-8")
        if hashlib.sha256(text.encode()).hexdigest() != row["sha256"]:
            notes.append(f"{row['id']}: text differs from the labelled one (sha256); skipped")
            continue
        gold = [
            RealClaim(
                spans=tuple((e["start"], e["end"]) for e in claim["evidence"]),
                event_date=gold_date(claim["event_date"]),
                actors=frozenset(claim["actors"]),
                issues=frozenset(claim["issues"]),
                modality=claim["modality"],
            )
            for claim in row["claims"]
        ]
        documents.append(RealDocument(row["id"], text, date.fromisoformat(row["published"]), gold))
    if rows and not documents:
        notes.append(how_to_gather(real_set, text_dir))
    return documents, notes


# --------------------------------------------------------------------------- matching


def shared(span: Span, spans: Iterable[Span]) -> int:
    """Characters of ``span`` covered by the union of ``spans``."""
    covered: set[int] = set()
    for start, end in spans:
        covered.update(range(max(start, span[0]), min(end, span[1])))
    return len(covered)


def overlap(gold: RealClaim, predicted: RealClaim) -> int:
    return sum(shared(span, predicted.spans) for span in gold.spans)


def strict_match(gold: RealClaim, predicted: RealClaim) -> bool:
    lead = gold.spans[0]
    return (
        shared(lead, predicted.spans) >= STRICT_COVERAGE * (lead[1] - lead[0])
        and gold.event_date == predicted.event_date
        and gold.actors == predicted.actors
        and gold.issues == predicted.issues
    )


def _meet(first: frozenset[str], second: frozenset[str]) -> bool:
    return bool(first & second) or (not first and not second)


def lenient_match(gold: RealClaim, predicted: RealClaim) -> bool:
    return (
        overlap(gold, predicted) > 0
        and (gold.event_date or (None,))[0] == (predicted.event_date or (None,))[0]
        and _meet(gold.actors, predicted.actors)
        and _meet(gold.issues, predicted.issues)
    )


def one_to_one(
    pairs: Iterable[tuple[int, int]], rank: Callable[[int, int], tuple[Any, ...]]
) -> dict[int, int]:
    """Gold index → candidate index over the (gold, candidate) ``pairs``, highest ``rank`` first,
    each gold claim and each candidate used once (every scorer of the sets pairs this way)."""
    paired: dict[int, int] = {}
    used: set[int] = set()
    for gi, pi in sorted(pairs, key=lambda pair: rank(*pair), reverse=True):
        if gi not in paired and pi not in used:
            paired[gi] = pi
            used.add(pi)
    return paired


def count_matches(
    gold: Sequence[RealClaim],
    predicted: Sequence[RealClaim],
    matches: Callable[[RealClaim, RealClaim], bool],
) -> set[int]:
    pairs = [
        (gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted) if matches(g, p)
    ]
    return set(one_to_one(pairs, lambda gi, pi: (overlap(gold[gi], predicted[pi]), gi, pi)))


def field_pairs(gold: Sequence[RealClaim], predicted: Sequence[RealClaim]) -> dict[int, int]:
    """Gold index → candidate index, one-to-one, over pairs that share evidence at all."""
    pairs = [
        (gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted) if overlap(g, p) > 0
    ]
    return one_to_one(
        pairs,
        lambda gi, pi: (
            shared(gold[gi].spans[0], predicted[pi].spans[:1]),
            overlap(gold[gi], predicted[pi]),
            -gi,
            -pi,
        ),
    )


def describe(claim: RealClaim) -> str:
    when = (
        "no date"
        if claim.event_date is None
        else f"{claim.event_date[0]}..{claim.event_date[1]} {claim.event_date[2]}"
    )
    return f"{when}; {sorted(claim.actors)}; {sorted(claim.issues)}; {claim.modality}"


def score_real(
    extract_claims: Callable[..., Any],
    documents: Sequence[RealDocument],
    vocabulary: frozenset[str] = REAL_ACTORS,
) -> RealScores:
    scores = RealScores()
    for document in documents:
        scores.documents += 1
        scores.characters += len(document.text)
        try:
            candidates = extract_claims(
                document.text,
                published=document.published,
                reference_dates=document.reference_dates,
            )
        except Exception:  # recorded: one crash must not hide the other excerpts
            scores.errors.append(f"{document.name}: {traceback.format_exc(limit=3)}")
            candidates = []
        predicted = [to_claim(c, vocabulary) for c in candidates]
        scores.gold += len(document.gold)
        scores.predicted += len(predicted)
        scores.undated += sum(p.event_date is None for p in predicted)
        strict = count_matches(document.gold, predicted, strict_match)
        scores.strict_tp += len(strict)
        scores.lenient_tp += len(count_matches(document.gold, predicted, lenient_match))
        paired = field_pairs(document.gold, predicted)
        for index, gold in enumerate(document.gold):
            if index not in paired:
                scores.misses.append(f"[{document.name}] missed: {describe(gold)}")
                continue
            best = predicted[paired[index]]
            scores.overlapped += 1
            scores.agree["date"] += gold.event_date == best.event_date
            scores.agree["actors"] += gold.actors == best.actors
            scores.agree["issues"] += gold.issues == best.issues
            scores.agree["modality"] += gold.modality == best.modality
            if index not in strict:
                scores.misses.append(
                    f"[{document.name}] expected {describe(gold)} | got {describe(best)}"
                )
    return scores


def first_look(real_set: RealSet = REAL) -> dict[str, Any] | None:
    """The figures measured on a real set the first time it was scored (kept, never rewritten)."""
    if not real_set.first_look_path.exists():
        return None
    figures: dict[str, Any] = json.loads(real_set.first_look_path.read_text(encoding="utf-8"))
    return figures


def keep_first_look(
    real_set: RealSet, figures: dict[str, Any], documents: int, measured: str
) -> dict[str, Any]:
    """The set's first look: the stored one, or these figures, stored now when the whole set
    was scored for the first time (a partial gathering is no first look)."""
    stored = first_look(real_set)
    if stored is not None:
        return stored
    rows = real_set.labels.read_text(encoding="utf-8").splitlines()
    if documents < sum(1 for line in rows if line.strip()):
        return {"measured": "not yet: the set's text is incomplete", "figures": None}
    look = {"measured": measured, "figures": figures}
    real_set.first_look_path.write_text(
        json.dumps(look, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return look


def main(argv: Sequence[str]) -> int:
    """python -m eval.real [--set NAME] ID EXCERPT_FILE (each set's README.md)."""
    parser = argparse.ArgumentParser(prog="python -m eval.real", description=main.__doc__)
    parser.add_argument("--set", choices=[s.name for s in REAL_SETS], default=REAL.name)
    parser.add_argument("row_id")
    parser.add_argument("excerpt_file", type=Path)
    args = parser.parse_args(argv)
    real_set = next(s for s in REAL_SETS if s.name == args.set)
    print(gather(args.row_id, args.excerpt_file, real_set))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
