"""The API as HTTP: strict parameters, conditional requests, throttling, CORS, tokens."""

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from apitokens.models import ApiToken, Scope
from apitokens.services import create_token, revoke_token
from claims.models import Claim
from claims.services import edit_claim
from claims.services.review import ClaimChanges
from tests.factories import approve_all, ingest_demo_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    caches["throttle"].clear()
    yield
    caches["throttle"].clear()


@pytest.fixture
def published(demo_site, editor):
    return approve_all(ingest_demo_page(demo_site, "call-feb12.html"), editor)


def token_client(user, scope=Scope.READ):
    _token, raw = create_token(user=user, name="tests", scope=scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


# Strict parameters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [{"ordering": "-id"}, {"fields": "id"}, {"page": "2"}, {"issue": "territory", "sort": "x"}],
)
def test_unknown_query_parameters_are_a_400_naming_them(params):
    response = APIClient().get("/api/v1/claims/", params)

    assert response.status_code == 400
    unknown = set(params) - {"issue"}
    assert set(response.json()) == unknown
    for name in unknown:
        assert response.json()[name] == ["Unknown query parameter."]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "201"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"changed_since": "yesterday"}, "changed_since"),
        ({"changed_since": "2025-01-01T00:00:00Z", "issue": "territory"}, "issue"),
        ({"date_from": "2025-13-01"}, "date_from"),
        ({"modality": "rumoured"}, "modality"),
        ({"status": "rejected"}, "status"),
    ],
)
def test_bad_values_are_a_400_naming_the_parameter(params, name):
    response = APIClient().get("/api/v1/claims/", params)

    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.parametrize(
    "since",
    [
        # ISO 8601 allows offsets PostgreSQL refuses (beyond 15:59): a 500 once, found by the
        # stateful schemathesis test.
        "2025-01-01T00:00:00+18:08",
        "2025-01-01T00:00:00",  # no offset: read as UTC (a 500 once too)
    ],
)
def test_a_sync_since_any_iso_8601_time_is_answered(published, since):
    response = APIClient().get("/api/v1/claims/", {"changed_since": since})

    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == len(published)


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_a_sync_since_a_time_outside_the_calendar_in_utc_is_a_400(since):
    response = APIClient().get("/api/v1/claims/", {"changed_since": since})

    assert response.status_code == 400
    assert set(response.json()) == {"changed_since"}


def test_a_timeline_cursor_is_refused_by_the_sync(published):
    first = APIClient().get("/api/v1/claims/", {"page_size": 1}).json()
    cursor = first["next"].split("cursor=")[1]

    response = APIClient().get(
        "/api/v1/claims/", {"changed_since": "2020-01-01T00:00:00Z", "cursor": cursor}
    )

    assert response.status_code == 400
    assert "cursor" in response.json()


@pytest.mark.parametrize(
    "params", [{"outlet": "a\x00b"}, {"q": "\x00"}, {"actor": "x\x00"}, {"issue": "\x00"}]
)
def test_a_nul_byte_in_a_parameter_is_a_400_not_a_500(params):
    for path in ("/api/v1/claims/", "/api/v1/deadlines/"):
        response = APIClient().get(path, params)
        assert response.status_code == 400
        assert set(response.json()) == set(params)


@pytest.mark.parametrize("path", ["/api/v1/issues/%00/", "/api/v1/actors/%00/"])
def test_a_nul_byte_in_a_slug_is_a_404_not_a_500(path):
    assert APIClient().get(path).status_code == 404


def test_candidates_are_refused_to_anonymous_and_api_clients(published, api_client_user):
    assert APIClient().get("/api/v1/claims/", {"status": "candidate"}).status_code == 403
    client = token_client(api_client_user)
    assert client.get("/api/v1/claims/", {"status": "candidate"}).status_code == 403


