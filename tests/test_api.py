import uuid

import pytest
from django.core.cache import caches
from django.core.management import call_command
from rest_framework.test import APIClient

from apitokens.services import create_token
from claims.models import Claim, ReviewStatus
from tests.conftest import missing_service
from tests.factories import approve_all, ingest_demo_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    caches["throttle"].clear()


@pytest.fixture
def token_client(api_client_user):
    _token, raw = create_token(user=api_client_user, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


@pytest.fixture
def call_article(demo_site):
    return ingest_demo_page(demo_site, "call-feb12.html")


def test_claims_endpoint_serves_only_approved_claims(token_client, call_article, editor):
    claims = list(Claim.objects.filter(evidence__article=call_article).order_by("pk"))
    assert len(claims) >= 3
    approved = claims[0]
    from claims.services import approve_claim

    approve_claim(claim=approved, user=editor, expected_version=approved.version)

    response = token_client.get("/api/v1/claims/")

    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["results"]] == [approved.pk]
    item = body["results"][0]
    assert item["text"] == approved.text
    assert item["evidence"][0]["quote"] in {e.exact for e in approved.evidence.all()}
    assert item["evidence"][0]["url"] == call_article.canonical_url
    assert set(item) >= {"issues", "actors", "event_date", "modality", "time_expression"}


def test_claims_endpoint_filters_by_issue(token_client, call_article, editor):
    approve_all(call_article, editor)
    approved = Claim.objects.approved()
    with_issue = approved.filter(issues__slug="negotiations_process").distinct()
    assert with_issue.exists()

    response = token_client.get("/api/v1/claims/", {"issue": "negotiations_process"})

    ids = {item["id"] for item in response.json()["results"]}
    assert ids == set(with_issue.values_list("pk", flat=True))
    for item in response.json()["results"]:
        assert "negotiations_process" in item["issues"]


def test_unknown_issue_filter_is_a_clear_400(token_client):
    response = token_client.get("/api/v1/claims/", {"issue": "no-such-issue"})

    assert response.status_code == 400
    assert "issue" in response.json()


def test_anonymous_and_roleless_users_read_published_claims_by_default(outsider):
    assert APIClient().get("/api/v1/claims/").status_code == 200
    client = APIClient()
    client.force_authenticate(outsider)
    assert client.get("/api/v1/claims/").status_code == 200


def test_anonymous_and_roleless_users_are_refused_when_public_read_is_off(outsider, settings):
    settings.RONTEN_PUBLIC_READ = False
    assert APIClient().get("/api/v1/claims/").status_code in {401, 403}
    client = APIClient()
    client.force_authenticate(outsider)
    assert client.get("/api/v1/claims/").status_code == 403


def test_editor_writes_need_valid_input_and_if_match(editor, call_article):
    client = APIClient()
    client.force_authenticate(editor)
    claim = Claim.objects.filter(evidence__article=call_article).first()

    response = client.post("/api/v1/claims/", {"text": "x"}, format="json")
    patch = client.patch(f"/api/v1/claims/{claim.pk}/", {"status": "approved"}, format="json")

    assert response.status_code == 400
    assert patch.status_code == 428
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.CANDIDATE


def test_claims_list_query_count_does_not_grow_with_rows(
    token_client, demo_site, editor, django_assert_num_queries, settings
):
    settings.RONTEN_PUBLISHED_CACHE_SECONDS = 0  # every request builds its page
    approve_all(ingest_demo_page(demo_site, "call-feb12.html"), editor)
    token_client.get("/api/v1/issues/")  # the token's last use is recorded once a minute
    # The token and its user, the newest change (the ETag), one page of claims, their issues,
    # actors and evidence (no roles: approved claims are public by default).
    with django_assert_num_queries(4) as small:
        token_client.get("/api/v1/claims/")
    approve_all(ingest_demo_page(demo_site, "riyadh-talks.html"), editor)
    approve_all(ingest_demo_page(demo_site, "aggregator-feb.html"), editor)
    assert Claim.objects.approved().count() > 15

    with django_assert_num_queries(len(small.captured_queries)):
        response = token_client.get("/api/v1/claims/")
    assert response.status_code == 200


def test_a_claims_page_is_built_once_per_change_of_the_claims(
    token_client, demo_site, editor, django_assert_num_queries
):
    approve_all(ingest_demo_page(demo_site, "call-feb12.html"), editor)
    token_client.get("/api/v1/issues/")
    first = token_client.get("/api/v1/claims/", {"page_size": 3})
    with django_assert_num_queries(2):  # the token and its user; the newest change
        again = token_client.get("/api/v1/claims/", {"page_size": 3})
    assert again.json() == first.json() and again["ETag"] == first["ETag"]

    approve_all(ingest_demo_page(demo_site, "riyadh-talks.html"), editor)
    changed = token_client.get("/api/v1/claims/", {"page_size": 3})
    assert changed["ETag"] != first["ETag"]
    assert changed.json() == APIClient().get("/api/v1/claims/", {"page_size": 3}).json()
    # candidates are rendered for editors only, and never handed to anyone else
    assert APIClient().get("/api/v1/claims/", {"status": "candidate"}).status_code in {401, 403}


def test_stored_pages_can_live_in_redis(
    token_client, demo_site, editor, settings, django_assert_num_queries
):
    broker = settings.CELERY_BROKER_URL
    if not broker.startswith("redis://"):
        missing_service("CELERY_BROKER_URL does not point at Redis")
    # The broker's own database, under a prefix of this test's (nothing else there is touched).
    settings.CACHES = {
        **settings.CACHES,
        "published": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": broker,
            "KEY_PREFIX": f"ronten-published-test-{uuid.uuid4().hex}",
        },
    }
    approve_all(ingest_demo_page(demo_site, "call-feb12.html"), editor)
    token_client.get("/api/v1/issues/")
    first = token_client.get("/api/v1/claims/", {"page_size": 3})
    assert type(caches["published"]).__name__ == "RedisCache"
    with django_assert_num_queries(2):  # the token and its user; the newest change
        again = token_client.get("/api/v1/claims/", {"page_size": 3})
    assert again.content == first.content


def test_openapi_schema_validates(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/v1/claims/" in text
    assert "List approved claims" in text


def test_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content


def test_list_and_detail_serve_the_same_payload(token_client, demo_site, editor):
    approve_all(ingest_demo_page(demo_site, "aggregator-feb.html"), editor)

    listed = token_client.get("/api/v1/claims/", {"page_size": 200}).json()["results"]

    assert listed
    for item in listed:
        assert token_client.get(f"/api/v1/claims/{item['id']}/").json() == item
    upstream = [e for item in listed for e in item["evidence"] if e["via"]]
    assert upstream
    for evidence in upstream:
        # Aggregator quotes name the cited outlet and URL, and the page they were read on.
        assert evidence["via"].startswith(demo_site.base_url)
        assert not evidence["url"].startswith(demo_site.base_url)
        assert evidence["outlet"] in {"ロイター", "NHK", "朝日新聞GLOBE+"}
