"""Duplicates across articles proposed in the inbox, merged as a group or by hand."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims import selectors
from claims.models import Claim, DistinctClaims, ReviewStatus
from tests.browsing import login
from tests.factories import ingest_demo_page

pytestmark = pytest.mark.django_db

DEMO_PAGES = [
    "aggregator-feb.html",
    "call-feb12.html",
    "energy-ceasefire.html",
    "german-election.html",
    "kellogg-sjis.html",
    "minerals-deal.html",
    "munich-eucjp.html",
    "riyadh-talks.html",
]


@pytest.fixture
def demo(demo_site) -> None:
    for name in DEMO_PAGES:
        ingest_demo_page(demo_site, name)


def the_february_12_call() -> set[int]:
    """Every claim that reports Trump's and Putin's call of 12 February 2025 itself."""
    return {
        claim.pk
        for claim in Claim.objects.filter(
            event_start="2025-02-12", actors__slug="putin", text__contains="電話"
        ).filter(actors__slug="trump")
        if "一致" in claim.text
    }


def test_the_february_12_demo_duplicates_are_proposed_as_one_merge_group(demo, editor):
    call = the_february_12_call()
    assert len(call) >= 3  # told in three different ways by the demo pages

    proposals = selectors.proposed_merges(editor)

    groups = [{claim.pk for claim in proposal.claims} for proposal in proposals]
    assert call in groups
    # The talks that followed the call, and Trump's call with Zelensky the same day, are
    # other events: never in the call's group.
    followed = set(
        Claim.objects.filter(text__contains="電話会談を受けた協議").values_list("pk", flat=True)
    )
    zelensky = set(
        Claim.objects.filter(event_start="2025-02-12", actors__slug="zelensky").values_list(
            "pk", flat=True
        )
    )
    assert followed and zelensky
    assert not (followed | zelensky) & call
    assert all(proposal.articles >= 2 for proposal in proposals)


def test_inbox_proposals_keep_their_query_count_as_claims_grow(
    demo_site, editor, client, django_assert_num_queries
):
    client.force_login(editor)
    url = reverse("review:duplicates")
    ingest_demo_page(demo_site, "riyadh-talks.html")
    ingest_demo_page(demo_site, "aggregator-feb.html")
    # The same queries however many claims there are: the pool, its prefetches, evidence,
    # the pairs told apart.
    with django_assert_num_queries(13):
        client.get(url, HTTP_HX_REQUEST="true")
    for name in ("call-feb12.html", "energy-ceasefire.html", "minerals-deal.html"):
        ingest_demo_page(demo_site, name)

    with django_assert_num_queries(13):
        response = client.get(url, HTTP_HX_REQUEST="true")

    assert response.content.decode().count('class="merge-group"') >= 2


def test_editor_merges_a_proposed_group_into_the_claim_kept(demo, editor, client):
    call = sorted(the_february_12_call())
    claims = {claim.pk: claim for claim in Claim.objects.filter(pk__in=call)}
    keep = claims[call[0]]
    client.force_login(editor)

    response = client.post(
        reverse("review:merge-group"),
        {
            "target": f"{keep.pk}:{keep.version}",
            "sources": [f"{pk}:{claims[pk].version}" for pk in call],
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("review:claim", args=[keep.pk])
    statuses = dict(Claim.objects.filter(pk__in=call).values_list("pk", "status"))
    assert statuses == {pk: ReviewStatus.MERGED for pk in call[1:]} | {keep.pk: keep.status}
    assert not any(
        set(call) & {claim.pk for claim in proposal.claims}
        for proposal in selectors.proposed_merges(editor)
    )


def test_editor_turns_down_a_proposed_group_and_it_is_not_proposed_again(demo, editor, client):
    call = sorted(the_february_12_call())
    client.force_login(editor)
    page = client.get(reverse("review:duplicates")).content.decode()
    assert 'class="secondary mark-distinct"' in page
    choice = {"target": f"{call[0]}:1", "sources": [f"{pk}:1" for pk in call[1:]]}

    response = client.post(reverse("review:mark-distinct"), choice)

    assert response.status_code == 302
    assert DistinctClaims.objects.count() == len(call) * (len(call) - 1) // 2
    proposed = [{claim.pk for claim in p.claims} for p in selectors.proposed_merges(editor)]
    assert not any(len(group & set(call)) >= 2 for group in proposed)
    # the claims themselves are untouched, and saying it twice records nothing new
    assert set(Claim.objects.filter(pk__in=call).values_list("version", flat=True)) == {1}
    client.post(reverse("review:mark-distinct"), choice)
    assert DistinctClaims.objects.count() == len(call) * (len(call) - 1) // 2


def test_proposals_can_be_looked_for_among_the_claims_of_a_date_range(demo, editor, client):
    call = the_february_12_call()
    client.force_login(editor)
    url = reverse("review:duplicates")

    february = client.get(url, {"dated_from": "2025-02-01", "dated_to": "2025-02-28"})
    before = client.get(url, {"dated_to": "2024-12-31"}, HTTP_HX_REQUEST="true")
    backwards = client.get(url, {"dated_from": "2025-03-01", "dated_to": "2025-02-01"})

    groups = [{claim.pk for claim in p.claims} for p in february.context["proposals"]]
    assert call in groups
    assert all(
        claim.event_start.month == 2 for p in february.context["proposals"] for claim in p.claims
    )
    assert before.status_code == 200 and 'class="merge-group"' not in before.content.decode()
    assert backwards.status_code == 400
    assert "期間の終わりが始まりより前になっています。" in backwards.content.decode()


def test_analyst_sees_proposals_but_cannot_merge_them(demo, analyst, client):
    call = sorted(the_february_12_call())
    client.force_login(analyst)

    page = client.get(reverse("review:duplicates"))
    refused = client.post(
        reverse("review:merge-group"),
        {"target": f"{call[0]}:1", "sources": [f"{pk}:1" for pk in call]},
    )

    assert page.status_code == 200 and b"merge-group-submit" not in page.content
    assert refused.status_code == 403
    assert (
        client.post(reverse("review:mark-distinct"), {"target": f"{call[0]}:1"}).status_code == 403
    )


def test_any_two_claims_merge_by_hand_from_the_claim_page(demo_site, editor, client):
    riyadh = ingest_demo_page(demo_site, "riyadh-talks.html")
    first, second = Claim.objects.filter(evidence__article=riyadh).order_by("pk")[:2]
    client.force_login(editor)

    picked = client.get(
        reverse("review:picker"),
        {"q": second.text[:8], "purpose": "merge", "exclude": first.pk},
    ).content.decode()
    response = client.post(
        reverse("review:merge", args=[first.pk]),
        {"version": first.version, "sources": f"{second.pk}:{second.version}"},
    )

    assert f'name="sources" value="{second.pk}:{second.version}"' in picked
    assert f'value="{first.pk}:' not in picked
    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.status, second.merged_into_id) == (ReviewStatus.MERGED, first.pk)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_merges_the_february_12_call_from_the_inbox_and_a_claim_by_hand(
    browser, live_server, editor, demo
):
    call = sorted(the_february_12_call())
    page = login(browser, live_server, editor.username)

    page.goto(f"{live_server.url}/review/")
    group = page.locator(".merge-group").filter(has=page.locator(f"tr[data-claim='{call[0]}']"))
    expect(group.locator("tr[data-claim]")).to_have_count(len(call))
    group.locator("button.merge-group-submit").click()
    expect(page.locator(".merged-claims li[data-claim]")).to_have_count(len(call) - 1)
    kept = int(page.locator(".claim-page").get_attribute("data-claim"))
    assert Claim.objects.filter(merged_into_id=kept).count() == len(call) - 1

    other = Claim.objects.filter(text__contains="ゼレンスキー大統領とも電話").order_by("pk").first()
    page.locator(".merge-by-hand input.merge-query").fill("ゼレンスキー 電話")
    page.locator(f"#merge-picker-results input[value='{other.pk}:{other.version}']").check()
    page.locator("button.merge-by-hand-submit").click()
    expect(page.locator(f".merged-claims li[data-claim='{other.pk}']")).to_be_visible()
