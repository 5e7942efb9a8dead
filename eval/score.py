"""Score the Japanese claim extractor against the hand-labelled development set.

Run from the repository root as ``python -m eval.score`` (``make eval``). It prints a report and
writes ``eval/results.json`` in the bench contract: one entry per target figure
(``value``, ``unit``, ``baseline``, ``baseline_value``, ``ratio``, ``target_ratio``) plus a
``details`` key with every sub-score. Targets come from issue #4; the exit status is 0 whatever
the scores (the lead decides), and non-zero only when the extractor cannot be imported.

Figures: strict claim F1 over claims.jsonl (each row a page of one sentence) plus the pages; date
accuracy over timex.jsonl (negatives included); modality accuracy over modality.jsonl through
``classify_modality`` plus the modality of the predicted claim paired with each gold claim (one
prediction per gold claim, best quote coverage first).
Predicted actors outside the labelled vocabulary (``eval.labels.ACTORS``) are ignored: the set
labels only those; and so is a predicted claim that named only such actors and no date, which
would not have been proposed without them. Label conventions: tests/evalset/README.md.

The scorer imports no Django: it needs ``claims.extraction`` and, for the pages,
``curation.parsing``; without the latter the pages are skipped with a message.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from eval import real
from eval.documents import (
    Claim,
    Document,
    format_date,
    load_page_parser,
    page_documents,
    predicted_date_key,
    read_jsonl,
    sentence_documents,
)
from eval.labels import ACTORS

REPO = Path(__file__).resolve().parent.parent
EVALSET = REPO / "tests" / "evalset"
HOLDOUT = REPO / "tests" / "evalset_holdout"
RESULTS = REPO / "eval" / "results.json"

# Targets of issue #4.
TARGETS = {
    "claim_f1_strict": 0.80,
    "date_accuracy": 0.95,
    "modality_accuracy": 0.85,
}
UNITS = {"claim_f1_strict": "F1", "date_accuracy": "accuracy", "modality_accuracy": "accuracy"}
# A predicted quote must cover this share of the gold quote's characters for a strict match.
STRICT_QUOTE_COVERAGE = 0.5
CONFUSION_SIZE = 15


class ExtractorMissing(Exception):
    """``claims.extraction`` could not be imported."""


# --------------------------------------------------------------------------- data


@dataclass
class Miss:
    kind: str  # "claim", "date" or "modality"
    severity: int
    text: str
    expected: str
    got: str


@dataclass(frozen=True)
class Extractor:
    find_time_expressions: Callable[..., Any]
    extract_claims: Callable[..., Any]
    classify_modality: Callable[[str], Any]


def load_extractor() -> Extractor:
    try:
        from claims.extraction import classify_modality, extract_claims, find_time_expressions
    except ImportError as error:  # the message says what is missing, then we stop
        raise ExtractorMissing(
            f"cannot import claims.extraction ({error}); run from the repository root "
            "(python -m eval.score) once the extractor exists"
        ) from error
    return Extractor(find_time_expressions, extract_claims, classify_modality)


def predict(extractor: Extractor, document: Document) -> list[Claim]:
    candidates = extractor.extract_claims(
        document.text, published=document.published, reference_dates=document.reference_dates
    )
    # A candidate proposed for actors that are all outside the labelled vocabulary, with no
    # date, would not be a claim had the extractor not known them (tests/evalset/README.md):
    # it is ignored, not counted as a false positive, the same way those actors are. A
    # candidate with no actors at all is scored (some gold claims have neither).
    return [
        Claim(
            start=c.quote_start,
            end=c.quote_end,
            event_date=predicted_date_key(c.event_date),
            actors=frozenset(c.actors) & ACTORS,
            issues=frozenset(c.issues),
            modality=str(c.modality),
            text=c.text,
        )
        for c in candidates
        if c.event_date is not None or not c.actors or frozenset(c.actors) & ACTORS
    ]


# --------------------------------------------------------------------------- claim matching


def coverage(gold: Claim, predicted: Claim) -> float:
    """Share of the gold quote's characters that the predicted quote covers."""
    if gold.end <= gold.start:
        return 0.0
    shared = min(gold.end, predicted.end) - max(gold.start, predicted.start)
    return max(shared, 0) / (gold.end - gold.start)


