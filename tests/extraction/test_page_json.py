"""extract_claims --json keeps its contract and lists each claim's evidence (own sentences)."""

from datetime import date

from claims.page_report import extract_page_json, load_page

PAGE = (
    "米ロ首脳が電話会談\n"
    "トランプ大統領は12日、プーチン大統領と電話で会談した。\n"
    "会談は約1時間半に及び、両首脳は交渉を始めることで一致した。\n"
)


def test_each_claim_lists_its_evidence_with_the_quote_first():
    page = load_page(PAGE.encode("utf-8"), url=None, media_type="text/plain")

    report = extract_page_json(page, published=date(2025, 2, 13))

    (claim,) = report["claims"]
    assert set(claim) >= {"text", "time_expression", "event_date", "actors", "issues", "modality"}
    assert claim["event_date"] == {"start": "2025-02-12", "end": "2025-02-12", "precision": "day"}
    assert claim["evidence"][0] == claim["quote"]
    assert [e["exact"][:4] for e in claim["evidence"]] == ["トランプ", "会談は約"]
    text = page.parsed.text
    assert all(text[e["start"] : e["end"]] == e["exact"] for e in claim["evidence"])
