"""The admin cannot change a claim or its evidence behind the workspace's back."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims.models import Claim, ClaimHistory, Evidence
from tests.browsing import login
from tests.factories import ingest_demo_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(demo_site) -> Claim:
    article = ingest_demo_page(demo_site, "riyadh-talks.html")
    return Claim.objects.filter(evidence__article=article).order_by("pk").first()


def test_admin_cannot_change_a_claim_without_a_history_row(client, admin_user, claim):
    client.force_login(admin_user)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    history_before = ClaimHistory.objects.filter(claim=claim).count()

    page = client.get(url)
    response = client.post(
        url,
        {
            "text": "管理画面から書き換えた文",
            "modality": "asserted",
            "confidence": "1.0",
            "proposed_names": "[]",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "history-TOTAL_FORMS": "0",
            "history-INITIAL_FORMS": "0",
        },
    )

    assert page.status_code == 200
    assert reverse("review:claim", args=[claim.pk]) in page.content.decode()
    assert b'name="text"' not in page.content  # shown, not editable
    assert response.status_code == 403
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.text, stored.version) == (claim.text, claim.version)
    assert ClaimHistory.objects.filter(claim=claim).count() == history_before


def test_admin_cannot_add_delete_or_edit_evidence(client, admin_user, claim):
    client.force_login(admin_user)
    evidence = claim.evidence.get()

    responses = [
        client.get(reverse("admin:claims_claim_add")),
        client.post(reverse("admin:claims_claim_delete", args=[claim.pk]), {"post": "yes"}),
        client.post(
            reverse("admin:claims_claim_changelist"),
            {"action": "delete_selected", "_selected_action": [claim.pk], "post": "yes"},
        ),
        client.post(
            reverse("admin:claims_evidence_change", args=[evidence.pk]),
            {"exact": "改ざん", "start": "0", "end": "3", "stance": "refutes"},
        ),
        client.post(reverse("admin:claims_evidence_delete", args=[evidence.pk]), {"post": "yes"}),
    ]

    assert [r.status_code for r in responses][:2] == [403, 403]
    assert responses[3].status_code == 403 and responses[4].status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists()
    stored = Evidence.objects.get(pk=evidence.pk)
    assert (stored.exact, stored.stance) == (evidence.exact, evidence.stance)


def test_admin_still_reads_claims_and_evidence(client, admin_user, claim):
    client.force_login(admin_user)

    listing = client.get(reverse("admin:claims_claim_changelist"))
    evidence = client.get(reverse("admin:claims_evidence_changelist"))

    assert listing.status_code == 200 and evidence.status_code == 200
    assert claim.text[:20] in listing.content.decode()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_in_the_browser_shows_a_claim_read_only_with_a_link_to_the_workspace(
    browser, live_server, admin_user, demo_site
):
    article = ingest_demo_page(demo_site, "riyadh-talks.html")
    claim = Claim.objects.filter(evidence__article=article).order_by("pk").first()
    page = login(browser, live_server, admin_user.username)

    page.goto(f"{live_server.url}/admin/claims/claim/{claim.pk}/change/")

    expect(page.locator("textarea, input[name=text]")).to_have_count(0)
    expect(page.locator("input[type=submit][name=_save]")).to_have_count(0)
    page.locator(f"a[href='/review/claims/{claim.pk}/']").click()
    expect(page).to_have_url(f"{live_server.url}/review/claims/{claim.pk}/")
    assert Claim.objects.get(pk=claim.pk).version == claim.version