def test_editors_list_candidates(demo_site, editor):
    article = ingest_demo_page(demo_site, "riyadh-talks.html")
    candidates = set(Claim.objects.filter(evidence__article=article).values_list("pk", flat=True))

    body = token_client(editor).get("/api/v1/claims/", {"status": "candidate"}).json()

    assert {item["id"] for item in body["results"]} == candidates
    assert {item["status"] for item in body["results"]} == {"candidate"}


# Conditional requests --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/claims/", "/api/v1/claims/?issue=negotiations_process", "/api/v1/issues/"]
)
def test_every_read_has_validators_and_answers_304(published, path, django_assert_num_queries):
    client = APIClient()
    first = client.get(path)
    assert first.status_code == 200
    assert first["ETag"]

    with django_assert_num_queries(1):
        again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert not again.content


def test_claim_detail_answers_304_with_one_query(published, django_assert_num_queries):
    claim = published[0]
    client = APIClient()
    first = client.get(f"/api/v1/claims/{claim.pk}/")
    assert first["ETag"] == f'"claim-{claim.pk}-v{claim.version}"'
    assert first["Last-Modified"]

    with django_assert_num_queries(1):
        again = client.get(f"/api/v1/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_an_edit_changes_the_validators(published, editor):
    client = APIClient()
    before = client.get("/api/v1/claims/")
    claim = published[0]
    edit_claim(
        claim=claim,
        user=editor,
        expected_version=claim.version,
        changes=ClaimChanges(text=claim.text + "(訂正)", modality=claim.modality),
    )

    after = client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    edited = next(item for item in after.json()["results"] if item["id"] == claim.pk)
    assert edited["text"].endswith("(訂正)")


def test_if_modified_since_answers_304(published):
    client = APIClient()
    first = client.get("/api/v1/claims/")

    again = client.get("/api/v1/claims/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304


# Throttling and CORS ---------------------------------------------------------------------


def test_anonymous_readers_are_throttled_per_address_and_tokens_get_more(settings, api_client_user):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "3/min", "token": "6/min"},
    }
    from rest_framework.throttling import SimpleRateThrottle

    # DRF reads the rates once, into the class.
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    try:
        anonymous = [APIClient().get("/api/v1/issues/").status_code for _ in range(4)]
        other_address = APIClient().get("/api/v1/issues/", REMOTE_ADDR="10.0.0.9")
        client = token_client(api_client_user)
        with_token = [client.get("/api/v1/issues/").status_code for _ in range(7)]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original

    assert anonymous == [200, 200, 200, 429]
    assert other_address.status_code == 200
    assert with_token == [200] * 6 + [429]


def test_cors_allows_configured_origins_only(settings, published):
    settings.CORS_ALLOWED_ORIGINS = ["https://dash.example.org"]
    client = APIClient()

    allowed = client.get("/api/v1/claims/", HTTP_ORIGIN="https://dash.example.org")
    other = client.get("/api/v1/claims/", HTTP_ORIGIN="https://evil.example.com")
    preflight = client.options(
        "/api/v1/claims/",
        HTTP_ORIGIN="https://dash.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )

    assert allowed["Access-Control-Allow-Origin"] == "https://dash.example.org"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in other
    assert preflight["Access-Control-Allow-Origin"] == "https://dash.example.org"
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]


# Tokens ----------------------------------------------------------------------------------


def test_tokens_are_stored_hashed_and_record_their_last_use(api_client_user):
    token, raw = create_token(user=api_client_user, name="dashboard")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in {stored.digest, stored.token_key}
    assert raw not in str(list(ApiToken.objects.values_list()))
    assert stored.last_used_at is None

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert client.get("/api/v1/claims/").status_code == 200

    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_a_revoked_or_unknown_token_is_a_401(api_client_user):
    token, raw = create_token(user=api_client_user, name="old")
    revoke_token(token=token)
    client = APIClient()

    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert client.get("/api/v1/claims/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Token rtn_0000000000000000")
    assert client.get("/api/v1/claims/").status_code == 401


