"""Keyset pages and incremental sync: a client's copy converges on the server's."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from claims.models import Claim, ReviewStatus
from claims.services import (
    approve_claim,
    attach_evidence,
    edit_claim,
    merge_claims,
    reject_claim,
    reopen_claim,
    unmerge_claim,
)
from claims.services.review import ClaimChanges
from tests.factories import approve_all, ingest_demo_page
from timeline.sync import parse_changed_since

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    caches["throttle"].clear()


def walk(client: APIClient, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every item of a keyset-paged list, following `next`."""
    items: list[dict[str, Any]] = []
    response = client.get("/api/v1/claims/", params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        items += body["results"]
        if not body["next"]:
            return items
        response = client.get(body["next"])


class SyncingClient:
    """What a careful client does: upsert `results`, delete `removed`, keep the token."""

    def __init__(self, client: APIClient) -> None:
        self.client = client
        self.copy: dict[int, dict[str, Any]] = {}
        self.since = "2000-01-01T00:00:00Z"

    def sync(self) -> None:
        response = self.client.get("/api/v1/claims/", {"changed_since": self.since, "page_size": 3})
        while True:
            assert response.status_code == 200, response.content
            body = response.json()
            for item in body["results"]:
                self.copy[item["id"]] = item
            for gone in body["removed"]:
                self.copy.pop(gone["id"], None)
            if not body["next"]:
                self.since = body["next_changed_since"]
                return
            response = self.client.get(body["next"])


def server_copy(client: APIClient) -> dict[int, dict[str, Any]]:
    return {item["id"]: item for item in walk(client, {"page_size": 200})}


def test_timeline_pages_walk_every_claim_once_in_order(demo_site, editor):
    for page in ("call-feb12.html", "riyadh-talks.html", "aggregator-feb.html"):
        approve_all(ingest_demo_page(demo_site, page), editor)
    client = APIClient()

    paged = walk(client, {"page_size": 4})
    whole = client.get("/api/v1/claims/", {"page_size": 200}).json()

    assert whole["next"] is None
    assert [item["id"] for item in paged] == [item["id"] for item in whole["results"]]
    assert len(paged) == Claim.objects.approved().count()
    # By the start of the span, or the bound of an open one ("before …"); undated last.
    keys = [item["event_date"]["start"] or item["event_date"]["end"] for item in paged]
    dated = [key for key in keys if key is not None]
    assert dated == sorted(dated)
    assert keys == dated + [None] * (len(keys) - len(dated))


def test_query_count_is_the_same_for_small_and_large_tables(demo_site, editor, settings):
    """The 10k-vs-1M test at small scale: rows grow, queries per page do not."""
    settings.RONTEN_PUBLISHED_CACHE_SECONDS = 0  # every request builds its page
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = APIClient()
    approve_all(ingest_demo_page(demo_site, "call-feb12.html"), editor)
    deep = client.get("/api/v1/claims/", {"page_size": 2}).json()["next"]
    requests = [
        ("/api/v1/claims/", {"page_size": 2}),
        (deep, {}),
        ("/api/v1/claims/", {"page_size": 2, "issue": "negotiations_process"}),
        ("/api/v1/claims/", {"page_size": 2, "date_from": "2025-01-01", "date_to": "2025-12-31"}),
        ("/api/v1/claims/", {"changed_since": "2000-01-01T00:00:00Z", "page_size": 2}),
    ]

    def counts() -> list[int]:
        found = []
        for path, params in requests:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path, params).status_code == 200
            found.append(len(queries))
        return found

    small = counts()
    for page in ("riyadh-talks.html", "aggregator-feb.html", "minerals-deal.html"):
        approve_all(ingest_demo_page(demo_site, page), editor)
    assert Claim.objects.approved().count() > 30

    # The newest change (the ETag), the page, its issues, actors and evidence (+1 to check an
    # issue slug); a sync page the same.
    assert small == [3, 3, 4, 3, 3]
    assert counts() == small


def test_sync_replayed_against_a_sequence_of_edits_converges(demo_site, editor):
    call = ingest_demo_page(demo_site, "call-feb12.html")
    talks = ingest_demo_page(demo_site, "riyadh-talks.html")
    published = approve_all(call, editor)
    waiting = list(
        Claim.objects.candidates().filter(evidence__article=talks).distinct().order_by("pk")
    )
    api = APIClient()
    mirror = SyncingClient(api)
    mirror.sync()
    assert mirror.copy == server_copy(api)
    assert mirror.copy

    def fresh(claim: Claim) -> Claim:
        return Claim.objects.get(pk=claim.pk)

    a, b, c, d = (fresh(claim) for claim in published[:4])
    edits = [
        lambda: edit_claim(
            claim=fresh(a),
            user=editor,
            expected_version=fresh(a).version,
            changes=ClaimChanges(
                text=a.text + "(訂正)",
                modality="reported",
                issue_slugs=("territory",),
                actor_slugs=("putin",),
            ),
        ),
        lambda: reject_claim(
            claim=fresh(b), user=editor, expected_version=fresh(b).version, reason="重複"
        ),
        lambda: reopen_claim(
            claim=fresh(c), user=editor, expected_version=fresh(c).version, reason="日付の確認"
        ),
        lambda: [
            approve_claim(claim=fresh(claim), user=editor, expected_version=fresh(claim).version)
            for claim in waiting[:3]
        ],
        lambda: merge_claims(
            target=fresh(d),
            sources=[fresh(waiting[0])],
            user=editor,
            expected_versions={d.pk: fresh(d).version, waiting[0].pk: fresh(waiting[0]).version},
        ),
        lambda: attach_evidence(
            claim=fresh(d),
            article=talks,
            start=0,
            end=12,
            stance="mentions",
            user=editor,
            expected_version=fresh(d).version,
        ),
        lambda: unmerge_claim(source=fresh(waiting[0]), user=editor),
        lambda: approve_claim(claim=fresh(b), user=editor, expected_version=fresh(b).version),
    ]
    for step, make_edit in enumerate(edits):
        make_edit()
        mirror.sync()
        assert mirror.copy == server_copy(api), f"after edit {step}"

    assert a.pk in mirror.copy and mirror.copy[a.pk]["text"].endswith("(訂正)")
    assert c.pk not in mirror.copy
    assert fresh(waiting[0]).status == ReviewStatus.APPROVED


def test_merged_claims_come_back_as_tombstones_naming_the_target(demo_site, editor):
    target, source = approve_all(ingest_demo_page(demo_site, "call-feb12.html"), editor)[:2]
    since = APIClient().get("/api/v1/claims/", {"changed_since": "2000-01-01T00:00:00Z"}).json()

    merge_claims(
        target=target,
        sources=[source],
        user=editor,
        expected_versions={target.pk: target.version, source.pk: source.version},
    )
    body = APIClient().get("/api/v1/claims/", {"changed_since": since["next_changed_since"]}).json()

    assert {"id": source.pk, "status": "merged", "merged_into": target.pk} == {
        key: value for key, value in body["removed"][0].items() if key != "updated_at"
    }
    assert target.pk in {item["id"] for item in body["results"]}


def test_changed_since_without_an_offset_is_read_as_utc():
    assert parse_changed_since("2025-03-01T09:30:00") == datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    assert parse_changed_since("2025-03-01T09:30:00+09:00") == datetime(
        2025, 3, 1, 0, 30, tzinfo=UTC
    )
