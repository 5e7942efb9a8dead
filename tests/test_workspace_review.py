"""Review that cannot surprise: a published claim is withdrawn only with a reason, and a
decision can be undone exactly."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from claims import services
from claims.models import Claim, ClaimHistory, ReviewStatus
from curation.models import Article
from tests.factories import ingest_demo_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def riyadh(demo_site) -> Article:
    return ingest_demo_page(demo_site, "riyadh-talks.html")


@pytest.fixture
def published(riyadh, editor) -> Claim:
    claim = Claim.objects.filter(evidence__article=riyadh).order_by("pk").first()
    return services.approve_claim(claim=claim, user=editor, expected_version=claim.version)


def state_of(claim: Claim) -> dict:
    """Everything about a claim a reader or editor can see, except its version counter."""
    claim = Claim.objects.get(pk=claim.pk)
    fields = model_to_dict(claim, exclude=["id", "version", "actors", "speakers", "issues"])
    fields["reviewed_at"] = claim.reviewed_at
    fields["actors"] = sorted(claim.actors.values_list("slug", flat=True))
    fields["speakers"] = sorted(claim.speakers.values_list("slug", flat=True))
    fields["issues"] = sorted(claim.issues.values_list("slug", flat=True))
    fields["evidence"] = sorted(claim.evidence.values_list("pk", "start", "end", "stance"))
    return fields


@pytest.mark.parametrize("withdraw", [services.reject_claim, services.reopen_claim])
def test_withdrawing_a_published_claim_without_a_reason_is_refused(
    published, second_editor, withdraw
):
    with pytest.raises(services.ReasonRequired):
        withdraw(
            claim=published, user=second_editor, expected_version=published.version, reason=" "
        )

    published.refresh_from_db()
    assert (published.status, published.version) == (ReviewStatus.APPROVED, 2)


def test_rejecting_a_candidate_needs_no_reason(riyadh, editor):
    claim = Claim.objects.filter(evidence__article=riyadh).order_by("pk").first()

    claim = services.reject_claim(claim=claim, user=editor, expected_version=1)

    assert claim.status == ReviewStatus.REJECTED


def test_reject_with_undo_restores_the_claim_exactly(published, editor, second_editor):
    before = state_of(published)

    rejected = services.reject_claim(
        claim=published, user=second_editor, expected_version=2, reason="日付が誤り"
    )
    restored = services.undo_decision(claim=rejected, user=second_editor, expected_version=3)

    assert state_of(restored) == before
    assert (restored.status, restored.reviewed_by, restored.version) == (
        ReviewStatus.APPROVED,
        editor,
        4,
    )
    history = list(restored.history.order_by("version").values_list("version", "action", "note"))
    assert history[-3:] == [
        (2, ClaimHistory.Action.APPROVED, ""),
        (3, ClaimHistory.Action.REJECTED, "日付が誤り"),
        (4, ClaimHistory.Action.REVERTED, "undo v3 (rejected)"),
    ]


def test_reopen_with_undo_restores_the_published_claim(published, second_editor):
    before = state_of(published)

    reopened = services.reopen_claim(
        claim=published, user=second_editor, expected_version=2, reason="出典を再確認"
    )
    assert (reopened.status, reopened.rejection_reason) == (ReviewStatus.CANDIDATE, "")
    restored = services.undo_decision(claim=reopened, user=second_editor, expected_version=3)

    assert state_of(restored) == before


def test_undo_after_a_later_change_is_refused(published, editor):
    rejected = services.reject_claim(
        claim=published, user=editor, expected_version=2, reason="重複"
    )
    edited = services.edit_claim(
        claim=rejected,
        user=editor,
        expected_version=3,
        changes=services.ClaimChanges(text=rejected.text + "（修正）", modality=rejected.modality),
    )

    with pytest.raises(services.InvalidTransition):
        services.undo_decision(claim=edited, user=editor, expected_version=edited.version)
    with pytest.raises(services.ConflictError):
        services.undo_decision(claim=edited, user=editor, expected_version=3)


def test_card_asks_for_a_reason_before_withdrawing_a_published_claim(client, editor, published):
    client.force_login(editor)

    refused = client.post(
        reverse("review:reject", args=[published.pk]),
        {"version": 2, "reason": ""},
        HTTP_HX_REQUEST="true",
    )
    done = client.post(
        reverse("review:reject", args=[published.pk]),
        {"version": 2, "reason": "見出しの繰り返し"},
        HTTP_HX_REQUEST="true",
    )

    assert refused.status_code == 422
    assert b"withdraw-reason" in refused.content and b'aria-invalid="true"' in refused.content
    assert done.status_code == 200
    body = done.content.decode()
    assert "undo-notice" in body and reverse("review:undo", args=[published.pk]) in body
    assert "data-decided" in body
    published.refresh_from_db()
    assert (published.status, published.rejection_reason) == (
        ReviewStatus.REJECTED,
        "見出しの繰り返し",
    )


def test_undo_endpoint_restores_the_card(client, editor, published):
    client.force_login(editor)
    client.post(
        reverse("review:reopen", args=[published.pk]),
        {"version": 2, "reason": "要確認"},
        HTTP_HX_REQUEST="true",
    )

    response = client.post(
        reverse("review:undo", args=[published.pk]), {"version": 3}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert 'data-status="approved"' in response.content.decode()
    published.refresh_from_db()
    assert (published.status, published.version) == (ReviewStatus.APPROVED, 4)


def test_claim_page_history_shows_each_decision_with_its_reason(client, editor, published):
    services.reject_claim(claim=published, user=editor, expected_version=2, reason="誤訳")
    client.force_login(editor)

    body = client.get(reverse("review:claim", args=[published.pk])).content.decode()

    assert 'data-action="rejected"' in body and "誤訳" in body
