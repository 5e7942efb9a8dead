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


LISTING = """<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>国際</title></head>
<body><ul>
<li><a href="/ok">ウクライナ停戦協議、リヤドで再開へ</a></li>
<li><a href="/missing">円相場、小幅に上昇</a></li>
<li><a href="/about">このサイトについて</a></li>
</ul></body></html>"""


def test_html_listing_keeps_only_on_topic_links(django_capture_on_commit_callbacks):
    from tests.engines.faulty_server import FaultyServer

    with FaultyServer() as server:
        server.routes["/list"] = lambda request: request.send_text(
            200, "text/html; charset=utf-8", LISTING
        )
        feed = services.create_feed(
            url=server.url("/list"), kind=Feed.Kind.HTML, topic_keywords=["ウクライナ", "停戦"]
        )
        with django_capture_on_commit_callbacks(execute=True):
            run = services.poll_feed(feed_id=feed.pk)
        on_topic = server.url("/ok")

    assert run.items_seen == 3
    assert run.new_urls == 1
    assert list(Article.objects.values_list("requested_url", flat=True)) == [on_topic]


@pytest.mark.parametrize("form_class", ["FeedForm", "IngestURLForm"])
def test_the_forms_refuse_a_private_address_themselves(form_class, settings):
    from curation import forms

    settings.FETCH_ALLOWED_HOSTS = []
    form = getattr(forms, form_class)(
        {"url": "http://10.0.0.5/feed", "kind": "rss", "interval": "00:15:00"}
    )

    assert not form.is_valid()
    assert form.errors["url"] == [str(forms.UNSAFE_MESSAGE)]


def test_a_feed_added_in_the_browser_is_created_by_the_service(client, editor, monkeypatch):
    created = []
    create_feed = services.create_feed

    def recording(**fields):
        created.append(fields["url"])
        return create_feed(**fields)

    monkeypatch.setattr(services, "create_feed", recording)
    client.force_login(editor)

    response = client.post(
        reverse("curation:add"),
        {"url": "http://127.0.0.1:9/rss", "kind": "rss", "interval": "00:15:00"},
    )

    assert response.status_code == 302
    assert created == ["http://127.0.0.1:9/rss"]
    assert Feed.objects.get(url="http://127.0.0.1:9/rss").interval.total_seconds() == 900
