"""Every real set's annotations are well formed, carry no news text, share no article with another
set, and match the texts that are here (the texts are git-ignored: CI has none)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from itertools import combinations
from typing import Any

import pytest

from eval import real
from eval.labels import ISSUES, MODALITIES, PRECISIONS, REAL_ACTORS

SETS = [real_set for real_set in real.REAL_SETS if real_set.labels.exists()]


def rows_of(real_set: real.RealSet) -> list[dict[str, Any]]:
    lines = real_set.labels.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_the_first_real_set_and_the_blind_one_are_here() -> None:
    assert {real.REAL, real.BLIND} <= set(SETS)


@pytest.mark.parametrize("real_set", SETS, ids=lambda real_set: real_set.name)
def test_rows_are_labelled_by_the_vocabulary(real_set: real.RealSet) -> None:
    rows = rows_of(real_set)
    assert len(rows) >= 25
    assert len({row["outlet"] for row in rows}) >= 10
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert row["url"].startswith("http") and row["query"], row["id"]
        assert date.fromisoformat(row["published"]).year == 2025
        assert len(row["begins"]) <= 12 and len(row["ends"]) <= 10  # no news text
        for claim in row["claims"]:
            assert claim["evidence"], row["id"]
            assert set(claim["actors"]) <= REAL_ACTORS, row["id"]
            assert set(claim["issues"]) <= ISSUES and claim["issues"], row["id"]
            assert claim["modality"] in MODALITIES
            assert claim["event_date"]["precision"] in PRECISIONS  # a dated claim or none
            for span in claim["evidence"]:
                assert 0 <= span["start"] < span["end"] <= row["chars"]
                assert "quote" not in span and len(span["head"]) <= 10  # no news text
        for piece in row.get("pieces", []):
            assert len(piece["head"]) <= 10 and not piece["before"].strip()  # no news text


@pytest.mark.parametrize(
    ("first", "second"),
    list(combinations(SETS, 2)),
    ids=lambda real_set: real_set.name,
)
def test_no_article_is_in_two_sets(first: real.RealSet, second: real.RealSet) -> None:
    assert not {row["url"] for row in rows_of(first)} & {row["url"] for row in rows_of(second)}


@pytest.mark.parametrize("real_set", SETS, ids=lambda real_set: real_set.name)
def test_the_texts_that_are_here_match_their_labels(real_set: real.RealSet) -> None:
    for row in rows_of(real_set):
        path = real_set.text_dir / f"{row['id']}.txt"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        assert hashlib.sha256(text.encode()).hexdigest() == row["sha256"], row["id"]
        for claim in row["claims"]:
            for span in claim["evidence"]:
                quote = text[span["start"] : span["end"]]
                assert quote[:10] == span["head"], row["id"]
                assert hashlib.sha1(quote.encode()).hexdigest()[:12] == span["sha1"], row["id"]