def overlapping(first: frozenset[str], second: frozenset[str]) -> bool:
    return bool(first & second) or (not first and not second)


def strict_match(gold: Claim, predicted: Claim) -> bool:
    return (
        coverage(gold, predicted) >= STRICT_QUOTE_COVERAGE
        and gold.event_date == predicted.event_date
        and gold.actors == predicted.actors
        and gold.issues == predicted.issues
    )


def lenient_match(gold: Claim, predicted: Claim) -> bool:
    gold_start = gold.event_date[0] if gold.event_date else None
    predicted_start = predicted.event_date[0] if predicted.event_date else None
    return (
        coverage(gold, predicted) > 0
        and gold_start == predicted_start
        and overlapping(gold.actors, predicted.actors)
        and overlapping(gold.issues, predicted.issues)
    )


def count_matches(
    gold: Sequence[Claim], predicted: Sequence[Claim], matches: Callable[[Claim, Claim], bool]
) -> tuple[int, set[int]]:
    """One-to-one greedy matching, best quote coverage first; returns (pairs, matched gold)."""
    pairs = [
        (gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted) if matches(g, p)
    ]
    matched = real.one_to_one(pairs, lambda gi, pi: (coverage(gold[gi], predicted[pi]), gi, pi))
    return len(matched), set(matched)


def paired_for_fields(gold: Sequence[Claim], predicted: Sequence[Claim]) -> dict[int, int]:
    """Gold index → predicted index, one-to-one, best quote coverage first (as eval/real.py
    pairs evidence): a prediction stands for one gold claim when fields are compared."""
    pairs = [
        (gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(predicted)
        if coverage(g, p) > 0
    ]
    return real.one_to_one(pairs, lambda gi, pi: (coverage(gold[gi], predicted[pi]), -gi, -pi))


def best_overlap(gold: Claim, predicted: Sequence[Claim]) -> Claim | None:
    scored = [(coverage(gold, p), index) for index, p in enumerate(predicted)]
    scored = [item for item in scored if item[0] > 0]
    return predicted[max(scored)[1]] if scored else None


@dataclass
class PRF:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "true_positives": self.true_positives,
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass
class ClaimScores:
    strict: PRF = field(default_factory=PRF)
    lenient: PRF = field(default_factory=PRF)
    by_source: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    # Over gold claims that some prediction overlaps: does each field agree?
    field_agreement: Counter[str] = field(default_factory=Counter)
    overlapped: int = 0
    modality_correct: int = 0
    modality_pairs: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)


def score_claims(extractor: Extractor, documents: Sequence[Document]) -> ClaimScores:
    scores = ClaimScores()
    for document in documents:
        source = "pages" if not document.name.startswith("claims.jsonl") else "sentences"
        try:
            predicted = predict(extractor, document)
        except Exception:  # recorded and reported: one crash must not hide the rest
            scores.errors.append(f"{document.name}: {traceback.format_exc(limit=3)}")
            predicted = []
        scores.unlocated += [f"{document.name}: {q}" for q in document.unlocated_quotes]
        strict_tp, strict_gold = count_matches(document.gold, predicted, strict_match)
        lenient_tp, _ = count_matches(document.gold, predicted, lenient_match)
        for prf, tp in (
            (scores.strict, strict_tp),
            (scores.lenient, lenient_tp),
            (scores.by_source[source], strict_tp),
        ):
            prf.true_positives += tp
            prf.predicted += len(predicted)
            prf.gold += len(document.gold)
        paired = paired_for_fields(document.gold, predicted)
        for index, gold in enumerate(document.gold):
            closest = best_overlap(gold, predicted)
            if index in paired:
                record_agreement(scores, gold, predicted[paired[index]])
            if index not in strict_gold:
                scores.misses.append(claim_miss(document, gold, closest))
    return scores


def record_agreement(scores: ClaimScores, gold: Claim, closest: Claim) -> None:
    scores.overlapped += 1
    scores.field_agreement["event_date"] += gold.event_date == closest.event_date
    scores.field_agreement["actors"] += gold.actors == closest.actors
    scores.field_agreement["issues"] += gold.issues == closest.issues
    scores.field_agreement["modality"] += gold.modality == closest.modality
    scores.modality_correct += gold.modality == closest.modality
    scores.modality_pairs.append((gold.modality, closest.modality))


