"""The second development set of real news (real-dev) is well formed, carries no news text,
repeats no URL of the other real sets, and matches its texts where they are present."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from eval import real
from eval.labels import ISSUES, MODALITIES, PRECISIONS, REAL_ACTORS

HERE = Path(__file__).resolve().parent
LABELS = HERE / "excerpts.jsonl"
TEXT_DIR = real.REAL_DEV.text_dir


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


ROWS = _rows(LABELS)


def test_the_set_is_the_one_the_scorer_loads() -> None:
    assert real.REAL_DEV.labels == LABELS
    assert real.REAL_DEV in real.REAL_SETS


def test_rows_are_labelled_by_the_vocabulary() -> None:
    assert len(ROWS) >= 25
    assert len({row["outlet"] for row in ROWS}) >= 10
    assert len({row["id"] for row in ROWS}) == len(ROWS)
    assert len({row["url"] for row in ROWS}) == len(ROWS)
    for row in ROWS:
        assert row["url"].startswith("http") and row["query"], row["id"]
        assert date.fromisoformat(row["published"]).year == 2025
        assert isinstance(row["aggregator"], bool)
        assert len(row["begins"]) <= 12 and len(row["ends"]) <= 10  # no news text
        assert row["claims"], row["id"]
        for claim in row["claims"]:
            assert claim["evidence"], row["id"]
            assert set(claim["actors"]) <= REAL_ACTORS, row["id"]
            assert set(claim["issues"]) <= ISSUES and claim["issues"], row["id"]
            assert claim["modality"] in MODALITIES
            assert claim["event_date"]["precision"] in PRECISIONS  # a dated claim or none
            assert claim["source"] == row["outlet"]
            for span in claim["evidence"]:
                assert 0 <= span["start"] < span["end"] <= row["chars"]
                assert "quote" not in span and len(span["head"]) <= 10  # no news text
        for piece in row.get("pieces", []):
            assert len(piece["head"]) <= 10 and not piece["before"].strip()  # no news text


def test_no_url_of_the_other_real_sets() -> None:
    others = {row["url"] for row in _rows(real.REAL.labels)}
    others |= {row["url"] for row in _rows(real.BLIND.labels)}
    assert not others & {row["url"] for row in ROWS}


def test_the_texts_that_are_here_match_their_labels() -> None:
    # The texts are git-ignored (gathered again from the README): checked where present, in
    # one test that never skips (CI has no texts).
    for row in ROWS:
        path = TEXT_DIR / f"{row['id']}.txt"
        if path.exists():
            _check_text(row, path)


def _check_text(row: dict[str, Any], path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert hashlib.sha256(text.encode()).hexdigest() == row["sha256"], row["id"]
    assert len(text) == row["chars"], row["id"]
    # the text cuts out of itself by the row's rules, as it does out of its search excerpt
    assert real.text_from_excerpt(row, text) == text, row["id"]
    for claim in row["claims"]:
        for span in claim["evidence"]:
            quote = text[span["start"] : span["end"]]
            assert quote[:10] == span["head"], row["id"]
            assert hashlib.sha1(quote.encode()).hexdigest()[:12] == span["sha1"], row["id"]
