"""Error pages say what happened in Japanese and English and lead back into the app; the
inbox with a filter it does not understand says so instead of "nothing waiting"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.views.defaults import server_error
from playwright.sync_api import expect

from tests.browsing import login

pytestmark = pytest.mark.django_db

NAVIGATION = ['href="/timeline/"', 'href="/review/"', 'href="/feeds/"']


def assert_error_page(response, status: int, japanese: str, english: str) -> None:
    body = response.content.decode()
    assert response.status_code == status
    assert japanese in body and english in body
    assert 'lang="ja"' in body and 'lang="en"' in body
    assert all(link in body for link in NAVIGATION)


def test_not_found_page(client, editor):
    client.force_login(editor)

    response = client.get("/review/claims/999999/")

    assert_error_page(response, 404, "ページが見つかりません", "Page not found")


def test_forbidden_page(client, outsider):
    client.force_login(outsider)

    response = client.get(reverse("review:inbox"))

    assert_error_page(response, 403, "権限がありません", "You may not open this page")


def test_bad_request_page():
    client = Client(raise_request_exception=False)

    response = client.get("/timeline/", HTTP_HOST="not-an-allowed-host.example")

    assert_error_page(response, 400, "リクエストを理解できませんでした", "not understood")


def test_csrf_failure_page(editor, demo_site):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(reverse("review:bulk"), {"action": "approve"})

    assert_error_page(response, 403, "フォームの有効期限が切れました", "This form has expired")


def test_server_error_page(rf):
    response = server_error(rf.get("/"))

    assert_error_page(response, 500, "サーバーでエラーが発生しました", "went wrong on the server")


def test_inbox_with_a_bad_filter_shows_the_error_not_an_empty_queue(client, editor):
    client.force_login(editor)

    response = client.get(reverse("review:inbox"), {"published_from": "2025-13-45"})

    body = response.content.decode()
    assert response.status_code == 400
    assert 'class="error filter-errors"' in body and 'data-field="published_from"' in body
    assert "filter-refused" in body
    assert "Nothing waits for review" not in body and "レビュー待ちはありません" not in body


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_error_pages_in_the_browser_lead_back_into_the_app(browser, live_server, editor):
    page = login(browser, live_server, editor.username)

    page.goto(f"{live_server.url}/review/claims/999999/")
    expect(page.locator("h1")).to_have_text("ページが見つかりません")
    expect(page.locator(".error-en h2")).to_have_text("Page not found")
    page.locator(".error-nav a", has_text="レビュー / Review").click()
    expect(page).to_have_url(f"{live_server.url}/review/")

    page.goto(f"{live_server.url}/review/?published_from=yesterday&filters=1")
    expect(page.locator(".filter-errors")).to_be_visible()
    expect(page.locator(".filter-refused")).to_be_visible()
    expect(page.locator("td.empty")).to_have_count(0)


def test_a_malformed_claim_reference_in_a_bulk_review_is_a_field_error(client, editor):
    """'<claim id>:<version>' badly formed: the form says so (it once raised a TypeError, the
    reference's colon having replaced the translation function)."""
    client.force_login(editor)

    response = client.post(
        reverse("review:bulk"),
        {"action": "approve", "claims": "12-x"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 400
