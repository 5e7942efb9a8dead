import pytest
from django.urls import reverse

from curation import services
from curation.models import Article, Feed

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed(demo_site):
    return services.create_feed(url=demo_site.url("feed.xml"), title="デモ")


def test_editor_edits_a_feed_in_the_browser(client, editor, feed):
    client.force_login(editor)

    response = client.post(
        reverse("curation:feed", args=[feed.pk]),
        {"url": feed.url, "kind": "rss", "title": "新しい名前", "interval": "00:30:00"},
    )

    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.title == "新しい名前"
    assert feed.interval.total_seconds() == 1800
    assert feed.enabled is False  # an unticked checkbox


def test_feed_page_shows_runs_and_articles(
    client, editor, feed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.poll_feed(feed_id=feed.pk)
    client.force_login(editor)

    body = client.get(reverse("curation:feed", args=[feed.pk])).content.decode()

    assert body.count("<tr><td>") >= 8
    assert "ケロッグ" in body


def test_poll_now_queues_the_feed(client, editor, feed, django_capture_on_commit_callbacks):
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("curation:poll", args=[feed.pk]))

    assert feed.polls.count() == 1
    assert Article.objects.count() == 8


def test_private_feed_url_is_refused_in_the_form(client, editor, feed, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    client.force_login(editor)

    response = client.post(
        reverse("curation:feed", args=[feed.pk]),
        {"url": "http://169.254.169.254/latest/", "kind": "rss", "interval": "00:15:00"},
    )

    assert response.status_code == 200
    assert Feed.objects.get(pk=feed.pk).url == feed.url


@pytest.mark.parametrize("name", ["feed", "poll"])
def test_analyst_cannot_touch_feeds(client, analyst, feed, name):
    client.force_login(analyst)

    assert client.post(reverse(f"curation:{name}", args=[feed.pk])).status_code == 403
    assert client.get(reverse("curation:feeds")).status_code == 403


def test_ingest_form_refuses_private_addresses(client, editor, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    client.force_login(editor)

    client.post(reverse("curation:ingest"), {"url": "http://10.0.0.5/secret"})

    assert not Article.objects.exists()