def describe_claim(claim: Claim) -> str:
    return (
        f"{format_date(claim.event_date)}; actors={sorted(claim.actors)}; "
        f"issues={sorted(claim.issues)}; {claim.modality}"
    )


def claim_miss(document: Document, gold: Claim, closest: Claim | None) -> Miss:
    if closest is None:
        got = "no claim" if gold.start >= 0 else "quote not in parsed text"
        return Miss("claim", 5, f"[{document.name}] {gold.text}", describe_claim(gold), got)
    wrong = [
        name
        for name, same in (
            ("date", gold.event_date == closest.event_date),
            ("actors", gold.actors == closest.actors),
            ("issues", gold.issues == closest.issues),
            ("quote", coverage(gold, closest) >= STRICT_QUOTE_COVERAGE),
        )
        if not same
    ]
    return Miss(
        "claim",
        len(wrong),
        f"[{document.name}] {gold.text}",
        describe_claim(gold),
        f"{describe_claim(closest)} (wrong: {', '.join(wrong) or 'none'})",
    )


# --------------------------------------------------------------------------- dates


@dataclass
class DateScores:
    correct: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        total = sum(self.total.values())
        return sum(self.correct.values()) / total if total else 0.0


def score_dates(extractor: Extractor, rows: Iterable[dict[str, Any]]) -> DateScores:
    scores = DateScores()
    for number, row in enumerate(rows, 1):
        text, expression = row["text"], row["expression"]
        start = text.find(expression)
        end = start + len(expression)
        label = "not_a_date" if row.get("not_a_date") else row["precision"]
        try:
            mentions = extractor.find_time_expressions(text, date.fromisoformat(row["anchor"]))
        except Exception:  # recorded and reported
            scores.errors.append(f"timex.jsonl:{number}: {traceback.format_exc(limit=3)}")
            mentions = []
        dated = [m for m in mentions if m.date is not None and m.start < end and start < m.end]
        if label == "not_a_date":
            ok = not dated
            expected = f"{expression}: not a date"
        else:
            gold = (row["start"], row["end"], row["precision"])
            ok = any(predicted_date_key(m.date) == gold for m in dated)
            expected = f"{expression}: {format_date(gold)}"
        scores.total[label] += 1
        scores.correct[label] += ok
        if not ok:
            got = "; ".join(
                f"{m.expression}: {format_date(predicted_date_key(m.date))}" for m in dated
            )
            severity = 2 if (label != "not_a_date" and not dated) else 1
            scores.misses.append(
                Miss(
                    "date", severity, f"{text} (anchor {row['anchor']})", expected, got or "nothing"
                )
            )
    return scores


# --------------------------------------------------------------------------- modality


@dataclass
class ModalityScores:
    correct: int = 0
    total: int = 0
    pairs: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)


def score_modality(extractor: Extractor, rows: Iterable[dict[str, Any]]) -> ModalityScores:
    scores = ModalityScores()
    for number, row in enumerate(rows, 1):
        try:
            got = str(extractor.classify_modality(row["text"]))
        except Exception:  # recorded and reported
            scores.errors.append(f"modality.jsonl:{number}: {traceback.format_exc(limit=3)}")
            got = "error"
        scores.total += 1
        scores.correct += got == row["modality"]
        scores.pairs.append((row["modality"], got))
        if got != row["modality"]:
            scores.misses.append(Miss("modality", 1, row["text"], row["modality"], got))
    return scores


