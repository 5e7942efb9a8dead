"""The editors' workspace: bulk review, anchoring, the claim page, merges, reverts, safety."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from claims import selectors, services
from claims.attribution import attribute_evidence
from claims.models import Actor, Claim, ClaimHistory, Evidence, Issue, ReviewStatus
from curation.models import Article
from tests.factories import ingest_demo_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def riyadh(demo_site) -> Article:
    return ingest_demo_page(demo_site, "riyadh-talks.html")


@pytest.fixture
def aggregator(demo_site) -> Article:
    return ingest_demo_page(demo_site, "aggregator-feb.html")


def claims_of(article: Article) -> list[Claim]:
    # A claim has a piece of evidence per sentence about its event: each claim once.
    ordered = Claim.objects.filter(evidence__article=article).order_by("evidence__start")
    return list(dict.fromkeys(ordered))


def first_claim_with(article: Article, fragment: str) -> Claim:
    return next(claim for claim in claims_of(article) if fragment in claim.text)


def span_of(article: Article, passage: str) -> tuple[int, int]:
    start = article.text.index(passage)
    return start, start + len(passage)


# Bulk review ---------------------------------------------------------------------------


def test_bulk_review_approves_every_selected_claim(riyadh, editor):
    claims = claims_of(riyadh)[:3]

    result = services.bulk_review(
        claim_versions={claim.pk: claim.version for claim in claims}, user=editor, action="approve"
    )

    assert [claim.pk for claim in result.done] == [claim.pk for claim in claims]
    assert result.ok
    assert set(
        Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("status", flat=True)
    ) == {ReviewStatus.APPROVED}


def test_bulk_review_reports_a_conflict_and_applies_the_rest(riyadh, editor, second_editor):
    first, second, third = claims_of(riyadh)[:3]
    services.approve_claim(claim=second, user=second_editor, expected_version=1)

    result = services.bulk_review(
        claim_versions={first.pk: 1, second.pk: 1, third.pk: 1},
        user=editor,
        action="reject",
        reason="重複",
    )

    assert [claim.pk for claim in result.done] == [first.pk, third.pk]
    assert [(claim.pk, claim.version) for claim in result.conflicts] == [(second.pk, 2)]
    second.refresh_from_db()
    assert second.status == ReviewStatus.APPROVED
    first.refresh_from_db()
    assert (first.status, first.rejection_reason) == (ReviewStatus.REJECTED, "重複")


def test_bulk_review_refuses_a_transition_that_is_not_allowed_without_failing_others(
    riyadh, editor
):
    first, second = claims_of(riyadh)[:2]
    first = services.approve_claim(claim=first, user=editor, expected_version=1)

    result = services.bulk_review(
        claim_versions={first.pk: first.version, second.pk: 1}, user=editor, action="approve"
    )

    assert [claim.pk for claim, _reason in result.refused] == [first.pk]
    assert [claim.pk for claim in result.done] == [second.pk]


# Evidence ------------------------------------------------------------------------------


def test_attaching_evidence_records_history_and_bumps_the_version(riyadh, editor):
    claim = claims_of(riyadh)[0]
    start, end = span_of(riyadh, "ラブロフ外相は協議を")

    evidence = services.attach_evidence(
        claim=claim,
        article=riyadh,
        start=start,
        end=end,
        stance=Evidence.Stance.MENTIONS,
        user=editor,
        expected_version=1,
    )

    claim.refresh_from_db()
    assert claim.version == 2
    assert (evidence.exact, evidence.stance, evidence.origin) == (
        "ラブロフ外相は協議を",
        "mentions",
        "editor",
    )
    entry = claim.history.get(action=ClaimHistory.Action.EVIDENCE_ADDED)
    assert entry.user == editor
    assert entry.detail["evidence"] == evidence.pk


def test_evidence_from_an_aggregator_section_points_at_the_cited_outlet(aggregator, riyadh, editor):
    claim = claims_of(riyadh)[0]
    section = aggregator.sections[0]
    start = section["start"] + 20

    evidence = services.attach_evidence(
        claim=claim,
        article=aggregator,
        start=start,
        end=start + 10,
        stance=Evidence.Stance.SUPPORTS,
        user=editor,
        expected_version=claim.version,
    )

    assert evidence.citation is not None
    assert evidence.citation.position == section["citation"]
    assert attribute_evidence(evidence).outlet == evidence.citation.outlet_name


def test_attaching_to_a_stale_version_conflicts_and_adds_nothing(riyadh, editor, second_editor):
    claim = claims_of(riyadh)[0]
    services.approve_claim(claim=claim, user=second_editor, expected_version=1)

    with pytest.raises(services.ConflictError) as conflict:
        services.attach_evidence(
            claim=claim,
            article=riyadh,
            start=0,
            end=5,
            stance="supports",
            user=editor,
            expected_version=1,
        )

    assert conflict.value.current.version == 2
    assert claim.evidence.count() == 1


def test_attaching_the_same_passage_twice_is_refused_without_a_new_version(riyadh, editor):
    claim = claims_of(riyadh)[0]
    existing = claim.evidence.get()

    with pytest.raises(services.DuplicateEvidence):
        services.attach_evidence(
            claim=claim,
            article=riyadh,
            start=existing.start,
            end=existing.end,
            stance="supports",
            user=editor,
            expected_version=1,
        )

    claim.refresh_from_db()
    assert claim.version == 1


def test_removing_evidence_keeps_the_anchor_in_the_history(riyadh, editor):
    claim = claims_of(riyadh)[0]
    evidence = claim.evidence.get()

    services.remove_evidence(evidence=evidence, user=editor, expected_version=1)

    entry = claim.history.get(action=ClaimHistory.Action.EVIDENCE_REMOVED)
    assert entry.detail["exact"] == evidence.exact
    assert not claim.evidence.exists()


def test_flagged_anchor_is_shown_on_the_claim_page_not_dropped(client, riyadh, editor):
    claim = claims_of(riyadh)[0]
    quote = claim.evidence.get().exact
    Article.objects.filter(pk=riyadh.pk).update(text=riyadh.text.replace(quote, "（差し替え）"))
    services.reanchor_evidence(article_id=riyadh.pk)
    client.force_login(editor)

    body = client.get(reverse("review:claim", args=[claim.pk])).content.decode()

    assert 'class="evidence-item flagged"' in body
    assert html.escape(quote) in body


# Revert --------------------------------------------------------------------------------


def test_revert_restores_text_actors_and_issues_of_an_earlier_version(riyadh, editor):
    claim = claims_of(riyadh)[0]
    original_text = claim.text
    original_actors = sorted(claim.actors.values_list("slug", flat=True))
    services.edit_claim(
        claim=claim,
        user=editor,
        expected_version=1,
        changes=services.ClaimChanges(
            text="書き換えた文", actor_slugs=("trump",), issue_slugs=("territory",)
        ),
    )

    claim = services.revert_claim(claim=claim, to_version=1, user=editor, expected_version=2)

    assert claim.text == original_text
    assert sorted(claim.actors.values_list("slug", flat=True)) == original_actors
    assert list(claim.issues.values_list("slug", flat=True)) == ["negotiations_process"]
    assert claim.version == 3
    assert claim.history.first().action == ClaimHistory.Action.REVERTED


def test_revert_on_a_stale_version_conflicts(riyadh, editor, second_editor):
    claim = claims_of(riyadh)[0]
    services.approve_claim(claim=claim, user=second_editor, expected_version=1)

    with pytest.raises(services.ConflictError):
        services.revert_claim(claim=claim, to_version=1, user=editor, expected_version=1)

    claim.refresh_from_db()
    assert claim.status == ReviewStatus.APPROVED


# Duplicates and merges -----------------------------------------------------------------


def test_the_same_report_in_another_article_is_a_possible_duplicate(riyadh, aggregator, editor):
    claim = first_claim_with(riyadh, "サウジアラビアの首都リヤドで協議")
    copy = first_claim_with(aggregator, "サウジアラビアの首都リヤドで協議")

    page = selectors.get_claim_page(editor, claim.pk)

    assert [other.pk for other in page.duplicates] == [copy.pk]


def test_a_date_more_than_a_day_apart_is_not_a_duplicate(riyadh, aggregator, editor):
    claim = first_claim_with(riyadh, "ルビオ氏は協議後")
    other = first_claim_with(aggregator, "ルビオ氏は協議後")
    # The aggregator dates the same remark a day later: within the window, a duplicate.
    assert abs((claim.event_start - other.event_start).days) == 1
    assert other.pk in [d.pk for d in selectors.get_claim_page(editor, claim.pk).duplicates]
    services.edit_claim(
        claim=other,
        user=editor,
        expected_version=other.version,
        changes=services.ClaimChanges(
            text=other.text,
            modality=other.modality,
            time_expression="22日",
            event_start=claim.event_start + timedelta(days=4),
            event_end=claim.event_start + timedelta(days=4),
            date_precision="day",
            actor_slugs=tuple(other.actors.values_list("slug", flat=True)),
            issue_slugs=tuple(other.issues.values_list("slug", flat=True)),
        ),
    )

    page = selectors.get_claim_page(editor, claim.pk)

    assert other.pk not in [duplicate.pk for duplicate in page.duplicates]


def test_merge_moves_the_evidence_and_marks_the_source_merged(riyadh, aggregator, editor):
    target = first_claim_with(riyadh, "サウジアラビアの首都リヤドで協議")
    source = first_claim_with(aggregator, "サウジアラビアの首都リヤドで協議")
    moved = source.evidence.get()

    target = services.merge_claims(
        target=target,
        sources=[source],
        user=editor,
        expected_versions={target.pk: 1, source.pk: 1},
    )

    source.refresh_from_db()
    assert (source.status, source.merged_into_id) == (ReviewStatus.MERGED, target.pk)
    assert set(target.evidence.values_list("pk", flat=True)) >= {moved.pk}
    assert target.version == 2
    assert target.history.first().detail == {
        "sources": [source.pk],
        "evidence": {str(source.pk): [moved.pk]},
    }
    page = selectors.get_claim_page(editor, target.pk)
    assert page.outlet_count == 2


def test_merge_with_a_stale_source_changes_nothing(riyadh, aggregator, editor, second_editor):
    target = first_claim_with(riyadh, "サウジアラビアの首都リヤドで協議")
    source = first_claim_with(aggregator, "サウジアラビアの首都リヤドで協議")
    services.approve_claim(claim=source, user=second_editor, expected_version=1)

    with pytest.raises(services.ConflictError):
        services.merge_claims(
            target=target,
            sources=[source],
            user=editor,
            expected_versions={target.pk: 1, source.pk: 1},
        )

    source.refresh_from_db()
    assert source.status == ReviewStatus.APPROVED
    assert target.evidence.count() == 1


def test_unmerge_gives_the_source_back_its_status_and_evidence(riyadh, aggregator, editor):
    target = first_claim_with(riyadh, "サウジアラビアの首都リヤドで協議")
    source = first_claim_with(aggregator, "サウジアラビアの首都リヤドで協議")
    source = services.approve_claim(claim=source, user=editor, expected_version=1)
    evidence_before = set(source.evidence.values_list("pk", flat=True))
    services.merge_claims(
        target=target,
        sources=[source],
        user=editor,
        expected_versions={target.pk: 1, source.pk: 2},
    )
    source.refresh_from_db()

    source = services.unmerge_claim(source=source, user=editor, expected_version=source.version)

    assert (source.status, source.merged_into_id) == (ReviewStatus.APPROVED, None)
    assert set(source.evidence.values_list("pk", flat=True)) == evidence_before
    assert target.evidence.count() == 1
    assert source.history.first().action == ClaimHistory.Action.UNMERGED
    assert target.history.first().action == ClaimHistory.Action.UNMERGED


def test_merge_keeps_a_colliding_anchor_with_its_source_and_undo_restores_it(riyadh, editor):
    claims = claims_of(riyadh)
    target = claims[0]
    source = next(claim for claim in claims[1:] if claim.evidence.count() == 1)
    shared = source.evidence.get()
    services.attach_evidence(
        claim=target,
        article=riyadh,
        start=shared.start,
        end=shared.end,
        stance="mentions",
        user=editor,
        expected_version=1,
    )

    services.merge_claims(
        target=target, sources=[source], user=editor, expected_versions={target.pk: 2, source.pk: 1}
    )

    shared.refresh_from_db()
    assert shared.claim_id == source.pk  # the target already anchors this span
    source.refresh_from_db()
    services.unmerge_claim(source=source, user=editor)
    assert list(source.evidence.values_list("pk", flat=True)) == [shared.pk]


# Views: the inbox ----------------------------------------------------------------------


def test_inbox_filters_by_outlet_and_counts_claims_per_status(client, editor, riyadh, aggregator):
    approved = claims_of(riyadh)[0]
    services.approve_claim(claim=approved, user=editor, expected_version=1)
    client.force_login(editor)

    response = client.get(reverse("review:inbox"), {"outlet": riyadh.outlet.slug})
    summary = client.get(reverse("review:summary"), {"outlet": riyadh.outlet.slug})

    body = response.content.decode()
    assert f'data-article="{riyadh.pk}"' in body
    assert f'data-article="{aggregator.pk}"' not in body
    assert reverse("review:summary") + "?" + urlencode({"outlet": riyadh.outlet.slug}) in body
    counts = summary.content.decode()
    candidates = len(claims_of(riyadh)) - 1
    assert f'<li data-status="candidate"><strong>{candidates}</strong>' in counts
    assert '<li data-status="approved"><strong>1</strong>' in counts


def test_inbox_summary_unfiltered_counts_every_claim_by_status(client, editor, riyadh, aggregator):
    services.approve_claim(claim=claims_of(riyadh)[0], user=editor, expected_version=1)
    client.force_login(editor)

    counts = client.get(reverse("review:summary")).content.decode()

    total = Claim.objects.count()
    assert f'<li data-status="candidate"><strong>{total - 1}</strong>' in counts
    assert '<li data-status="approved"><strong>1</strong>' in counts
    assert 'data-status="articles"' not in counts  # waiting articles are not counted


def test_inbox_pages_without_counting_every_article(client, editor, riyadh, aggregator, settings):
    client.force_login(editor)
    from claims import views

    views.INBOX_PAGE_SIZE, size = 1, views.INBOX_PAGE_SIZE
    try:
        first = client.get(reverse("review:inbox")).content.decode()
        second = client.get(reverse("review:inbox"), {"page": "2"}).content.decode()
        third = client.get(reverse("review:inbox"), {"page": "3"}).content.decode()
    finally:
        views.INBOX_PAGE_SIZE = size

    assert first.count("data-article=") == second.count("data-article=") == 1
    assert "page=2" in first and "page=1" in second and "page=3" not in second
    assert "data-article=" not in third


def test_inbox_filters_by_issue_and_by_date(client, editor, demo_site):
    minerals = ingest_demo_page(demo_site, "minerals-deal.html")
    election = ingest_demo_page(demo_site, "german-election.html")
    client.force_login(editor)

    by_issue = client.get(reverse("review:inbox"), {"issue": "minerals_deal"}).content.decode()
    by_date = client.get(
        reverse("review:inbox"), {"published_from": "2025-02-24", "published_to": "2025-02-24"}
    ).content.decode()

    assert f'data-article="{minerals.pk}"' in by_issue
    assert f'data-article="{election.pk}"' not in by_issue
    assert f'data-article="{election.pk}"' in by_date
    assert f'data-article="{minerals.pk}"' not in by_date


def test_inbox_polling_keeps_the_filters(client, editor, riyadh):
    client.force_login(editor)

    response = client.get(
        reverse("review:inbox"), {"outlet": riyadh.outlet.slug}, HTTP_HX_REQUEST="true"
    )

    assert 'hx-trigger="every 30s"' in response.content.decode()
    assert "?" + urlencode({"outlet": riyadh.outlet.slug}) in response.content.decode()
    assert response["Vary"].count("HX-Request") == 1


# Views: the reader and anchoring -------------------------------------------------------


def test_reader_paragraph_offsets_map_back_to_the_article_text(client, editor, aggregator):
    client.force_login(editor)

    body = client.get(reverse("review:article", args=[aggregator.pk])).content.decode()

    paragraphs = re.findall(r'<p data-offset="(\d+)">(.*?)</p>', body, flags=re.S)
    assert len(paragraphs) > 10
    for offset, markup in paragraphs:
        text = html.unescape(re.sub(r"<[^>]+>", "", markup))
        assert aggregator.text[int(offset) : int(offset) + len(text)] == text


def test_editor_creates_a_claim_from_a_selected_passage(client, editor, riyadh):
    start, end = span_of(riyadh, "ラブロフ外相は協議を「非常に有益だった」と評価した。")
    client.force_login(editor)

    response = client.post(reverse("review:select", args=[riyadh.pk]), {"start": start, "end": end})

    evidence = Evidence.objects.get(article=riyadh, start=start, end=end, origin="editor")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#claim-{evidence.claim_id}")
    assert evidence.created_by == editor


def test_editor_attaches_a_passage_through_the_picker_target(client, editor, riyadh, aggregator):
    claim = claims_of(riyadh)[0]
    start, end = span_of(aggregator, "ルビオ国務長官とラブロフ外相は18日")
    client.force_login(editor)

    response = client.post(
        reverse("review:attach", args=[aggregator.pk]),
        {"start": start, "end": end, "stance": "supports", "target": f"{claim.pk}:1"},
    )

    assert response.status_code == 302
    assert claim.evidence.filter(article=aggregator, start=start, end=end).exists()


def test_stale_attach_answers_409_with_both_versions_and_a_retry(
    client, editor, second_editor, riyadh
):
    claim = claims_of(riyadh)[0]
    services.edit_claim(
        claim=claim,
        user=second_editor,
        expected_version=1,
        changes=services.ClaimChanges(text="別の編集者が先に直した文"),
    )
    start, end = span_of(riyadh, "ラブロフ外相は協議を")
    client.force_login(editor)

    response = client.post(
        reverse("review:attach", args=[riyadh.pk]),
        {"start": start, "end": end, "stance": "contradicts", "target": f"{claim.pk}:1"},
    )

    body = response.content.decode()
    assert response.status_code == 409
    assert "別の編集者が先に直した文" in body
    assert "ラブロフ外相は協議を" in body
    assert f'value="{claim.pk}:2"' in body
    assert not claim.evidence.filter(start=start).exists()


def test_picker_finds_claims_by_actor_issue_and_date(client, editor, riyadh):
    client.force_login(editor)
    url = reverse("review:picker")

    by_actor = client.get(url, {"q": "ラブロフ"}).content.decode()
    by_issue = client.get(url, {"q": "制裁解除"}).content.decode()
    by_date = client.get(url, {"on": "2025-02-19"}).content.decode()

    lavrov = first_claim_with(riyadh, "ラブロフ外相は協議を")
    sanctions = first_claim_with(riyadh, "対ロ制裁の緩和")
    postponed = first_claim_with(riyadh, "訪問を延期")
    assert f'value="{lavrov.pk}:1"' in by_actor
    assert f'value="{sanctions.pk}:1"' in by_issue
    assert f'value="{postponed.pk}:1"' in by_date
    assert f'value="{lavrov.pk}:1"' not in by_date


def test_picker_finds_claims_by_an_actors_alias_with_its_title(client, editor, riyadh):
    client.force_login(editor)
    lavrov = first_claim_with(riyadh, "ラブロフ外相は協議を")
    Actor.objects.filter(slug="lavrov").update(aliases=["ラブロフ", "セルゲイ・ラブロフ"])

    by_full_name = client.get(reverse("review:picker"), {"q": "セルゲイ・ラブロフ"})
    by_name_and_title = client.get(reverse("review:picker"), {"q": "ラブロフ露外相"})

    assert f'value="{lavrov.pk}:1"' in by_full_name.content.decode()
    assert f'value="{lavrov.pk}:1"' in by_name_and_title.content.decode()


def test_picker_applies_an_actors_alias_to_actors_only_not_to_issues(editor, riyadh):
    # ケロッグ's actor id must not select the issue that happens to have the same id.
    kellogg = Actor.objects.get(slug="kellogg")
    Actor.objects.filter(pk=kellogg.pk).update(aliases=["ケロッグ", "キース・ケロッグ"])
    issue, _created = Issue.objects.get_or_create(
        pk=kellogg.pk, defaults={"slug": "same-id-issue", "name_ja": "同番号", "name_en": "Same id"}
    )
    unrelated = first_claim_with(riyadh, "ラブロフ外相は協議を")
    services.edit_claim(
        claim=unrelated,
        user=editor,
        expected_version=unrelated.version,
        changes=services.ClaimChanges(
            text=unrelated.text, modality=unrelated.modality, issue_slugs=(issue.slug,)
        ),
    )

    found = selectors.search_claims(editor, text="ケロッグ")

    assert unrelated not in found
    assert all("ケロッグ" in claim.text or kellogg in claim.actors.all() for claim in found)


def test_bulk_endpoint_swaps_updated_cards_and_marks_conflicts(
    client, editor, second_editor, riyadh
):
    first, second = claims_of(riyadh)[:2]
    services.reject_claim(claim=second, user=second_editor, expected_version=1)
    client.force_login(editor)

    response = client.post(
        reverse("review:bulk"),
        {"action": "approve", "claims": [f"{first.pk}:1", f"{second.pk}:1"]},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 409
    assert body.count('hx-swap-oob="true"') == 2
    assert re.search(rf'class="claim-card status-approved"\s+id="claim-{first.pk}"', body)
    assert re.search(rf'class="claim-card status-rejected conflict"\s+id="claim-{second.pk}"', body)
    first.refresh_from_db()
    assert first.status == ReviewStatus.APPROVED


# Views: the claim page, merge and revert -----------------------------------------------


def test_claim_page_shows_evidence_by_outlet_history_and_duplicates(
    client, analyst, riyadh, aggregator
):
    claim = first_claim_with(riyadh, "サウジアラビアの首都リヤドで協議")
    copy = first_claim_with(aggregator, "サウジアラビアの首都リヤドで協議")
    client.force_login(analyst)

    response = client.get(reverse("review:claim", args=[claim.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert f'data-outlet="{riyadh.outlet.name}"' in body
    assert f'<li data-claim="{copy.pk}">' in body
    assert 'data-action="created"' in body
    assert reverse("review:merge", args=[claim.pk]) in body  # the list, read-only
    assert 'name="sources"' not in body
    assert "button" not in body.split('id="history-heading"')[1].split("</section>")[0]


def test_merge_and_undo_through_the_claim_page(client, editor, riyadh, aggregator):
    target = first_claim_with(riyadh, "サウジアラビアの首都リヤドで協議")
    source = first_claim_with(aggregator, "サウジアラビアの首都リヤドで協議")
    client.force_login(editor)

    client.post(
        reverse("review:merge", args=[target.pk]), {"version": 1, "sources": [f"{source.pk}:1"]}
    )
    source.refresh_from_db()
    assert source.status == ReviewStatus.MERGED
    page = client.get(reverse("review:claim", args=[source.pk])).content.decode()
    assert "merged-banner" in page

    client.post(reverse("review:unmerge", args=[source.pk]), {"version": source.version})

    source.refresh_from_db()
    assert (source.status, source.merged_into_id) == (ReviewStatus.CANDIDATE, None)
    assert source.evidence.filter(article=aggregator).exists()


def test_revert_through_the_claim_page_shows_the_diff(client, editor, riyadh):
    claim = claims_of(riyadh)[0]
    original = claim.text
    services.edit_claim(
        claim=claim,
        user=editor,
        expected_version=1,
        changes=services.ClaimChanges(text="誤って書き換えた文"),
    )
    client.force_login(editor)
    page = client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    assert "<ins>誤って書き換えた文</ins>" in page

    client.post(reverse("review:revert", args=[claim.pk]), {"version": 2, "to_version": 1})

    claim.refresh_from_db()
    assert claim.text == original


# Safety --------------------------------------------------------------------------------


def write_requests(claim: Claim, article: Article) -> list[tuple[str, dict]]:
    evidence = claim.evidence.first()
    return [
        (reverse("review:bulk"), {"action": "approve", "claims": [f"{claim.pk}:1"]}),
        (reverse("review:select", args=[article.pk]), {"start": 0, "end": 5}),
        (
            reverse("review:attach", args=[article.pk]),
            {"start": 0, "end": 5, "stance": "supports", "target": f"{claim.pk}:1"},
        ),
        (reverse("review:remove-evidence", args=[evidence.pk]), {"version": 1}),
        (reverse("review:merge", args=[claim.pk]), {"version": 1, "sources": ["1:1"]}),
        (reverse("review:unmerge", args=[claim.pk]), {"version": 1}),
        (reverse("review:revert", args=[claim.pk]), {"version": 1, "to_version": 1}),
    ]


def test_analyst_is_refused_on_every_write_endpoint(client, analyst, riyadh):
    claim = claims_of(riyadh)[0]
    client.force_login(analyst)
    claims_before = Claim.objects.count()

    statuses = [client.post(url, data).status_code for url, data in write_requests(claim, riyadh)]

    assert statuses == [403] * len(statuses)
    assert client.get(reverse("review:picker"), {"q": "x"}).status_code == 403
    claim.refresh_from_db()
    assert (
        claim.version,
        Claim.objects.count(),
        Evidence.objects.filter(origin="editor").count(),
    ) == (
        1,
        claims_before,
        0,
    )


def test_anonymous_visitor_is_sent_to_login_from_every_write_endpoint(client, riyadh):
    claim = claims_of(riyadh)[0]

    responses = [client.post(url, data) for url, data in write_requests(claim, riyadh)]

    assert all(r.status_code == 302 and "/accounts/login/" in r["Location"] for r in responses)
    assert client.get(reverse("review:claim", args=[claim.pk])).status_code == 302


def test_user_without_a_role_cannot_open_a_claim_page(client, outsider, riyadh):
    client.force_login(outsider)

    response = client.get(reverse("review:claim", args=[claims_of(riyadh)[0].pk]))

    assert response.status_code == 403


# Pinned query counts -------------------------------------------------------------------


def test_claim_page_query_count_does_not_grow_with_evidence_and_history(
    client, editor, riyadh, aggregator, demo_site, django_assert_num_queries
):
    claim = first_claim_with(riyadh, "サウジアラビアの首都リヤドで協議")
    client.force_login(editor)
    with django_assert_num_queries(16) as first:
        client.get(reverse("review:claim", args=[claim.pk]))
    other = ingest_demo_page(demo_site, "german-election.html")
    for passage in ["十八日にリヤドで", "欧州の自立を求める声", "連邦議会選挙"]:
        start, end = span_of(other, passage)
        claim.refresh_from_db()
        services.attach_evidence(
            claim=claim,
            article=other,
            start=start,
            end=end,
            stance="mentions",
            user=editor,
            expected_version=claim.version,
        )

    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(reverse("review:claim", args=[claim.pk]))
    assert response.content.count(b'class="evidence-item') == 4


def test_picker_query_count_does_not_grow_with_results(
    client, editor, riyadh, aggregator, django_assert_num_queries
):
    client.force_login(editor)
    # The words of one of its quotes find a claim (here a sentence of the talks' evidence).
    with django_assert_num_queries(7) as first:
        one = client.get(reverse("review:picker"), {"q": "ドミトリエフ 総裁 ロシア直接投資基金"})
    assert one.content.count(b'class="pick"') == 2

    with django_assert_num_queries(len(first.captured_queries)):
        many = client.get(reverse("review:picker"), {"q": "ロシア"})
    assert many.content.count(b'class="pick"') > 5  # one claim per event: fewer, fuller claims


# One path per write: what a claim was created as, and one transition table ----------------


def test_a_claim_created_from_a_selection_with_the_editors_wording_records_it_as_v1(riyadh, editor):
    start, end = span_of(riyadh, "ラブロフ外相は協議を「非常に有益だった」と評価した。")
    claim = services.create_claim_from_selection(
        article=riyadh, start=start, end=end, user=editor, text="ラブロフ外相が協議を評価した"
    )
    services.edit_claim(
        claim=claim,
        user=editor,
        expected_version=claim.version,
        changes=services.ClaimChanges(text="別の言い方にした文"),
    )
    claim.refresh_from_db()

    claim = services.revert_claim(
        claim=claim, to_version=1, user=editor, expected_version=claim.version
    )

    assert claim.text == "ラブロフ外相が協議を評価した"
    assert claim.history.get(version=1).snapshot["text"] == "ラブロフ外相が協議を評価した"


def test_the_status_table_allows_what_unmerge_restores_and_only_to_unmerge():
    merged = Claim(status=ReviewStatus.MERGED)
    assert merged.can_transition_to(ReviewStatus.APPROVED, unmerge=True)
    assert merged.can_transition_to(ReviewStatus.CANDIDATE, unmerge=True)
    assert not merged.can_transition_to(ReviewStatus.REJECTED, unmerge=True)
    assert not merged.can_transition_to(ReviewStatus.APPROVED)


def test_unmerge_refuses_a_status_the_transition_table_forbids(riyadh, aggregator, editor):
    target = first_claim_with(riyadh, "サウジアラビアの首都リヤドで協議")
    source = first_claim_with(aggregator, "サウジアラビアの首都リヤドで協議")
    services.merge_claims(
        target=target,
        sources=[source],
        user=editor,
        expected_versions={target.pk: 1, source.pk: 1},
    )
    entry = source.history.filter(action=ClaimHistory.Action.MERGED).latest("id")
    entry.detail["previous"] = {"status": ReviewStatus.REJECTED, "rejection_reason": "x"}
    entry.save(update_fields=["detail"])
    source.refresh_from_db()

    with pytest.raises(services.InvalidTransition):
        services.unmerge_claim(source=source, user=editor)

    source.refresh_from_db()
    assert source.status == ReviewStatus.MERGED


def test_undo_refuses_a_status_the_transition_table_forbids(riyadh, editor):
    claim = claims_of(riyadh)[0]
    claim = services.reject_claim(claim=claim, user=editor, expected_version=1)
    entry = claim.history.get(version=claim.version)
    entry.detail["previous"]["status"] = ReviewStatus.MERGED
    entry.save(update_fields=["detail"])

    with pytest.raises(services.InvalidTransition):
        services.undo_decision(claim=claim, user=editor, expected_version=claim.version)

    claim.refresh_from_db()
    assert claim.status == ReviewStatus.REJECTED


def test_the_claim_page_the_timeline_and_the_api_attribute_a_quote_alike(
    aggregator, riyadh, editor
):
    from curation.models import Outlet
    from timeline.selectors import _page_claims, present
    from timeline.serializers import ClaimSerializer

    claim = claims_of(riyadh)[0]
    section = aggregator.sections[0]
    evidence = services.attach_evidence(
        claim=claim,
        article=aggregator,
        start=section["start"] + 20,
        end=section["start"] + 30,
        stance=Evidence.Stance.SUPPORTS,
        user=editor,
        expected_version=claim.version,
    )
    # The aggregator prints the outlet under another name than the one it is filed under.
    citation = evidence.citation
    citation.outlet = Outlet.objects.create(name="東西通信社", slug="tozai")
    citation.outlet_name = "東西通信"
    citation.save()
    claim.refresh_from_db()
    claim = services.approve_claim(claim=claim, user=editor, expected_version=claim.version)

    page = selectors.get_claim_page(editor, claim.pk)
    (row,) = present(_page_claims(Claim.objects.filter(pk=claim.pk)))
    api = ClaimSerializer(claim).data["evidence"]

    on_page = {group.outlet for group in page.evidence_groups}
    assert on_page == {source.outlet for source in row.sources}
    assert on_page == {item["outlet"] for item in api}
    assert "東西通信" in on_page
    assert page.outlet_count == row.independent == 2


def test_the_exports_count_an_outlet_under_two_names_once_as_the_page_does(
    client, aggregator, riyadh, editor
):
    import csv
    import io
    import json

    from curation.models import Outlet
    from timeline.selectors import _page_claims, present

    outlet = Outlet.objects.create(name="東西通信社", slug="tozai")
    Article.objects.filter(pk=riyadh.pk).update(outlet=outlet)
    claim = claims_of(riyadh)[0]
    section = aggregator.sections[0]
    evidence = services.attach_evidence(
        claim=claim,
        article=aggregator,
        start=section["start"] + 20,
        end=section["start"] + 30,
        stance=Evidence.Stance.SUPPORTS,
        user=editor,
        expected_version=claim.version,
    )
    # The aggregator cites the same outlet under a shorter name than the one it is filed under.
    citation = evidence.citation
    citation.outlet, citation.outlet_name = outlet, "東西通信"
    citation.save()
    claim.refresh_from_db()
    claim = services.approve_claim(claim=claim, user=editor, expected_version=claim.version)
    (row,) = present(_page_claims(Claim.objects.filter(pk=claim.pk)))

    as_csv = client.get(reverse("timeline:export", args=["csv"])).getvalue().decode()
    as_json = json.loads(client.get(reverse("timeline:export", args=["json"])).getvalue())

    (csv_row,) = [
        line
        for line in csv.DictReader(io.StringIO(as_csv.removeprefix("\ufeff")))
        if line["id"] == str(claim.pk)
    ]
    (json_row,) = [item for item in as_json["claims"] if item["id"] == claim.pk]
    assert {source.outlet for source in row.sources} == {"東西通信社", "東西通信"}
    assert row.independent == 1
    assert csv_row["independent_sources"] == "1"
    assert json_row["independent_sources"] == 1


def test_a_stale_action_without_htmx_gets_the_one_conflict_page(
    client, editor, second_editor, riyadh
):
    claim = claims_of(riyadh)[0]
    services.approve_claim(claim=claim, user=second_editor, expected_version=1)
    client.force_login(editor)

    response = client.post(
        reverse("review:reject", args=[claim.pk]), {"version": 1, "reason": "古い画面"}
    )

    assert response.status_code == 409
    assert "conflict-page" in response.content.decode()
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (ReviewStatus.APPROVED, 2)


def test_the_sql_source_key_is_the_attributions_key(aggregator, riyadh):
    from claims.attribution import source_key

    evidence = Evidence.objects.select_related("article__outlet", "citation").annotate(
        key=source_key()
    )

    assert evidence
    assert any(item.citation_id for item in evidence)
    assert all(item.key == attribute_evidence(item).key for item in evidence)
