"""The labelled development set is well formed (pure: no database, no extractor)."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eval.labels import ACTORS, ISSUES, MODALITIES, PRECISIONS

EVALSET = Path(__file__).resolve().parent
PAGES = EVALSET / "pages"

CODECS = {"utf-8", "cp932", "euc_jp", "iso2022_jp"}
FULL_WIDTH_OR_KANJI_DIGIT = set("０１２３４５６７８９〇一二三四五六七八九十百")
# Marker spellings a repository hook flags (written as patterns so this file holds neither);
# the pages use the other forms ("続きを読む ⇒…出典: URL").
FLAGGED = (re.compile(r"出典[/]画像元"), re.compile(r"さらに読む[ ]⇒"))


def read_jsonl(name: str) -> list[dict[str, Any]]:
    lines = (EVALSET / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def page_files() -> list[tuple[Path, Path]]:
    pairs = []
    for labels in sorted(PAGES.glob("*.labels.json")):
        stem = labels.name.removesuffix(".labels.json")
        found = [PAGES / f"{stem}{s}" for s in (".html", ".txt") if (PAGES / f"{stem}{s}").exists()]
        assert len(found) == 1, f"{labels.name}: expected one .html or .txt page beside it"
        pairs.append((found[0], labels))
    return pairs


def is_iso_date_or_none(value: Any) -> bool:
    if value is None:
        return True
    date.fromisoformat(value)
    return True


def check_event_date(value: dict[str, Any] | None) -> None:
    if value is None:
        return
    assert set(value) == {"start", "end", "precision"}
    assert value["precision"] in PRECISIONS
    assert is_iso_date_or_none(value["start"]) and is_iso_date_or_none(value["end"])
    assert value["start"] is not None or value["end"] is not None
    if value["start"] and value["end"]:
        assert value["start"] <= value["end"]
    if value["precision"] == "before":
        assert value["start"] is None and value["end"] is not None
    if value["precision"] == "after":
        assert value["start"] is not None and value["end"] is None


def check_claim_labels(row: dict[str, Any]) -> None:
    check_event_date(row["event_date"])
    assert set(row["actors"]) <= ACTORS, set(row["actors"]) - ACTORS
    assert set(row["issues"]) <= ISSUES, set(row["issues"]) - ISSUES
    assert len(set(row["actors"])) == len(row["actors"])
    assert len(set(row["issues"])) == len(row["issues"])
    assert row["modality"] in MODALITIES


# --------------------------------------------------------------------------- timex.jsonl


def test_every_timex_expression_occurs_once_in_its_text() -> None:
    for row in read_jsonl("timex.jsonl"):
        assert row["text"].count(row["expression"]) == 1, row


def test_timex_rows_have_valid_dates_and_precisions() -> None:
    for row in read_jsonl("timex.jsonl"):
        date.fromisoformat(row["anchor"])
        if row.get("not_a_date"):
            assert (row["start"], row["end"], row["precision"]) == (None, None, None), row
        else:
            check_event_date({k: row[k] for k in ("start", "end", "precision")})


def test_timex_set_meets_its_minimums() -> None:
    rows = read_jsonl("timex.jsonl")
    negatives = [r for r in rows if r.get("not_a_date")]
    numerals = [r for r in rows if FULL_WIDTH_OR_KANJI_DIGIT & set(r["expression"])]
    precisions = Counter(r["precision"] for r in rows if not r.get("not_a_date"))
    assert len(rows) >= 320
    assert len(negatives) >= 40
    assert len(numerals) >= 20
    assert set(precisions) == PRECISIONS


def test_same_day_rows_give_the_earlier_date_in_the_text() -> None:
    for row in read_jsonl("timex.jsonl"):
        if row["expression"] == "同日":
            assert row["text"].index("同日") > 0 and "。" in row["text"], row


# --------------------------------------------------------------------------- modality.jsonl


def test_modality_rows_cover_every_value_at_least_25_times() -> None:
    rows = read_jsonl("modality.jsonl")
    counts = Counter(r["modality"] for r in rows)
    assert len(rows) >= 150
    assert set(counts) == MODALITIES
    assert min(counts.values()) >= 25
    assert len({r["text"] for r in rows}) == len(rows)


# --------------------------------------------------------------------------- claims.jsonl


def test_claim_rows_have_valid_labels() -> None:
    for row in read_jsonl("claims.jsonl"):
        date.fromisoformat(row["published"])
        assert row["text"].endswith("。"), row["text"]
        check_claim_labels(row)


def test_claim_set_covers_every_issue_and_modality() -> None:
    rows = read_jsonl("claims.jsonl")
    issues = Counter(issue for r in rows for issue in r["issues"])
    modalities = Counter(r["modality"] for r in rows)
    dated = sum(1 for r in rows if r["event_date"])
    assert len(rows) >= 220
    assert set(issues) == ISSUES and min(issues.values()) >= 12
    assert set(modalities) == MODALITIES and min(modalities.values()) >= 25
    assert 0.5 <= dated / len(rows) <= 0.7


# --------------------------------------------------------------------------- pages


def test_there_are_at_least_20_pages_in_every_encoding() -> None:
    pairs = page_files()
    codecs = Counter(
        json.loads(labels.read_text(encoding="utf-8"))["encoding"] for _, labels in pairs
    )
    suffixes = Counter(page.suffix for page, _ in pairs)
    assert len(pairs) >= 20
    assert set(codecs) == CODECS
    assert suffixes[".txt"] >= 2 and suffixes[".html"] >= 2


@pytest.mark.parametrize(("page", "labels"), page_files(), ids=lambda p: p.name)
def test_page_decodes_with_its_codec_and_holds_every_quote(page: Path, labels: Path) -> None:
    meta = json.loads(labels.read_text(encoding="utf-8"))
    assert meta["encoding"] in CODECS
    assert meta["url"].startswith("https://example.jp/")
    date.fromisoformat(meta["published"])
    text = page.read_bytes().decode(meta["encoding"])  # strict: raises on a wrong codec
    assert not any(flagged.search(text) for flagged in FLAGGED)
    assert meta["claims"], "a page without claims teaches nothing"
    for claim in meta["claims"]:
        assert text.count(claim["quote"]) == 1, claim["quote"]
        check_claim_labels(claim)


def test_euc_jp_pages_include_two_without_any_declaration() -> None:
    undeclared = [
        page
        for page, labels in page_files()
        if json.loads(labels.read_text(encoding="utf-8"))["encoding"] == "euc_jp"
        and b"charset" not in page.read_bytes().lower()
    ]
    assert len(undeclared) >= 2


def test_no_evalset_file_contains_a_flagged_marker() -> None:
    for path in EVALSET.rglob("*"):
        if path.is_file() and path.suffix in {".jsonl", ".json", ".py"}:
            text = path.read_text(encoding="utf-8")
            assert not any(flagged.search(text) for flagged in FLAGGED), path


def test_every_claim_is_dated_or_marked_as_no_claim() -> None:
    """ANNOTATION.md, a dated claim or none (eval/relabel.py applied it to every set)."""
    for evalset in (EVALSET, EVALSET.parent / "evalset_holdout"):
        lines = (evalset / "claims.jsonl").read_text(encoding="utf-8").splitlines()
        for row in map(json.loads, filter(None, lines)):
            assert row["event_date"] is not None or row.get("claim") is False, row["text"]
        for labels in sorted((evalset / "pages").glob("*.labels.json")):
            meta = json.loads(labels.read_text(encoding="utf-8"))
            for claim in meta["claims"]:
                assert claim["event_date"] is not None, (labels.name, claim["quote"])
                assert all(isinstance(quote, str) for quote in claim.get("evidence", []))
