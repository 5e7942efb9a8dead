"""Repairing a flagged anchor, and splitting one piece of evidence out into a new claim."""

from __future__ import annotations

import re

import pytest
from django.db.models import Count
from django.urls import reverse
from playwright.sync_api import expect

from claims import services
from claims.models import Claim, ClaimHistory, Evidence, ReviewStatus
from claims.services.evidence import anchor_candidates
from curation.models import Article
from tests.browsing import login
from tests.factories import ingest_demo_page

pytestmark = pytest.mark.django_db

# Our own text: the page first said 評価した, a later fetch says 高く評価した.
BEFORE = "米ロ協議は18日に開かれた。ラブロフ外相は協議を有益だったと評価した。次回の日程は未定だ。"
AFTER = (
    "米ロ協議は18日に開かれた。ラブロフ外相は協議を有益だったと高く評価した。次回の日程は未定だ。"
)
QUOTE = "ラブロフ外相は協議を有益だったと評価した。"


def test_candidates_rank_the_reworded_sentence_first():
    start = BEFORE.index(QUOTE)

    candidates = anchor_candidates(
        AFTER, exact=QUOTE, prefix=BEFORE[:start][-16:], suffix=BEFORE[start + len(QUOTE) :][:16]
    )

    best = candidates[0]
    assert AFTER[best.start : best.end] == "ラブロフ外相は協議を有益だったと高く評価した。"
    assert 0.8 < best.similarity < 1.0
    assert len(candidates) <= 3


def test_the_very_words_found_elsewhere_rank_first_with_full_similarity():
    moved = "次回の日程は未定だ。" + QUOTE

    assert anchor_candidates(moved, exact=QUOTE)[0].similarity == 1.0


@pytest.fixture
def flagged(demo_site, editor) -> Evidence:
    """An extracted claim whose sentence a re-fetch reworded."""
    riyadh = ingest_demo_page(demo_site, "riyadh-talks.html")
    evidence = (
        Evidence.objects.filter(article=riyadh, exact__contains="ラブロフ外相は協議を")
        .select_related("claim")
        .get()
    )
    changed = riyadh.text.replace("非常に有益だった", "とても有益だった")
    assert changed != riyadh.text
    Article.objects.filter(pk=riyadh.pk).update(text=changed)
    services.reanchor_evidence(article_id=riyadh.pk)
    evidence.refresh_from_db()
    assert not evidence.anchor_ok
    return evidence


def test_repair_screen_offers_the_reworded_passage_and_anchors_it(client, editor, flagged):
    client.force_login(editor)
    url = reverse("review:repair-anchor", args=[flagged.pk])

    page = client.get(url).content.decode()
    best = services.anchor_candidates(
        Article.objects.get(pk=flagged.article_id).text,
        exact=flagged.exact,
        prefix=flagged.prefix,
        suffix=flagged.suffix,
    )[0]
    response = client.post(url, {"version": 1, "start": best.start, "end": best.end})

    assert 'data-candidate="1"' in page and "とても有益だった" in page
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.anchor_ok and "とても有益だった" in flagged.exact
    claim = Claim.objects.get(pk=flagged.claim_id)
    assert claim.version == 2
    entry = claim.history.get(action=ClaimHistory.Action.ANCHOR_REPAIRED)
    assert "非常に有益だった" in entry.detail["before"]["exact"]


def test_detaching_a_flagged_anchor_from_the_repair_screen(client, editor, flagged):
    client.force_login(editor)

    client.post(reverse("review:remove-evidence", args=[flagged.pk]), {"version": 1})

    assert not Evidence.objects.filter(pk=flagged.pk).exists()
    assert (
        Claim.objects.get(pk=flagged.claim_id)
        .history.filter(action=ClaimHistory.Action.EVIDENCE_REMOVED)
        .exists()
    )


