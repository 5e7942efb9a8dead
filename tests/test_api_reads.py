"""Outlets, articles, evidence, deadlines and buckets: shapes, visibility, query counts."""

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from claims.models import Claim, Evidence
from tests.factories import approve_all, ingest_demo_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    caches["throttle"].clear()


@pytest.fixture
def published(demo_site, editor):
    return approve_all(ingest_demo_page(demo_site, "aggregator-feb.html"), editor)


def test_outlets_list_their_domains(published):
    body = APIClient().get("/api/v1/outlets/").json()

    assert body
    assert all(
        set(item) == {"id", "slug", "name", "name_en", "is_aggregator", "domains"} for item in body
    )
    assert any(item["domains"] for item in body)


def test_articles_are_metadata_only_and_only_cited_ones_for_the_public(
    published, demo_site, analyst
):
    unpublished = ingest_demo_page(demo_site, "riyadh-talks.html")

    public = APIClient().get("/api/v1/articles/").json()["results"]
    analyst_client = APIClient()
    analyst_client.force_authenticate(analyst)
    internal = analyst_client.get("/api/v1/articles/").json()["results"]

    assert unpublished.pk not in {item["id"] for item in public}
    assert unpublished.pk in {item["id"] for item in internal}
    assert set(public[0]) == {
        "id",
        "url",
        "title",
        "byline",
        "outlet",
        "published_at",
        "fetched_at",
        "is_aggregator",
        "encoding",
    }
    assert APIClient().get(f"/api/v1/articles/{unpublished.pk}/").status_code == 404
    assert analyst_client.get(f"/api/v1/articles/{unpublished.pk}/").status_code == 200


def test_evidence_of_published_claims_pages_by_id(published):
    expected = list(
        Evidence.objects.filter(claim__status="approved")
        .order_by("id")
        .values_list("id", flat=True)
    )
    client = APIClient()
    seen, url = [], "/api/v1/evidence/?page_size=3"
    while url:
        body = client.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url = body["next"]

    assert seen == expected
    one = client.get("/api/v1/evidence/", {"claim": published[0].pk}).json()["results"]
    assert {item["claim"] for item in one} == {published[0].pk}
    assert all(item["quote"] for item in one)


def test_evidence_list_answers_304_with_one_query(published, django_assert_num_queries):
    client = APIClient()
    first = client.get("/api/v1/evidence/")
    with django_assert_num_queries(1):
        assert client.get("/api/v1/evidence/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_deadlines_list_duration_and_before_claims(demo_site, editor):
    approve_all(ingest_demo_page(demo_site, "call-feb12.html"), editor)
    approve_all(ingest_demo_page(demo_site, "aggregator-feb.html"), editor)
    expected = set(
        Claim.objects.approved()
        .filter(date_precision__in=["before", "duration"], event_end__isnull=False)
        .values_list("pk", flat=True)
    )

    body = APIClient().get("/api/v1/deadlines/").json()

    assert {item["claim"] for item in body} == expected
    for item in body:
        assert item["state"] in {"open", "passed", "met"}
        assert item["due"]


def test_buckets_count_claims_per_issue_per_period_in_the_database(
    published, django_assert_num_queries
):
    params = {"by": "month", "date_from": "2025-01-01", "date_to": "2025-12-31"}
    expected: dict[tuple[str, str], int] = {}
    for claim in Claim.objects.approved().prefetch_related("issues"):
        when = claim.event_start or claim.event_end
        if when is None or when.year != 2025:
            continue
        for issue in claim.issues.all():
            key = (when.replace(day=1).isoformat(), issue.slug)
            expected[key] = expected.get(key, 0) + 1

    with django_assert_num_queries(2):  # the ETag, the grouped counts
        body = APIClient().get("/api/v1/timeline/buckets/", params).json()

    found = {
        (bucket["start"], slug): count
        for bucket in body["buckets"]
        for slug, count in bucket["counts"].items()
    }
    assert found == expected
    assert expected


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"by": "hour", "date_from": "2025-01-01", "date_to": "2025-02-01"}, "by"),
        ({"by": "day"}, "date_from"),
        ({"by": "day", "date_from": "2020-01-01", "date_to": "2025-01-01"}, "date_to"),
        ({"by": "week", "date_from": "2025-01-01", "date_to": "2025-02-01", "x": "1"}, "x"),
    ],
)
def test_bad_bucket_requests_are_a_400(params, name):
    response = APIClient().get("/api/v1/timeline/buckets/", params)
    assert response.status_code == 400
    assert name in response.json()
