"""The services' domain errors become HTTP in one place each (`claims.middleware` for the
pages, `timeline.api.exception_handler` for the API), with the same status on every path:
a refused change is a 409, a withdrawal without its reason a 422 on the pages (a 400 naming the
field in the API), a passage outside the text a 400."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apitokens.models import Scope
from apitokens.services import create_token
from claims import services
from claims.models import Claim, ReviewStatus
from curation.models import Article
from tests.factories import ingest_demo_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HTMX = {"HX-Request": "true"}


@pytest.fixture
def riyadh(demo_site) -> Article:
    return ingest_demo_page(demo_site, "riyadh-talks.html")


@pytest.fixture
def merged(riyadh, editor) -> Claim:
    """A claim merged into another: its state refuses approval."""
    target, source = Claim.objects.filter(evidence__article=riyadh).order_by("pk")[:2]
    services.merge_claims(
        target=target,
        sources=[source],
        user=editor,
        expected_versions={target.pk: target.version, source.pk: source.version},
    )
    source.refresh_from_db()
    return source


@pytest.fixture
def published(riyadh, editor) -> Claim:
    claim = Claim.objects.filter(evidence__article=riyadh).order_by("pk").first()
    return services.approve_claim(claim=claim, user=editor, expected_version=claim.version)


def api(user) -> APIClient:
    _token, raw = create_token(user=user, name="tests", scope=Scope.WRITE)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


def test_a_refused_transition_through_htmx_is_a_409_card_saying_why(client, editor, merged):
    client.force_login(editor)

    response = client.post(
        reverse("review:approve", args=[merged.pk]), {"version": merged.version}, headers=HTMX
    )

    body = response.content.decode()
    assert response.status_code == 409
    assert f'id="claim-{merged.pk}"' in body and "conflict-page" not in body
    assert "a merged claim cannot become approved" in body


def test_a_refused_transition_on_a_full_page_is_a_409_page_saying_why(client, editor, merged):
    client.force_login(editor)

    response = client.post(reverse("review:approve", args=[merged.pk]), {"version": merged.version})

    body = response.content.decode()
    assert response.status_code == 409
    assert "conflict-page" in body
    assert "a merged claim cannot become approved" in body
    merged.refresh_from_db()
    assert merged.status == ReviewStatus.MERGED


def test_a_refused_transition_through_the_api_is_a_409(editor, merged):
    response = api(editor).post(
        f"/api/v1/claims/{merged.pk}/status/",
        {"status": "approved"},
        format="json",
        HTTP_IF_MATCH=f'"claim-{merged.pk}-v{merged.version}"',
    )

    assert response.status_code == 409
    assert "merged" in response.json()["detail"]


def test_undoing_a_merge_of_a_claim_never_merged_is_a_409_page(client, editor, published):
    client.force_login(editor)

    response = client.post(
        reverse("review:unmerge", args=[published.pk]), {"version": published.version}
    )

    assert response.status_code == 409
    assert "only a merged claim can be unmerged" in response.content.decode()
    published.refresh_from_db()
    assert published.status == ReviewStatus.APPROVED


def test_withdrawing_without_a_reason_on_a_full_page_is_a_422_asking_for_it(
    client, editor, published
):
    client.force_login(editor)

    response = client.post(
        reverse("review:reject", args=[published.pk]), {"version": published.version}
    )

    assert response.status_code == 422
    assert "conflict-page" in response.content.decode()
    published.refresh_from_db()
    assert published.status == ReviewStatus.APPROVED


def test_withdrawing_without_a_reason_through_the_api_is_a_400_naming_the_field(editor, published):
    response = api(editor).post(
        f"/api/v1/claims/{published.pk}/status/",
        {"status": "rejected"},
        format="json",
        HTTP_IF_MATCH=f'"claim-{published.pk}-v{published.version}"',
    )

    assert response.status_code == 400
    assert "reason" in response.json()
    published.refresh_from_db()
    assert published.status == ReviewStatus.APPROVED


def test_a_selection_outside_the_text_is_a_400_on_the_page_and_in_the_api(client, editor, riyadh):
    beyond = len(riyadh.text) + 10
    client.force_login(editor)

    page = client.post(
        reverse("review:select", args=[riyadh.pk]),
        {"start": beyond - 5, "end": beyond},
    )
    through_api = api(editor).post(
        "/api/v1/claims/",
        {"article": riyadh.pk, "start": beyond - 5, "end": beyond},
        format="json",
    )

    assert page.status_code == 400
    assert "outside the article text" in page.content.decode()
    assert through_api.status_code == 400
    assert "outside the article text" in through_api.json()["end"][0]


def test_a_stale_edit_through_htmx_keeps_what_the_editor_typed(
    client, editor, second_editor, riyadh
):
    claim = Claim.objects.filter(evidence__article=riyadh).order_by("pk").first()
    services.edit_claim(
        claim=claim,
        user=second_editor,
        expected_version=claim.version,
        changes=services.ClaimChanges(text="先に保存された文"),
    )
    client.force_login(editor)

    response = client.post(
        reverse("review:edit", args=[claim.pk]),
        {"version": 1, "text": "あとから打ち込んだ文", "modality": "asserted"},
        headers=HTMX,
    )

    body = response.content.decode()
    assert response.status_code == 409
    assert "先に保存された文" in body and "あとから打ち込んだ文" in body
    assert 'name="version" value="2"' in body


def test_the_answers_that_differ_for_htmx_say_so_in_vary(client, editor, merged):
    client.force_login(editor)

    response = client.post(reverse("review:approve", args=[merged.pk]), {"version": merged.version})

    assert response.status_code == 409
    assert "HX-Request" in response["Vary"]