def confusion_matrix(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
    matrix: dict[str, Counter[str]] = defaultdict(Counter)
    for expected, got in pairs:
        matrix[expected][got] += 1
    return {expected: dict(row) for expected, row in sorted(matrix.items())}


# --------------------------------------------------------------------------- report


def worst_misses(*groups: list[Miss], size: int = CONFUSION_SIZE) -> list[Miss]:
    """The most severe misses, taken in turn from each kind so that no kind crowds out the rest."""
    queues = [sorted(group, key=lambda miss: -miss.severity) for group in groups]
    chosen: list[Miss] = []
    while len(chosen) < size and any(queues):
        for queue in queues:
            if queue and len(chosen) < size:
                chosen.append(queue.pop(0))
    return chosen


def figure(name: str, value: float) -> dict[str, Any]:
    target = TARGETS[name]
    return {
        "value": round(value, 4),
        "unit": UNITS[name],
        "baseline": "target",
        "baseline_value": target,
        "ratio": round(value / target, 4),
        "target_ratio": 1.0,
    }


def build_results(
    claims: ClaimScores,
    dates: DateScores,
    modality: ModalityScores,
    *,
    notes: list[str],
    seconds: float,
) -> dict[str, Any]:
    modality_total = modality.total + claims.overlapped
    modality_value = (
        (modality.correct + claims.modality_correct) / modality_total if modality_total else 0.0
    )
    per_class = {
        label: {
            "accuracy": round(dates.correct[label] / dates.total[label], 4),
            "correct": dates.correct[label],
            "total": dates.total[label],
        }
        for label in sorted(dates.total)
    }
    confusion = worst_misses(claims.misses, dates.misses, modality.misses)
    return {
        "claim_f1_strict": figure("claim_f1_strict", claims.strict.f1),
        "date_accuracy": figure("date_accuracy", dates.accuracy),
        "modality_accuracy": figure("modality_accuracy", modality_value),
        "details": {
            "claims_strict": claims.strict.as_dict(),
            "claims_lenient": claims.lenient.as_dict(),
            "claims_strict_by_source": {
                k: v.as_dict() for k, v in sorted(claims.by_source.items())
            },
            "claim_field_agreement": {
                "overlapped_gold_claims": claims.overlapped,
                **{
                    name: round(claims.field_agreement[name] / claims.overlapped, 4)
                    if claims.overlapped
                    else 0.0
                    for name in ("event_date", "actors", "issues", "modality")
                },
            },
            "date_accuracy_by_precision": per_class,
            "modality_sentences": {
                "accuracy": round(modality.correct / modality.total, 4) if modality.total else 0.0,
                "correct": modality.correct,
                "total": modality.total,
                "confusion": confusion_matrix(modality.pairs),
            },
            "modality_of_extracted_claims": {
                "accuracy": round(claims.modality_correct / claims.overlapped, 4)
                if claims.overlapped
                else 0.0,
                "correct": claims.modality_correct,
                "total": claims.overlapped,
                "confusion": confusion_matrix(claims.modality_pairs),
            },
            "worst_misses": [
                {"kind": m.kind, "text": m.text, "expected": m.expected, "got": m.got}
                for m in confusion
            ],
            "errors": claims.errors + dates.errors + modality.errors,
            "unlocated_gold_quotes": claims.unlocated,
            "notes": notes,
            "seconds": round(seconds, 2),
        },
    }


def print_report(results: dict[str, Any], out: Any = sys.stdout) -> None:
    details = results["details"]

    def line(text: str = "") -> None:
        print(text, file=out)

    line("Extraction evaluation (issue #4)")
    line("=" * 72)
    for note in details["notes"]:
        line(f"note: {note}")
    for name in TARGETS:
        fig = results[name]
        verdict = "PASS" if fig["ratio"] >= fig["target_ratio"] else "FAIL"
        line(f"{verdict}  {name:<20} {fig['value']:.3f}   target ≥ {fig['baseline_value']:.2f}")
    line()
    line("Claims                      precision  recall     F1   (tp / pred / gold)")
    for label, key in (("strict", "claims_strict"), ("lenient", "claims_lenient")):
        s = details[key]
        line(
            f"  {label:<24} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f}   ({s['true_positives']} / {s['predicted']} / {s['gold']})"
        )
    for source, s in details["claims_strict_by_source"].items():
        line(
            f"  strict, {source:<16} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f}   ({s['true_positives']} / {s['predicted']} / {s['gold']})"
        )
    agreement = details["claim_field_agreement"]
    line(
        f"  field agreement on {agreement['overlapped_gold_claims']} overlapped gold claims: "
        + ", ".join(
            f"{k} {agreement[k]:.3f}" for k in ("event_date", "actors", "issues", "modality")
        )
    )
    line()
    line("Dates by gold precision")
    for label, s in details["date_accuracy_by_precision"].items():
        line(f"  {label:<12} {s['accuracy']:.3f}  ({s['correct']}/{s['total']})")
    line()
    sentences = details["modality_sentences"]
    extracted = details["modality_of_extracted_claims"]
    line(
        f"Modality: sentences {sentences['accuracy']:.3f} ({sentences['correct']}/{sentences['total']}), "
        f"extracted claims {extracted['accuracy']:.3f} ({extracted['correct']}/{extracted['total']})"
    )
    for expected, row in sentences["confusion"].items():
        line(f"  {expected:<12} → " + ", ".join(f"{got} {n}" for got, n in sorted(row.items())))
    line()
    line(f"Worst misses ({len(details['worst_misses'])})")
    for number, miss in enumerate(details["worst_misses"], 1):
        line(f"{number:>2}. [{miss['kind']}] {miss['text']}")
        line(f"      expected: {miss['expected']}")
        line(f"      got:      {miss['got']}")
    if details["unlocated_gold_quotes"]:
        line()
        line(
            f"{len(details['unlocated_gold_quotes'])} gold quotes not found in the parsed page text"
        )
    if details["errors"]:
        line()
        line(f"{len(details['errors'])} extractor errors; first:")
        line(details["errors"][0])
    line()
    line(f"({details['seconds']} s)")


# --------------------------------------------------------------------------- entry point


def load_documents(
    evalset: Path, *, include_pages: bool = True
) -> tuple[list[Document], list[str]]:
    notes: list[str] = []
    documents = sentence_documents(read_jsonl(evalset / "claims.jsonl"))
    if include_pages:
        parser = load_page_parser()
        if parser is None:
            notes.append(
                "curation.parsing is not importable: pages skipped, claims scored on sentences only"
            )
        else:
            pages, problems = page_documents(evalset / "pages", parser)
            documents += pages
            notes += problems
    return documents, notes


def run(evalset: Path, *, include_pages: bool = True) -> dict[str, Any]:
    extractor = load_extractor()
    started = time.perf_counter()
    documents, notes = load_documents(evalset, include_pages=include_pages)
    claims = score_claims(extractor, documents)
    dates = score_dates(extractor, read_jsonl(evalset / "timex.jsonl"))
    modality = score_modality(extractor, read_jsonl(evalset / "modality.jsonl"))
    results = build_results(
        claims, dates, modality, notes=notes, seconds=time.perf_counter() - started
    )
    results["details"]["summary"] = summarise(extractor, documents, ACTORS).as_dict()
    return results


# --------------------------------------------------------------------------- side by side

SUMMARY_ROWS: tuple[tuple[str, Callable[[dict[str, Any]], Any]], ...] = (
    ("strict claim F1", lambda s: s["strict"]["f1"]),
    ("lenient claim F1", lambda s: s["lenient"]["f1"]),
    ("date accuracy", lambda s: s["date_accuracy"]),
    ("actor-set accuracy", lambda s: s["actor_set_accuracy"]),
    ("issue accuracy", lambda s: s["issue_accuracy"]),
    ("modality accuracy", lambda s: s["modality_accuracy"]),
    ("candidates / 1,000 chars", lambda s: s["candidates_per_1000_chars"]),
    ("undated candidates", lambda s: s["undated_share"]),
    ("gold claims", lambda s: s["gold_claims"]),
    ("candidates", lambda s: s["candidates"]),
)


def summarise(
    extractor: Extractor, documents: Sequence[Document], vocabulary: frozenset[str]
) -> real.RealScores:
    """The real set's figures (eval/real.py) for a synthetic set: one evidence span per claim."""
    converted = [
        real.RealDocument(
            name=d.name,
            text=d.text,
            published=d.published or date.today(),
            gold=[
                real.RealClaim(
                    spans=((g.start, g.end), *g.evidence),
                    event_date=g.event_date,
                    actors=g.actors,
                    issues=g.issues,
                    modality=g.modality,
                )
                for g in d.gold
            ],
            reference_dates=d.reference_dates,
        )
        for d in documents
    ]
    return real.score_real(extractor.extract_claims, converted, vocabulary)


def side_by_side(
    dev: dict[str, Any], holdout: dict[str, Any] | None, real_sets: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    columns: dict[str, dict[str, Any]] = {"dev": dev}
    if holdout is not None:
        columns["holdout"] = holdout
    for name, scored in real_sets.items():
        if scored["figures"] is not None:
            columns[name] = scored["figures"]
        if (scored["first_look"] or {}).get("figures") is not None:
            columns[f"{name} (first look)"] = scored["first_look"]["figures"]
    return columns


def print_side_by_side(
    columns: dict[str, dict[str, Any]], notes: list[str], out: Any = sys.stdout
) -> None:
    print(file=out)
    print(
        "All sets side by side (eval/real.py rules: evidence spans, every candidate counted)",
        file=out,
    )
    width = max(19, *(len(name) + 2 for name in columns))
    print(f"  {'':<26}" + "".join(f"{name:>{width}}" for name in columns), file=out)
    for label, pick in SUMMARY_ROWS:
        cells = "".join(f"{pick(col):>{width}}" for col in columns.values())
        print(f"  {label:<26}{cells}", file=out)
    for note in notes:
        print(f"note: {note}", file=out)


def current_commit() -> str:
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        )
    except OSError:
        return "unknown"
    return found.stdout.strip() or "unknown"


def run_real(extractor: Extractor, real_set: real.RealSet) -> tuple[dict[str, Any], list[str]]:
    """A real set's figures and first look (stored on its first complete scoring), and misses."""
    documents, notes = real.load_real_documents(real_set)
    figures = None
    misses: list[str] = []
    if documents:
        scores = real.score_real(extractor.extract_claims, documents)
        notes += scores.errors[:1]
        figures, misses = scores.as_dict(), scores.misses
    look = real.first_look(real_set)
    if figures is not None and look is None:
        measured = (
            f"first run of the extractor on the set, commit {current_commit()}, {date.today()}"
        )
        look = real.keep_first_look(real_set, figures, len(documents), measured)
    return {"figures": figures, "notes": notes, "first_look": look}, misses


def check_real_targets(name: str, figures: dict[str, Any]) -> None:
    for target_name, target in real.TARGETS.items():
        value = (
            figures["undated_share"]
            if target_name == "undated_share"
            else figures[target_name.removesuffix("_f1")]["f1"]
        )
        ok = value <= target if target_name == "undated_share" else value >= target
        sign = "≤" if target_name == "undated_share" else "≥"
        label = f"{name} {target_name}"
        print(f"{'PASS' if ok else 'FAIL'}  {label:<21} {value:.3f}   target {sign} {target:.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.score", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--evalset", type=Path, default=EVALSET, help="directory of the labelled set"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write results.json")
    parser.add_argument("--no-pages", action="store_true", help="score claims on sentences only")
    parser.add_argument(
        "--only", action="store_true", help="score --evalset alone (no holdout, no real set)"
    )
    parser.add_argument(
        "--misses", action="store_true", help="print the misses of the real set tuned on"
    )
    args = parser.parse_args(argv)
    try:
        results = run(args.evalset, include_pages=not args.no_pages)
        extractor = load_extractor()
    except ExtractorMissing as error:
        print(f"eval: {error}", file=sys.stderr)
        return 1
    print_report(results)
    if not args.only:
        holdout = None
        if HOLDOUT.is_dir() and args.evalset.resolve() != HOLDOUT.resolve():
            held = run(HOLDOUT, include_pages=not args.no_pages)
            results["holdout"] = {
                name: held[name]
                for name in ("claim_f1_strict", "date_accuracy", "modality_accuracy")
            }
            results["holdout"]["claims_lenient"] = held["details"]["claims_lenient"]
            holdout = held["details"]["summary"]
            results["holdout"]["summary"] = holdout
        scored_sets: dict[str, dict[str, Any]] = {}
        notes: list[str] = []
        misses: list[str] = []
        for real_set in real.REAL_SETS:
            scored, set_misses = run_real(extractor, real_set)
            scored_sets[real_set.name] = scored
            notes += scored["notes"]
            if real_set.tuned_on:
                misses += set_misses
        results["real"] = scored_sets["real"]
        results["real_sets"] = scored_sets
        columns = side_by_side(results["details"]["summary"], holdout, scored_sets)
        print_side_by_side(columns, notes)
        for name, scored in scored_sets.items():
            if scored["figures"] is not None:
                check_real_targets(name, scored["figures"])
        if args.misses:
            for miss in misses:
                print("  " + miss)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