@pytest.fixture
def merged_claim(demo_site, editor) -> Claim:
    """A claim with evidence from two articles (after merging its duplicate)."""
    riyadh = ingest_demo_page(demo_site, "riyadh-talks.html")
    aggregator = ingest_demo_page(demo_site, "aggregator-feb.html")
    target, source = (
        Claim.objects.filter(evidence__article=article, text__contains="首都リヤドで協議")
        .order_by("pk")
        .first()
        for article in (riyadh, aggregator)
    )
    services.merge_claims(
        target=target, sources=[source], user=editor, expected_versions={target.pk: 1, source.pk: 1}
    )
    return Claim.objects.get(pk=target.pk)


def test_split_moves_one_evidence_into_a_new_candidate_claim(client, editor, merged_claim):
    moving = merged_claim.evidence.order_by("-pk").first()
    client.force_login(editor)

    response = client.post(
        reverse("review:split", args=[moving.pk]), {"version": merged_claim.version}
    )

    moving.refresh_from_db()
    new = Claim.objects.get(pk=moving.claim_id)
    assert new.pk != merged_claim.pk and new.status == ReviewStatus.CANDIDATE
    assert new.text == moving.exact.strip() and new.event_start == merged_claim.event_start
    assert sorted(new.issues.values_list("slug", flat=True)) == sorted(
        merged_claim.issues.values_list("slug", flat=True)
    )
    assert response["Location"].startswith(reverse("review:edit", args=[new.pk]))
    merged_claim.refresh_from_db()
    assert merged_claim.evidence.count() == 1
    assert merged_claim.history.filter(action=ClaimHistory.Action.SPLIT).exists()
    assert new.history.get().detail["split_from"] == merged_claim.pk


def test_the_only_evidence_cannot_be_split_out(demo_site, editor):
    riyadh = ingest_demo_page(demo_site, "riyadh-talks.html")
    evidence = (
        Evidence.objects.filter(article=riyadh)
        .annotate(siblings=Count("claim__evidence"))
        .filter(siblings=1)
        .select_related("claim")
        .first()
    )
    assert evidence is not None

    with pytest.raises(services.InvalidTransition):
        services.split_evidence(evidence=evidence, user=editor, expected_version=1)

    assert Claim.objects.count() == Claim.objects.filter(evidence__isnull=False).distinct().count()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_repairs_a_flagged_anchor_in_the_browser(
    browser, live_server, editor, flagged, demo_site
):
    page = login(browser, live_server, editor.username)
    page.goto(f"{live_server.url}/review/claims/{flagged.claim_id}/")

    page.locator(f"li[data-evidence='{flagged.pk}'] a.repair-anchor").click()
    best = page.locator(".anchor-candidates li[data-candidate='1']")
    expect(best).to_contain_text("とても有益だった")
    expect(page.locator("mark.candidate").first).to_be_visible()
    best.locator("button.use-candidate").click()
    expect(page).to_have_url(f"{live_server.url}/review/claims/{flagged.claim_id}/")
    expect(page.locator(f"li[data-evidence='{flagged.pk}']")).not_to_have_class(
        re.compile(r"\bflagged\b")
    )
    expect(page.locator(".history li[data-action='anchor_repaired']")).to_be_visible()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_splits_one_evidence_out_in_the_browser(browser, live_server, editor, merged_claim):
    moving = merged_claim.evidence.order_by("-pk").first()
    page = login(browser, live_server, editor.username)
    page.goto(f"{live_server.url}/review/claims/{merged_claim.pk}/")

    page.locator(f"li[data-evidence='{moving.pk}'] button.split-evidence").click()

    moving.refresh_from_db()
    assert moving.claim_id != merged_claim.pk
    expect(page.locator(f"#claim-{moving.claim_id}.editing")).to_be_visible()
    page.locator("button.save").click()
    expect(page).to_have_url(f"{live_server.url}/review/claims/{moving.claim_id}/")
    expect(page.locator(".history li[data-action='created']")).to_be_visible()
