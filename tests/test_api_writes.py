"""Editors' writes through the API: the browser's services, scopes and optimistic locking."""

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from apitokens.models import Scope
from apitokens.services import create_token
from claims.models import Claim, ClaimHistory, Evidence, ReviewStatus
from tests.factories import approve_all, ingest_demo_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    caches["throttle"].clear()


def token_client(user, scope=Scope.WRITE):
    _token, raw = create_token(user=user, name="tests", scope=scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


def if_match(claim):
    return {"HTTP_IF_MATCH": f'"claim-{claim.pk}-v{claim.version}"'}


@pytest.fixture
def article(demo_site):
    return ingest_demo_page(demo_site, "call-feb12.html")


@pytest.fixture
def candidate(article):
    return Claim.objects.filter(evidence__article=article).order_by("pk").first()


def test_editor_creates_a_claim_from_a_quote(editor, article):
    sentence = next(s for s in article.text.split("。") if len(s) > 20) + "。"

    response = token_client(editor).post(
        "/api/v1/claims/",
        {"article": article.pk, "quote": sentence, "text": "編集者が書き直した主張。"},
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    claim = Claim.objects.get(pk=body["id"])
    assert body["text"] == claim.text == "編集者が書き直した主張。"
    assert body["status"] == "candidate"
    assert response["ETag"] == f'"claim-{claim.pk}-v{claim.version}"'
    evidence = claim.evidence.get()
    assert evidence.exact == sentence
    assert evidence.origin == Evidence.Origin.EDITOR
    assert evidence.created_by == editor


def test_a_quote_not_in_the_article_is_a_400(editor, article):
    response = token_client(editor).post(
        "/api/v1/claims/", {"article": article.pk, "quote": "どこにもない文。"}, format="json"
    )
    assert response.status_code == 400
    assert "quote" in response.json()


def test_editor_changes_status_with_if_match(editor, candidate):
    client = token_client(editor)

    response = client.post(
        f"/api/v1/claims/{candidate.pk}/status/",
        {"status": "approved"},
        format="json",
        **if_match(candidate),
    )

    assert response.status_code == 200, response.content
    candidate.refresh_from_db()
    assert candidate.status == ReviewStatus.APPROVED
    assert response.json()["version"] == candidate.version
    assert candidate.history.filter(action=ClaimHistory.Action.APPROVED, user=editor).exists()


def test_a_stale_if_match_is_a_412_and_loses_nothing(editor, second_editor, candidate):
    stale = if_match(candidate)
    first = token_client(second_editor).patch(
        f"/api/v1/claims/{candidate.pk}/",
        {"text": "先に保存された編集。"},
        format="json",
        **stale,
    )
    assert first.status_code == 200

    second = token_client(editor).patch(
        f"/api/v1/claims/{candidate.pk}/", {"text": "古い版に基づく編集。"}, format="json", **stale
    )

    assert second.status_code == 412
    candidate.refresh_from_db()
    assert second.json() == {
        "detail": "The claim changed since you read it; nothing was changed.",
        "current_version": candidate.version,
    }
    assert candidate.text == "先に保存された編集。"


def test_writes_without_if_match_are_a_428(editor, candidate):
    response = token_client(editor).patch(
        f"/api/v1/claims/{candidate.pk}/", {"text": "x"}, format="json"
    )
    assert response.status_code == 428
    candidate.refresh_from_db()
    assert candidate.text != "x"


def test_edit_changes_only_the_fields_given(editor, candidate):
    before = Claim.objects.get(pk=candidate.pk)
    issues = sorted(before.issues.values_list("slug", flat=True))

    response = token_client(editor).patch(
        f"/api/v1/claims/{candidate.pk}/",
        {
            "modality": "speculative",
            "event_date": {"start": "2025-02-12", "end": "2025-02-12", "precision": "day"},
        },
        format="json",
        **if_match(candidate),
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["modality"] == "speculative"
    assert body["text"] == before.text
    assert body["issues"] == issues
    assert body["event_date"] == {"start": "2025-02-12", "end": "2025-02-12", "precision": "day"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"issues": ["no-such-issue"]}, "issues"),
        ({"modality": "rumoured"}, "modality"),
        (
            {"event_date": {"start": "2025-03-01", "end": "2025-02-01", "precision": "range"}},
            "event_date.end",
        ),
        ({"issues": ["territory", "not a slug!"]}, "issues.1"),
    ],
)
def test_bad_edits_are_a_400_naming_the_field(editor, candidate, payload, field):
    response = token_client(editor).patch(
        f"/api/v1/claims/{candidate.pk}/", payload, format="json", **if_match(candidate)
    )
    assert response.status_code == 400
    assert field in response.json()


