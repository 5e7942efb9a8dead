import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, ClaimHistory, ReviewStatus
from tests.factories import ingest_demo_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(demo_site):
    return ingest_demo_page(demo_site, "riyadh-talks.html")


@pytest.fixture
def claim(article):
    return Claim.objects.filter(evidence__article=article).order_by("pk").first()


def test_editor_sees_candidates_beside_the_article_text(client, editor, article):
    client.force_login(editor)

    response = client.get(reverse("review:article", args=[article.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert article.title in body
    for claim in Claim.objects.filter(evidence__article=article):
        assert f'id="claim-{claim.pk}"' in body
    assert "<mark" in body
    assert reverse("review:approve", args=[Claim.objects.first().pk]) in body


def test_editor_approves_a_claim(client, editor, claim):
    client.force_login(editor)

    response = client.post(
        reverse("review:approve", args=[claim.pk]),
        {"version": claim.version},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.APPROVED
    assert claim.reviewed_by == editor
    assert claim.history.filter(action=ClaimHistory.Action.APPROVED, user=editor).exists()


def test_editor_rejects_a_claim_with_a_reason(client, editor, claim):
    client.force_login(editor)

    client.post(
        reverse("review:reject", args=[claim.pk]),
        {"version": claim.version, "reason": "見出しの繰り返し"},
    )

    claim.refresh_from_db()
    assert claim.status == ReviewStatus.REJECTED
    assert claim.rejection_reason == "見出しの繰り返し"


def test_analyst_reads_the_queue_but_sees_no_review_buttons(client, analyst, article, claim):
    client.force_login(analyst)

    inbox = client.get(reverse("review:inbox"))
    reader = client.get(reverse("review:article", args=[article.pk]))

    assert inbox.status_code == 200
    assert reader.status_code == 200
    assert reverse("review:approve", args=[claim.pk]).encode() not in reader.content


@pytest.mark.parametrize("action", ["approve", "reject", "reopen", "edit"])
def test_analyst_forged_post_is_refused(client, analyst, claim, action):
    client.force_login(analyst)

    response = client.post(reverse(f"review:{action}", args=[claim.pk]), {"version": claim.version})

    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.CANDIDATE
    assert claim.version == 1


def test_anonymous_visitor_is_sent_to_login(client, claim):
    response = client.post(reverse("review:approve", args=[claim.pk]), {"version": 1})

    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.CANDIDATE


def test_user_without_role_cannot_read_the_queue(client, outsider, settings):
    client.force_login(outsider)

    assert client.get(reverse("review:inbox")).status_code == 403
    settings.RONTEN_PUBLIC_READ = False
    assert client.get(reverse("timeline:index")).status_code == 403


def test_post_without_csrf_token_is_refused(editor, claim):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(reverse("review:approve", args=[claim.pk]), {"version": claim.version})

    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.CANDIDATE


def test_second_editor_saving_a_stale_version_gets_a_conflict(client, editor, second_editor, claim):
    services.approve_claim(claim=claim, user=editor, expected_version=claim.version)
    client.force_login(second_editor)

    response = client.post(
        reverse("review:reject", args=[claim.pk]),
        {"version": 1, "reason": "古い画面から"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 409
    assert b"Someone else changed this claim" in response.content or (
        "他の編集者".encode() in response.content
    )
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.APPROVED
    assert claim.version == 2


def test_conflicting_edit_keeps_both_versions_and_saves_nothing(
    client, editor, second_editor, claim
):
    original_text = claim.text
    services.edit_claim(
        claim=claim,
        user=editor,
        expected_version=1,
        changes=services.ClaimChanges(text="先に保存された版", modality="asserted"),
    )
    client.force_login(second_editor)

    response = client.post(
        reverse("review:edit", args=[claim.pk]),
        {"version": 1, "text": "後から保存しようとした版", "modality": "reported"},
    )

    assert response.status_code == 409
    body = response.content.decode()
    assert "先に保存された版" in body
    assert "後から保存しようとした版" in body
    claim.refresh_from_db()
    assert claim.text == "先に保存された版"
    assert original_text != claim.text
    assert list(claim.history.values_list("action", flat=True)) == ["edited", "created"]


def test_inbox_query_count_does_not_grow_with_articles(
    client, editor, demo_site, django_assert_num_queries
):
    client.force_login(editor)
    ingest_demo_page(demo_site, "call-feb12.html")
    # session, user, roles, the page's ids, its rows with their counts (the summary loads apart)
    with django_assert_num_queries(5) as first:
        client.get(reverse("review:inbox"))
    ingest_demo_page(demo_site, "riyadh-talks.html")
    ingest_demo_page(demo_site, "minerals-deal.html")

    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(reverse("review:inbox"))
    assert response.content.count(b"data-article=") == 3


def test_reader_query_count_does_not_grow_with_claims(
    client, editor, demo_site, django_assert_num_queries
):
    client.force_login(editor)
    small = ingest_demo_page(demo_site, "german-election.html")
    large = ingest_demo_page(demo_site, "aggregator-feb.html")
    assert large.evidence.count() > small.evidence.count()
    with django_assert_num_queries(9) as first:
        client.get(reverse("review:article", args=[small.pk]))

    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("review:article", args=[large.pk]))
