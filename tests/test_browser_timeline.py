"""The analyst's timeline in real Chromium: filters shared by URL, pages, exports, deadlines,
and a phone-sized screen."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect

from claims.models import Claim, Evidence, Issue
from curation.models import Article
from demo.timeline_claims import load_timeline_demo
from tests.browsing import ARTIFACTS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo(editor):
    cache.clear()
    load_timeline_demo(editor)
    ARTIFACTS.mkdir(exist_ok=True)
    return {claim.text: claim for claim in Claim.objects.approved()}


def by_text(demo, fragment):
    return next(claim for text, claim in demo.items() if fragment in text)


def fresh_page(browser: Browser, width: int = 1300) -> Page:
    """A new context with no cookies: an anonymous reader (published claims are public)."""
    context = browser.new_context(
        locale="ja-JP", viewport={"width": width, "height": 900}, accept_downloads=True
    )
    return context.new_page()


def row_ids(page: Page) -> list[int]:
    return [
        int(v)
        for v in page.locator("li.timeline-item").evaluate_all(
            "items => items.map(item => item.dataset.claim)"
        )
    ]


def test_three_filters_combine_and_the_url_shares_the_view(browser, live_server, demo):
    mandate = by_text(demo, "100日以内")
    page = fresh_page(browser)
    page.goto(f"{live_server.url}/timeline/")
    page.click("a[data-issue='ceasefire_monitoring']")
    expect(page.locator("a[data-issue='ceasefire_monitoring']")).to_have_class("active")
    page.check("input[name=modality][value=planned]")
    page.fill("input[name=min_sources]", "2")
    page.click("form.timeline-filters button[type=submit]")
    expect(page.locator("li.timeline-item")).to_have_count(1)
    query = parse_qs(urlsplit(page.url).query)
    assert query["issue"] == ["ceasefire_monitoring"]
    assert query["modality"] == ["planned"]
    assert query["min_sources"] == ["2"]
    assert row_ids(page) == [mandate.pk]
    # the pills' counts under the other filters arrive with the weekly chart, swapped in
    expect(page.locator("#pill-count-ceasefire_monitoring")).to_have_text("1")
    expect(page.locator("#pill-count-territory")).to_have_text(re.compile(r"^\d+$"))
    page.screenshot(path=str(ARTIFACTS / "timeline-filtered.png"), full_page=True)

    shared = fresh_page(browser)
    shared.goto(page.url)
    assert row_ids(shared) == [mandate.pk]
    expect(shared.locator("input[name=modality][value=planned]")).to_be_checked()
    expect(shared.locator("input[name=min_sources]")).to_have_value("2")
    expect(shared.locator("a[data-issue='ceasefire_monitoring']")).to_have_class("active")
    # the row leads to the claim's page, readable without an account
    shared.click(f"li[data-claim='{mandate.pk}'] .claim-text a")
    expect(shared.locator(f".claim-page[data-claim='{mandate.pk}']")).to_be_visible()


def test_pages_forward_keeping_the_filters(browser, live_server, demo):
    issue = Issue.objects.get(slug="territory")
    article = Article.objects.create(
        canonical_url="https://example.org/t", requested_url="https://example.org/t", text="x" * 9
    )
    for number in range(70):
        claim = Claim.objects.create(
            text=f"領土をめぐる主張その{number}",
            event_start=date(2025, 1, 1) + timedelta(days=number),
            event_end=date(2025, 1, 1) + timedelta(days=number),
            date_precision="day",
            status="approved",
        )
        claim.issues.add(issue)
        Evidence.objects.create(
            claim=claim, article=article, exact="x", start=number, end=number + 1
        )
    expected = list(
        Claim.objects.approved()
        .for_issue("territory")
        .filter(text__contains="領土をめぐる")
        .in_timeline_order()
        .values_list("pk", flat=True)
    )
    page = fresh_page(browser)
    page.goto(f"{live_server.url}/timeline/?issue=territory&q=領土をめぐる&group=week")
    first = row_ids(page)
    assert first == expected[:50]
    page.click("nav.pager a.next")
    expect(page.locator("nav.pager a.previous")).to_be_visible()
    query = parse_qs(urlsplit(page.url).query)
    assert query["issue"] == ["territory"] and query["q"] == ["領土をめぐる"]
    assert query["group"] == ["week"] and "after" in query
    assert row_ids(page) == expected[50:]
    page.reload()
    assert row_ids(page) == expected[50:]


def _download(page: Page, fmt: str) -> str:
    with page.expect_download() as info:
        page.click(f"a[data-export='{fmt}']")
    return open(info.value.path(), encoding="utf-8").read()  # noqa: SIM115


def test_downloads_every_export_of_the_current_view(browser, live_server, demo):
    from icalendar import Calendar

    page = fresh_page(browser)
    page.goto(f"{live_server.url}/timeline/?issue=minerals_deal")
    shown = set(row_ids(page))
    assert len(shown) == 3

    rows = list(csv.DictReader(io.StringIO(_download(page, "csv").removeprefix("\ufeff"))))
    assert {int(row["id"]) for row in rows} == shown
    assert {int(item["id"]) for item in json.loads(_download(page, "json"))["claims"]} == shown
    calendar = Calendar.from_ical(_download(page, "ics"))
    assert {str(event["UID"]) for event in calendar.walk("VEVENT")} == {
        f"claim-{pk}@ronten" for pk in shown
    }
    graph = json.loads(_download(page, "jsonld"))["@graph"]
    assert {item["@type"] for item in graph} == {"ClaimReview"} and len(graph) == 3
    slides = json.loads(_download(page, "timelinejs"))["events"]
    assert {slide["unique_id"] for slide in slides} == {f"claim-{pk}" for pk in shown}


def test_deadline_tracker_and_lanes(browser, live_server, demo):
    mandate = by_text(demo, "100日以内")
    page = fresh_page(browser)
    page.goto(f"{live_server.url}/timeline/")
    page.click("nav.view-switch a[data-view='deadlines']")
    item = page.locator(f"li.deadline[data-claim='{mandate.pk}']")
    expect(item).to_have_attribute("data-state", "passed")
    expect(item.locator("time.due")).to_have_text("2025-04-30")
    expect(item.locator(".badge.state")).to_have_text("期限切れ")
    page.screenshot(path=str(ARTIFACTS / "timeline-deadlines.png"), full_page=True)

    page.click("nav.view-switch a[data-view='lanes']")
    expect(page.locator("svg.lane-chart")).to_be_visible()
    for kind in ("point", "span", "open_left", "open_right", "deadline"):
        assert page.locator(f"svg.lane-chart a.mark.{kind.replace('_', '_')}").count() > 0
    page.screenshot(path=str(ARTIFACTS / "timeline-lanes.png"), full_page=True)
    expect(page.locator(".weekly .sparklines li").first).to_be_visible()


def test_nothing_overflows_a_phone_even_with_a_long_claim(browser, live_server, demo):
    long_text = (
        "和平案の全文はhttps://example.org/" + "a" * 300 + "で公開されたと報じられた。"
    ) * 5
    long_text = (long_text + "交渉の経過をめぐる長い主張。" * 200)[:2000]
    claim = Claim.objects.create(
        text=long_text,
        event_start=date(2025, 2, 1),
        event_end=date(2025, 2, 1),
        date_precision="day",
        status="approved",
    )
    claim.issues.add(Issue.objects.get(slug="territory"))
    page = fresh_page(browser, width=390)
    for view in ("list", "lanes", "deadlines"):
        page.goto(f"{live_server.url}/timeline/?view={view}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (view, width)
        page.screenshot(path=str(ARTIFACTS / f"timeline-390-{view}.png"), full_page=True)
    expect(page.locator(".topbar .brand")).to_be_visible()
    brand_height = page.locator(".topbar .brand").bounding_box()["height"]
    assert brand_height < 40  # the top bar no longer wraps one character per line