def test_a_nested_field_error_is_named_by_its_path(editor, candidate):
    # Nested serializer errors once broke the documented 400 shape (field: [messages]).
    response = token_client(editor).patch(
        f"/api/v1/claims/{candidate.pk}/",
        {"event_date": {"start": "2025-03-01", "end": "2025-02-01", "precision": "range"}},
        format="json",
        **if_match(candidate),
    )

    assert response.status_code == 400
    assert response.json() == {"event_date.end": ["The end is before the start."]}


def test_a_body_that_does_not_parse_is_a_400_in_the_documented_shape(editor, article):
    response = token_client(editor).post(
        "/api/v1/claims/", b"\x00", content_type="application/json"
    )

    assert response.status_code == 400
    (message,) = response.json()["detail"]
    assert message.startswith("JSON parse error")


def test_a_body_of_another_media_type_is_a_415(editor, article):
    response = token_client(editor).post("/api/v1/claims/", "article=1", content_type="text/plain")

    assert response.status_code == 415
    assert set(response.json()) == {"detail"}


def test_an_impossible_transition_is_a_409(editor, demo_site):
    target, source = approve_all(ingest_demo_page(demo_site, "riyadh-talks.html"), editor)[:2]
    from claims.services import merge_claims

    merge_claims(
        target=target,
        sources=[source],
        user=editor,
        expected_versions={target.pk: target.version, source.pk: source.version},
    )
    source.refresh_from_db()

    response = token_client(editor).post(
        f"/api/v1/claims/{source.pk}/status/",
        {"status": "approved"},
        format="json",
        **if_match(source),
    )

    assert response.status_code == 409
    assert "merged" in response.json()["detail"]


def test_editor_attaches_evidence(editor, candidate, demo_site):
    other = ingest_demo_page(demo_site, "riyadh-talks.html")

    response = token_client(editor).post(
        f"/api/v1/claims/{candidate.pk}/evidence/",
        {"article": other.pk, "start": 0, "end": 10, "stance": "mentions"},
        format="json",
        **if_match(candidate),
    )

    assert response.status_code == 201, response.content
    assert candidate.evidence.filter(article=other, start=0, end=10, stance="mentions").exists()
    again = token_client(editor).post(
        f"/api/v1/claims/{candidate.pk}/evidence/",
        {"article": other.pk, "start": 0, "end": 10},
        format="json",
        HTTP_IF_MATCH=response["ETag"],
    )
    assert again.status_code == 409


@pytest.mark.parametrize("persona", ["analyst", "api_client_user", "outsider"])
def test_only_editors_write(request, persona, candidate):
    client = token_client(request.getfixturevalue(persona))

    response = client.post(
        f"/api/v1/claims/{candidate.pk}/status/",
        {"status": "approved"},
        format="json",
        **if_match(candidate),
    )

    assert response.status_code == 403
    candidate.refresh_from_db()
    assert candidate.status == ReviewStatus.CANDIDATE


def test_anonymous_writes_are_a_401(candidate):
    response = APIClient().post(
        f"/api/v1/claims/{candidate.pk}/status/", {"status": "approved"}, format="json"
    )
    assert response.status_code == 401


def test_a_read_token_cannot_write_even_for_an_editor(editor, candidate):
    claim = candidate
    client = token_client(editor, scope=Scope.READ)

    response = client.post(
        f"/api/v1/claims/{claim.pk}/status/",
        {"status": "rejected"},
        format="json",
        HTTP_IF_MATCH=f'"claim-{claim.pk}-v{claim.version}"',
    )

    assert response.status_code == 403
    assert "read scope" in response.json()["detail"]
