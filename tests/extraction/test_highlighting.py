"""The reader highlights claim evidence only, each stretch coloured by its claim's status."""

from claims.highlighting import highlight

TEXT = "米ロ首脳は12日に電話で会談した。会談は1時間半に及んだ。\n今後の展開が注目される。"


def test_evidence_is_highlighted_with_its_claims_status_and_the_rest_is_plain():
    first = TEXT.index("米ロ")
    second = TEXT.index("会談は")
    spans = [(first, second, 7), (second, TEXT.index("\n"), 7)]

    paragraphs = highlight(TEXT, spans, status_of={7: "approved"})

    marked = [s for p in paragraphs for s in p if s.claim_ids]
    plain = [s for p in paragraphs for s in p if not s.claim_ids]
    assert {s.status for s in marked} == {"approved"}
    assert all(s.status == "" for s in plain)
    assert "".join(s.text for s in plain) == "今後の展開が注目される。"


def test_overlapping_claims_of_different_statuses_are_mixed():
    spans = [(0, 10, 1), (5, 15, 2)]

    (paragraph, *_) = highlight(TEXT, spans, status_of={1: "candidate", 2: "rejected"})

    statuses = {s.claim_ids: s.status for s in paragraph if s.claim_ids}
    assert statuses == {(1,): "candidate", (1, 2): "mixed", (2,): "rejected"}
