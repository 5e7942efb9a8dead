"""The real sets' scorer: gathering a text again, scoring, first looks (the labels themselves:
test_real_sets_wellformed.py)."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from eval import real


def test_missing_text_says_how_to_gather_it(tmp_path: Path) -> None:
    documents, notes = real.load_real_documents(text_dir=tmp_path / "absent")
    assert documents == []
    assert "search the `pages` corpus" in notes[0]


def _as_date(key: Any) -> SimpleNamespace | None:
    start, end, precision = key
    return SimpleNamespace(
        start=date.fromisoformat(start) if start else None,
        end=date.fromisoformat(end) if end else None,
        precision=precision,
    )


def test_oracle_scores_one_and_silence_zero() -> None:
    gold = real.RealClaim(
        spans=((0, 10), (20, 30)),
        event_date=("2025-03-18", "2025-03-18", "day"),
        actors=frozenset({"putin", "trump"}),
        issues=frozenset({"energy_infrastructure"}),
        modality="asserted",
    )
    document = real.RealDocument("x", "あ" * 40, date(2025, 3, 19), [gold])

    def oracle(text: str, **_: Any) -> list[SimpleNamespace]:
        return [
            SimpleNamespace(
                quote_start=0,
                quote_end=10,
                evidence=[(0, 10), (20, 30)],
                event_date=_as_date(gold.event_date),
                actors=("putin", "trump", "japan"),
                issues=("energy_infrastructure",),
                modality="asserted",
            ),
            SimpleNamespace(
                quote_start=32,
                quote_end=38,
                event_date=None,
                actors=("russia",),
                issues=(),
                modality="asserted",
            ),
        ]

    scores = real.score_real(oracle, [document]).as_dict()
    assert scores["strict"]["recall"] == 1.0 and scores["strict"]["precision"] == 0.5
    assert scores["undated_share"] == 0.5 and scores["actor_set_accuracy"] == 1.0
    silent = real.score_real(lambda text, **_: [], [document]).as_dict()
    assert silent["lenient"]["f1"] == 0.0 and silent["candidates"] == 0


def _claim(*spans: tuple[int, int], actors: frozenset[str] = frozenset()) -> real.RealClaim:
    return real.RealClaim(spans, None, actors, frozenset(), "asserted")


def test_fields_are_compared_one_candidate_per_gold_claim_event_sentence_first() -> None:
    # Two gold events; one candidate groups both sentences, another holds only the second.
    first, second = _claim((0, 10)), _claim((10, 20))
    grouped, alone = _claim((0, 10), (10, 20)), _claim((12, 20))
    assert real.field_pairs([first, second], [grouped, alone]) == {0: 0, 1: 1}
    # Without the second candidate the grouped one stands for its own event sentence only.
    assert real.field_pairs([first, second], [grouped]) == {0: 0}
    # A one-sentence candidate per gold sentence pairs each, as an older extractor's would.
    assert real.field_pairs([first, second], [_claim((0, 10)), _claim((10, 20))]) == {0: 0, 1: 1}


def test_a_text_is_cut_from_its_excerpt_by_its_pieces_and_checked() -> None:
    excerpt = (
        "写真は資料\n\n 【東京共同】外相は１０日、協議した。\n次の記事\n"
        "外相は１０日、協議した。（共同）\n会見は短かった。"
    )
    text = "外相は１０日、協議した。(共同)\n会見は短かった。\n"
    row = {
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "begins": "外相は",
        "ends": "短かった。",
        # the second 外相は… (the first sits in the dateline's sentence), then the last line
        "pieces": [
            {"before": "", "head": "外相は１０日、協議", "chars": 16, "nth": 1},
            {"before": "", "head": "\n会見は短かった。", "chars": 9},
        ],
    }
    assert real.text_from_excerpt(row, excerpt) == text
    assert real.text_from_excerpt({**row, "sha256": "0" * 64}, excerpt) is None
    # without pieces: from begins to the last ends, as one stretch
    plain = "外相は１０日、協議した。\n会見は短かった。"
    stretch = {**row, "sha256": hashlib.sha256((plain + "\n").encode()).hexdigest()}
    del stretch["pieces"]
    assert real.text_from_excerpt(stretch, "前置き。" + plain + "以上") == plain + "\n"


def test_an_excerpt_cut_short_is_finished_by_the_rows_ends_and_checked() -> None:
    # The search tool stops excerpts at 2,000 bytes; the row's `ends` holds the last words.
    text = "外相は１０日、協議した。\n会見は短かった。"
    row = {
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "begins": "外相は",
        "ends": "会見は短かった。",
        "pieces": [
            {"before": "", "head": "外相は１０日、協議", "chars": 12},
            {"before": "", "head": "\n会見は", "chars": 9},
        ],
    }
    assert real.text_from_excerpt(row, "外相は１０日、協議した。\n会見は短か") == text
    # Words that are not the row's own are not finished: the text would be another one.
    assert real.text_from_excerpt(row, "外相は１０日、協議した。\n会見は長か") is None


def test_a_sets_first_look_is_kept_once_and_only_for_the_whole_set(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "excerpts.jsonl").write_text('{"id": "a"}\n{"id": "b"}\n', encoding="utf-8")
    real_set = real.RealSet("trial", folder, tmp_path / "text", tuned_on=False)
    partial = real.keep_first_look(real_set, {"f1": 0.1}, documents=1, measured="m")
    assert partial["figures"] is None and real.first_look(real_set) is None
    first = real.keep_first_look(real_set, {"f1": 0.2}, documents=2, measured="first")
    assert first == {"measured": "first", "figures": {"f1": 0.2}}
    later = real.keep_first_look(real_set, {"f1": 0.9}, documents=2, measured="later")
    assert later == first == real.first_look(real_set)
