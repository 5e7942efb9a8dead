"""Sources that behave: refusals in the UI's language with the address kept, polling in the
background with honest counts, and a demo site served by the app itself."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from curation import services
from curation.models import Article, Feed
from demo import views as demo_views
from demo.links import repoint_demo_links
from tests.browsing import login

pytestmark = pytest.mark.django_db

REFUSAL_JA = "公開されたウェブのアドレスではない"


@pytest.fixture
def feed(demo_site) -> Feed:
    return services.create_feed(url=demo_site.url("feed.xml"), title="デモ")


@pytest.mark.parametrize(
    ("url_name", "fields"),
    [
        ("curation:add", {"kind": "rss", "interval": "00:15:00"}),
        ("curation:ingest", {}),
    ],
)
def test_a_refused_address_is_explained_in_japanese_and_stays_in_the_field(
    client, editor, settings, url_name, fields
):
    settings.FETCH_ALLOWED_HOSTS = []
    client.force_login(editor)
    address = "http://127.0.0.1:8000/demo/site/feed.xml"

    response = client.post(reverse(url_name), {"url": address, **fields})

    body = response.content.decode()
    assert response.status_code == 400
    assert REFUSAL_JA in body
    assert f'value="{address}"' in body
    assert not Feed.objects.exists() and not Article.objects.exists()


def test_poll_now_answers_at_once_and_the_progress_counts_new_and_known(
    client, editor, feed, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    since = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("curation:poll", args=[feed.pk]), HTTP_HX_REQUEST="true")
    first = client.get(
        reverse("curation:poll-progress", args=[feed.pk]), {"since": since.isoformat()}
    )
    again = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("curation:poll", args=[feed.pk]), HTTP_HX_REQUEST="true")
    Feed.objects.filter(pk=feed.pk).update(etag="", last_modified="")
    second = client.get(
        reverse("curation:poll-progress", args=[feed.pk]), {"since": again.isoformat()}
    )

    assert started.status_code == 200 and 'id="poll-progress"' in started.content.decode()
    assert "hx-get" in started.content.decode()  # it asks again until the poll is done
    counts = re.compile(r'data-seen="(\d+)" data-new="(\d+)" data-known="(\d+)"')
    assert counts.search(first.content.decode()).groups() == ("8", "8", "0")
    assert 'data-done="true"' in first.content.decode()
    assert counts.search(second.content.decode()).groups() == ("8", "0", "8")


def test_the_app_serves_the_demo_site_under_its_own_address(rf):
    response = demo_views.page(rf.get("/demo/site/feed.xml"), "feed.xml")
    sjis = demo_views.page(rf.get("/demo/site/kellogg-sjis.html"), "kellogg-sjis.html")

    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert b"http://testserver/demo/site/riyadh-talks.html" in response.content
    assert sjis["Content-Type"] == "text/html"
    with pytest.raises(demo_views.Http404):
        demo_views.page(rf.get("/demo/site/_headers.json"), "_headers.json")
    with pytest.raises(demo_views.Http404):
        demo_views.page(rf.get("/demo/site/x"), "../server.py")


def test_demo_links_are_repointed_at_the_apps_own_address(
    feed, demo_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.poll_feed(feed_id=feed.pk)
    new_base = "http://127.0.0.1:8000/demo/site"

    changed = repoint_demo_links(old_base=demo_site.base_url, new_base=new_base)

    assert changed >= 8
    feed.refresh_from_db()
    assert feed.url == f"{new_base}/feed.xml"
    requested = list(Article.objects.values_list("requested_url", flat=True))
    assert len(requested) == 8 and all(url.startswith(new_base) for url in requested)
    assert not Article.objects.filter(canonical_url__startswith=demo_site.base_url).exists()
    assert repoint_demo_links(old_base=demo_site.base_url, new_base=new_base) == 0


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_poll_now_in_the_browser_shows_progress_then_honest_counts(
    browser, live_server, editor, demo_site, settings
):
    settings.RONTEN_POLL_IN_THREAD = True
    feed = services.create_feed(url=demo_site.url("feed.xml"), title="デモ")
    page = login(browser, live_server, editor.username)
    page.goto(f"{live_server.url}/feeds/{feed.pk}/")

    page.locator("button.poll-now").click()
    progress = page.locator("#poll-progress")
    expect(progress).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/feeds/{feed.pk}/")  # no navigation
    expect(progress).to_have_attribute("data-done", "true", timeout=30_000)
    expect(progress.locator(".poll-counts")).to_have_attribute("data-new", "8")
    expect(progress.locator(".fetch-counts")).to_contain_text("8")
    assert Article.objects.filter(feed=feed, status=Article.Status.FETCHED).count() == 8
