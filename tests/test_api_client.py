"""The hand-written sync client in examples/, run against the live server."""

import importlib.util
from pathlib import Path

import httpx
import pytest
from django.core.cache import caches

from claims.models import Claim
from claims.services import approve_claim, edit_claim, merge_claims, reject_claim
from claims.services.review import ClaimChanges
from tests.factories import approve_all, ingest_demo_page

pytestmark = pytest.mark.django_db(transaction=True)

_spec = importlib.util.spec_from_file_location(
    "sync_client", Path(__file__).resolve().parent.parent / "examples" / "sync_client.py"
)
sync_client = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync_client)


def server_copy(base_url: str) -> dict[str, dict]:
    items, url = [], f"{base_url}/api/v1/claims/?page_size=200"
    while url:
        body = httpx.get(url).json()
        items += body["results"]
        url = body["next"]
    return {str(item["id"]): item for item in items}


def test_example_client_syncs_incrementally_against_the_live_server(live_server, demo_site, editor):
    caches["throttle"].clear()
    published = approve_all(ingest_demo_page(demo_site, "call-feb12.html"), editor)
    state = sync_client.sync(live_server.url, {}, page_size=2)
    assert state["claims"] == server_copy(live_server.url)
    first_since = state["since"]

    a, b, c = published[:3]
    edit_claim(
        claim=a,
        user=editor,
        expected_version=a.version,
        changes=ClaimChanges(text="電話会談の日付を訂正した主張。", modality=a.modality),
    )
    reject_claim(claim=b, user=editor, expected_version=b.version, reason="誤読")
    c.refresh_from_db()
    target = Claim.objects.get(pk=published[3].pk)
    merge_claims(
        target=target,
        sources=[c],
        user=editor,
        expected_versions={target.pk: target.version, c.pk: c.version},
    )
    talks = ingest_demo_page(demo_site, "riyadh-talks.html")
    fresh = Claim.objects.filter(evidence__article=talks).first()
    approve_claim(claim=fresh, user=editor, expected_version=fresh.version)

    state = sync_client.sync(live_server.url, state, page_size=2)

    assert state["claims"] == server_copy(live_server.url)
    assert state["since"] >= first_since
    assert state["claims"][str(a.pk)]["text"] == "電話会談の日付を訂正した主張。"
    assert str(b.pk) not in state["claims"] and str(c.pk) not in state["claims"]
    assert str(fresh.pk) in state["claims"]
