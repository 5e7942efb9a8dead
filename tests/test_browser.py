"""The editor's and the analyst's day in real Chromium (Playwright, Debian's chromium)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from claims.models import Claim, ReviewStatus
from tests.browsing import ARTIFACTS, login
from tests.factories import ingest_demo_page

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_editor_approves_a_claim_and_finds_it_on_the_filtered_timeline(
    browser, live_server, editor, demo_site
):
    article = ingest_demo_page(demo_site, "minerals-deal.html")
    claim = (
        Claim.objects.filter(evidence__article=article, issues__slug="minerals_deal")
        .order_by("pk")
        .first()
    )
    assert claim is not None
    page = login(browser, live_server, editor.username)

    page.goto(f"{live_server.url}/review/")
    page.click(f"tr[data-article='{article.pk}'] a")
    card = page.locator(f"#claim-{claim.pk}")
    expect(card).to_contain_text(claim.text[:20])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reader.png"), full_page=True)
    card.locator("button.approve").click()
    expect(page.locator(f"#claim-{claim.pk}")).to_have_attribute("data-status", "approved")

    page.goto(f"{live_server.url}/timeline/")
    page.click("a[data-issue='minerals_deal']")
    expect(page.locator(f"li[data-claim='{claim.pk}']")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/timeline/?issue=minerals_deal")
    page.screenshot(path=str(ARTIFACTS / "timeline.png"), full_page=True)
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.APPROVED


def test_keyboard_review_approves_and_rejects(browser, live_server, editor, demo_site):
    article = ingest_demo_page(demo_site, "riyadh-talks.html")
    claims = list(Claim.objects.filter(evidence__article=article).order_by("evidence__start"))
    page = login(browser, live_server, editor.username)
    page.goto(f"{live_server.url}/review/articles/{article.pk}/")

    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.locator(f"#claim-{claims[0].pk}")).to_have_attribute("data-status", "approved")
    # The focus moves on to the next claim awaiting a decision by itself.
    expect(page.locator(f"#claim-{claims[1].pk}")).to_have_class(re.compile(r"\bfocus\b"))
    page.keyboard.press("r")
    expect(page.locator(f"#claim-{claims[1].pk}")).to_have_attribute("data-status", "rejected")
    page.keyboard.press("?")
    expect(page.locator("#keys-help")).to_be_visible()


def test_analyst_sees_no_approve_button_and_a_forged_post_is_refused(
    browser, live_server, analyst, demo_site
):
    article = ingest_demo_page(demo_site, "call-feb12.html")
    claim = Claim.objects.filter(evidence__article=article).first()
    page = login(browser, live_server, analyst.username)

    page.goto(f"{live_server.url}/review/articles/{article.pk}/")
    expect(page.locator(f"#claim-{claim.pk}")).to_be_visible()
    expect(page.locator("button.approve")).to_have_count(0)
    status = page.evaluate(
        """async ([url, version]) => {
            const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken'];
            const body = new URLSearchParams({version: String(version)});
            const response = await fetch(url, {method: 'POST', body,
                headers: {'X-CSRFToken': token}});
            return response.status;
        }""",
        [f"/review/claims/{claim.pk}/approve/", claim.version],
    )

    assert status == 403
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.CANDIDATE
