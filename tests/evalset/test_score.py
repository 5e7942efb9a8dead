"""The scorer behind ``make eval`` scores an oracle perfectly and an empty extractor at zero."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from eval import documents, score
from eval.documents import Claim, Document
from eval.score import Extractor

EVALSET = score.EVALSET


def as_event_date(key: documents.DateKey) -> SimpleNamespace | None:
    if key is None:
        return None
    start, end, precision = key
    return SimpleNamespace(
        start=date.fromisoformat(start) if start else None,
        end=date.fromisoformat(end) if end else None,
        precision=precision,
    )


def all_documents() -> list[Document]:
    documents = score.sentence_documents(score.read_jsonl(EVALSET / "claims.jsonl"))
    parser = score.load_page_parser()
    if parser is not None:
        pages, problems = score.page_documents(EVALSET / "pages", parser)
        assert not problems
        documents += pages
    return documents


def oracle(documents: list[Document]) -> Extractor:
    """An extractor that answers from the gold labels."""
    gold_by_text = {d.text: d.gold for d in documents}
    timex = score.read_jsonl(EVALSET / "timex.jsonl")
    modality = {
        row["text"]: row["modality"] for row in score.read_jsonl(EVALSET / "modality.jsonl")
    }

    def extract_claims(text: str, **_: Any) -> list[SimpleNamespace]:
        return [
            SimpleNamespace(
                text=g.text,
                quote_start=g.start,
                quote_end=g.end,
                event_date=as_event_date(g.event_date),
                actors=tuple(g.actors),
                issues=tuple(g.issues),
                modality=g.modality,
            )
            for g in gold_by_text[text]
        ]

    def find_time_expressions(text: str, anchor: date | None) -> list[SimpleNamespace]:
        mentions = []
        for row in timex:
            if row["text"] == text and anchor == date.fromisoformat(row["anchor"]):
                start = text.find(row["expression"])
                key = (
                    None if row.get("not_a_date") else (row["start"], row["end"], row["precision"])
                )
                mentions.append(
                    SimpleNamespace(
                        expression=row["expression"],
                        start=start,
                        end=start + len(row["expression"]),
                        date=as_event_date(key),
                    )
                )
        return mentions

    return Extractor(find_time_expressions, extract_claims, lambda sentence: modality[sentence])


def silent() -> Extractor:
    return Extractor(lambda text, anchor: [], lambda text, **_: [], lambda sentence: "asserted")


def score_all(extractor: Extractor, documents: list[Document]) -> dict[str, Any]:
    return score.build_results(
        score.score_claims(extractor, documents),
        score.score_dates(extractor, score.read_jsonl(EVALSET / "timex.jsonl")),
        score.score_modality(extractor, score.read_jsonl(EVALSET / "modality.jsonl")),
        notes=[],
        seconds=0.0,
    )


def test_oracle_extractor_meets_every_target_exactly() -> None:
    documents = all_documents()

    results = score_all(oracle(documents), documents)

    assert results["claim_f1_strict"]["value"] == 1.0
    assert results["date_accuracy"]["value"] == 1.0
    assert results["modality_accuracy"]["value"] == 1.0
    assert results["details"]["worst_misses"] == []


def test_silent_extractor_gets_no_claims_and_only_the_negative_dates() -> None:
    documents = all_documents()

    results = score_all(silent(), documents)

    details = results["details"]
    assert results["claim_f1_strict"]["value"] == 0.0
    assert details["date_accuracy_by_precision"]["not_a_date"]["accuracy"] == 1.0
    assert details["date_accuracy_by_precision"]["day"]["accuracy"] == 0.0
    assert len(details["worst_misses"]) == score.CONFUSION_SIZE


def test_results_follow_the_bench_contract() -> None:
    documents = all_documents()

    results = score_all(silent(), documents)

    for name, target in score.TARGETS.items():
        figure = results[name]
        assert set(figure) == {
            "value",
            "unit",
            "baseline",
            "baseline_value",
            "ratio",
            "target_ratio",
        }
        assert (figure["baseline"], figure["baseline_value"], figure["target_ratio"]) == (
            "target",
            target,
            1.0,
        )


def gold_claim(**overrides: Any) -> Claim:
    fields: dict[str, Any] = {
        "start": 10,
        "end": 30,
        "event_date": ("2025-02-12", "2025-02-12", "day"),
        "actors": frozenset({"trump", "putin"}),
        "issues": frozenset({"negotiations_process"}),
        "modality": "asserted",
    }
    return Claim(**(fields | overrides))


def test_strict_match_needs_half_the_gold_quote_and_equal_fields() -> None:
    gold = gold_claim()

    assert score.strict_match(gold, gold_claim(start=0, end=20))
    assert not score.strict_match(gold, gold_claim(start=0, end=19))
    assert not score.strict_match(gold, gold_claim(actors=frozenset({"trump"})))
    assert not score.strict_match(
        gold, gold_claim(event_date=("2025-02-12", "2025-02-13", "range"))
    )


def test_lenient_match_accepts_overlapping_sets_and_the_same_start() -> None:
    gold = gold_claim()
    near = gold_claim(
        start=29,
        end=40,
        event_date=("2025-02-12", "2025-02-13", "range"),
        actors=frozenset({"trump"}),
        issues=frozenset({"negotiations_process", "territory"}),
    )

    assert score.lenient_match(gold, near)
    assert not score.lenient_match(gold, gold_claim(event_date=None))


def test_one_prediction_matches_at_most_one_gold_claim() -> None:
    first, second = gold_claim(), gold_claim(start=30, end=50)
    spanning = gold_claim(start=10, end=50)

    matched, _ = score.count_matches([first, second], [spanning], score.strict_match)

    assert matched == 1


def test_fields_are_compared_with_one_prediction_per_gold_claim() -> None:
    first, second = gold_claim(), gold_claim(start=30, end=50)
    spanning = gold_claim(start=20, end=50)

    # The prediction covering both stands for the one it covers most (all of the second).
    assert score.paired_for_fields([first, second], [spanning]) == {1: 0}
    assert score.paired_for_fields([first, second], [first, second]) == {0: 0, 1: 1}


def test_a_candidate_standing_only_on_unlabelled_actors_is_ignored() -> None:
    def candidate(text: str, actors: tuple[str, ...], day: str | None) -> SimpleNamespace:
        return SimpleNamespace(
            text=text,
            quote_start=0,
            quote_end=len(text),
            event_date=as_event_date((day, day, "day")) if day else None,
            actors=actors,
            issues=("minerals_deal",),
            modality="asserted",
        )

    candidates = [
        candidate("スビリデンコ第1副首相は協定を評価した。", ("svyrydenko",), None),
        candidate("スビリデンコ第1副首相は30日、協定に署名した。", ("svyrydenko",), "2025-04-30"),
        candidate(
            "スビリデンコ氏とゼレンスキー氏は協定を評価した。", ("svyrydenko", "zelensky"), None
        ),
        candidate("協定の署名は遅れた。", (), None),
    ]
    extractor = Extractor(
        lambda text, anchor: [], lambda text, **_: candidates, lambda sentence: "asserted"
    )

    predicted = score.predict(extractor, Document("probe", "", date(2025, 5, 1), [], []))

    assert [(claim.text[:6], claim.actors) for claim in predicted] == [
        ("スビリデンコ", frozenset()),
        ("スビリデンコ", frozenset({"zelensky"})),
        ("協定の署名は", frozenset()),
    ]