def test_settings_page_creates_shows_once_and_revokes(client, editor):
    client.force_login(editor)

    created = client.post("/accounts/tokens/", {"name": "notebook", "scope": "write"})

    token = ApiToken.objects.get(user=editor)
    shown = created.context["new_token"]
    assert shown.startswith(token.token_key)
    assert token.scope == Scope.WRITE
    listing = client.get("/accounts/tokens/")
    assert shown not in listing.content.decode()
    assert "notebook" in listing.content.decode()

    client.post(f"/accounts/tokens/{token.token_key}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_settings_page_offers_api_clients_read_tokens_only(client, api_client_user):
    client.force_login(api_client_user)

    response = client.post("/accounts/tokens/", {"name": "x", "scope": "write"})

    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert "scope" in response.context["form"].errors


def test_admin_creates_a_token_and_shows_it_once(client, admin_user, api_client_user):
    client.force_login(admin_user)

    response = client.post(
        "/admin/apitokens/apitoken/add/",
        {"user": api_client_user.pk, "name": "partner", "scope": "read"},
        follow=True,
    )

    token = ApiToken.objects.get(user=api_client_user)
    shown = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("Token (shown once): " + token.token_key) for m in shown)


def test_drf_tokens_are_migrated_to_hashed_tokens(api_client_user):
    """The data migration, run again on a clear DRF token: it keeps working, hashed."""
    from importlib import import_module

    from django.apps import apps as global_apps
    from rest_framework.authtoken.models import Token

    clear = Token.objects.create(user=api_client_user)
    migration = import_module("apitokens.migrations.0002_hash_drf_tokens")

    migration.hash_drf_tokens(global_apps, None)

    assert not Token.objects.exists()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {clear.key}")
    assert client.get("/api/v1/claims/").status_code == 200
    assert ApiToken.objects.get(user=api_client_user).scope == Scope.READ


def test_openapi_documents_enums_errors_and_pages(client):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    components = schema["components"]["schemas"]

    assert set(components["ModalityEnum"]["enum"]) == {
        "asserted",
        "reported",
        "planned",
        "speculative",
        "denied",
    }
    assert "month_part" in components["DatePrecisionEnum"]["enum"]
    assert {"supports", "contradicts", "mentions"} <= set(components["StanceEnum"]["enum"])
    claims = schema["paths"]["/api/v1/claims/"]
    assert set(claims["get"]["responses"]) >= {"200", "304", "400", "401", "403", "404", "429"}
    page = claims["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert page == {"$ref": "#/components/schemas/ClaimPage"}
    edit = schema["paths"]["/api/v1/claims/{id}/"]["patch"]
    assert {"409", "412", "415", "428"} <= set(edit["responses"])
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in edit["parameters"])
    assert "examples" in edit["responses"]["412"]["content"]["application/json"]


def test_openapi_links_a_claim_answer_to_its_writes_with_its_etag(client):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    read = schema["paths"]["/api/v1/claims/{id}/"]["get"]["responses"]["200"]
    created = schema["paths"]["/api/v1/claims/"]["post"]["responses"]["201"]

    assert read["links"]["EditClaim"] == {
        "operationId": "v1_claims_partial_update",
        "parameters": {"path.id": "$response.body#/id", "header.If-Match": "$response.header.ETag"},
        "description": "Edit this version of the claim.",
    }
    assert created["links"] == read["links"]
    assert set(read["links"]) == {"GetClaim", "EditClaim", "ChangeClaimStatus", "AttachEvidence"}
    assert "ETag" in read["headers"]
    operation_ids = {op["operationId"] for item in schema["paths"].values() for op in item.values()}
    assert {link["operationId"] for link in read["links"].values()} <= operation_ids


@pytest.mark.parametrize("path", ["/api/v1/claims/abc/", "/api/v1/nothing-here/"])
def test_an_api_address_no_route_matches_is_a_json_404(path):
    # The site's HTML 404 page once answered here: found by the stateful schemathesis test.
    response = APIClient().get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_a_page_no_route_matches_is_still_the_sites_html_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
