"""Hostile pages and lost work: each case a probe of issue 13 broke before its fix."""

from __future__ import annotations

import html
import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, Evidence
from curation import services
from curation.fetching import FetchResult, UnsafeURL
from curation.models import Article
from curation.parsing import decode_html, parse_feed, parse_sitemap
from curation.services.claiming import STALE_CLAIM_AFTER, claim_article_for_fetch
from curation.services.fetching import read_page
from curation.services.storing import store_fetched_pages
from curation.services.sweeping import STALE_EXTRACTION_AFTER
from tests.engines.faulty_server import ARTICLE_HTML, FaultyRequestHandler, FaultyServer
from tests.factories import approve_all, ingest, ingest_demo_page
from tests.reliability_report import FIGURES as figures

pytestmark = [pytest.mark.django_db, pytest.mark.reliability]

# A page of our own: the fact that the two foreign ministers met in Riyadh on 18 February 2025.
PAGE = """<!DOCTYPE html>
<html lang="ja"><head>{meta}<title>リヤドで外相会談｜試験新聞</title></head>
<body><article><h1>リヤドで外相会談</h1>
<p>2025年2月18日、米ロの外相がリヤドで会談し、停戦協議の進め方を話し合った。</p>
<p>両国は大使館の業務を正常に戻すことで一致したと発表した。</p></article></body></html>
"""


# Charsets that are no text encoding -----------------------------------------------------


@pytest.mark.parametrize("label", ["hex", "base64", "zlib", "rot13", "undefined", "utf-7", "bz2"])
def test_a_charset_that_is_no_text_encoding_falls_back_to_detection(label):
    body = PAGE.format(meta=f'<meta charset="{label}">').encode("cp932")

    for header in (label, None):
        page = decode_html(body, header_charset=header)

        assert page.encoding == "cp932"
        assert "リヤドで外相会談" in page.text
        assert label in page.ignored_charsets
        figures.add("hostile inputs tried")
        figures.add("hostile inputs refused or neutralised")


@pytest.mark.parametrize("label", ["hex", "zlib", "undefined"])
def test_an_article_declaring_a_bogus_charset_is_fetched_and_the_charset_recorded(label):
    def bogus(request: FaultyRequestHandler) -> None:
        body = PAGE.format(meta=f"<meta charset={label}>").encode("cp932")
        request.send_text(200, f"text/html; charset={label}", body)

    with FaultyServer({"/bogus": bogus}) as server:
        article = ingest(server.url("/bogus"))

    assert article.status == Article.Status.FETCHED
    assert article.encoding == "cp932"
    assert "リヤド" in article.text
    figures.add("hostile inputs tried")
    figures.add("rows lost", int(article.status != Article.Status.FETCHED))
    assert label in article.decode_note
    figures.add("hostile inputs refused or neutralised")


def test_a_binary_body_served_as_html_is_a_recorded_failure_not_a_stuck_fetch():
    def binary(request: FaultyRequestHandler) -> None:
        request.send_text(200, "text/html", b"\x00\x01\x02\x03" * 300)

    with FaultyServer({"/binary": binary}) as server:
        article = ingest(server.url("/binary"))

    assert article.status == Article.Status.FAILED
    assert article.error_reason == "unreadable"
    assert article.error_message


# Every write of a fetch outcome checks the claim --------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_stale_worker_failing_late_does_not_overwrite_the_fetch_that_took_over(settings):
    """Worker A's fetch hangs; its claim goes stale; worker B fetches the page; A then fails.

    A's failure must not turn B's fetched article into a failed one."""
    settings.FETCH_READ_TIMEOUT = 10.0
    release_a = threading.Event()
    calls = {"n": 0}

    def page(request: FaultyRequestHandler) -> None:
        calls["n"] += 1
        if calls["n"] == 1:  # worker A's request: hangs, then the server breaks it off
            release_a.wait(10)
            request.send_text(500, "text/plain", "gone")
            return
        request.send_text(200, "text/html; charset=utf-8", ARTICLE_HTML)

    with FaultyServer({"/page": page}) as server:
        url = server.url("/page")
        article = Article.objects.create(canonical_url=url, requested_url=url)  # no task queued
        outcome_a: list[services.FetchOutcome] = []

        def worker_a() -> None:
            try:
                outcome_a.append(
                    services.fetch_article(article_id=article.pk, token="a", final_attempt=True)
                )
            finally:
                connection.close()

        thread = threading.Thread(target=worker_a)
        thread.start()
        while calls["n"] == 0:
            thread.join(0.05)
        # A's claim goes stale; B (the sweeper's requeue) takes it over and stores the page.
        Article.objects.filter(pk=article.pk).update(
            claimed_at=timezone.now() - STALE_CLAIM_AFTER - timedelta(seconds=1)
        )
        outcome_b = services.fetch_article(article_id=article.pk, token="b", final_attempt=True)
        release_a.set()
        thread.join(15)

    article.refresh_from_db()
    figures.add("faults injected")
    figures.add("rows lost", int(article.status != Article.Status.FETCHED or not article.text))
    assert outcome_b.status == Article.Status.FETCHED
    assert outcome_a[0].detail == "claim lost"
    assert article.status == Article.Status.FETCHED
    assert article.error_reason == ""
    assert "リヤド" in article.text
    figures.add("faults survived")


def test_a_not_modified_answer_after_the_claim_was_lost_changes_nothing():
    article = ingest_ok()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PENDING)
    stale = claim_article_for_fetch(article_id=article.pk, token="stale")
    assert stale is not None
    Article.objects.filter(pk=article.pk).update(status=Article.Status.FAILED, claim_token="")
    not_modified = FetchResult(
        requested_url=article.requested_url,
        final_url=article.requested_url,
        status_code=304,
        headers={},
        body=b"",
        content_type="text/html",
        charset=None,
        etag=None,
        last_modified=None,
    )

    outcome = store_fetched_pages(stale, [read_page(not_modified)])

    article.refresh_from_db()
    assert outcome.detail == "claim lost"
    assert article.status == Article.Status.FAILED


def ingest_ok() -> Article:
    with FaultyServer() as server:
        return ingest(server.url("/ok"))


# Lost extraction is recovered --------------------------------------------------------------


def test_the_sweeper_requeues_an_article_fetched_but_never_extracted():
    with FaultyServer() as server:
        article, _ = services.enqueue_url(url=server.url("/ok"))
        # The fetch runs, but the extraction it queues never reaches the broker.
        with TestCase.captureOnCommitCallbacks(execute=False):
            services.fetch_article(article_id=article.pk, token="t")
    article.refresh_from_db()
    assert article.status == Article.Status.FETCHED and article.extracted_at is None
    assert not Evidence.objects.filter(article=article).exists()

    soon = timezone.now() + timedelta(seconds=10)
    with time_machine.travel(soon), TestCase.captureOnCommitCallbacks(execute=True):
        assert services.sweep_stale_fetches() == []  # too early: it may still be on its way
    later = timezone.now() + STALE_EXTRACTION_AFTER + timedelta(minutes=1)
    with time_machine.travel(later), TestCase.captureOnCommitCallbacks(execute=True):
        requeued = services.sweep_stale_fetches()

    article.refresh_from_db()
    assert requeued == [article.pk]
    assert article.extracted_at is not None
    assert Evidence.objects.filter(article=article).count() >= Claim.objects.count() > 0
    with time_machine.travel(later), TestCase.captureOnCommitCallbacks(execute=True):
        assert services.sweep_stale_fetches() == []


# A page that never finishes is given up, not swept forever ----------------------------------


def test_a_page_whose_fetch_never_finishes_is_given_up_after_its_starts(settings):
    settings.FETCH_MAX_STARTS = 3
    with FaultyServer() as server:
        article, _ = services.enqueue_url(url=server.url("/ok"))
    moment = timezone.now()
    requeues = 0
    for attempt in range(10):
        # A fetch starts and its worker is killed before it records anything.
        with time_machine.travel(moment):
            assert claim_article_for_fetch(article_id=article.pk, token=f"t{attempt}")
        moment += STALE_CLAIM_AFTER + timedelta(minutes=1)
        with time_machine.travel(moment), TestCase.captureOnCommitCallbacks(execute=False):
            requeues += len(services.sweep_stale_fetches())
        article.refresh_from_db()
        if article.status == Article.Status.FAILED:
            break

    assert article.status == Article.Status.FAILED
    assert article.error_reason == "gave_up"
    assert "3 fetches" in article.error_message
    assert requeues == 2
    with time_machine.travel(moment + timedelta(hours=1)):
        assert services.sweep_stale_fetches() == []


# Only http(s) URLs enter; links from data are checked again where they are rendered --------

HOSTILE_LINKS = [
    "javascript:alert(document.domain)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "mailto:desk@example.jp",
]


def rss_with_links(links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>停戦協議 {number}</title><link>{html.escape(link)}</link></item>"
        for number, link in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>試験</title>'
        f"<link>https://news.example.jp/</link>{items}</channel></rss>"
    ).encode()


def sitemap_with_links(links: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{html.escape(link)}</loc></url>" for link in links)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


def test_feeds_and_sitemaps_yield_only_http_links():
    links = [*HOSTILE_LINKS, "https://news.example.jp/a/1"]

    from_feed = parse_feed(rss_with_links(links), url="https://news.example.jp/rss")
    from_sitemap = parse_sitemap(sitemap_with_links(links), url="https://news.example.jp/sm")

    assert [entry.url for entry in from_feed] == ["https://news.example.jp/a/1"]
    assert [entry.url for entry in from_sitemap] == ["https://news.example.jp/a/1"]
    figures.add("hostile inputs tried", 2 * len(HOSTILE_LINKS))
    figures.add("hostile inputs refused or neutralised", 2 * len(HOSTILE_LINKS))


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_enqueue_refuses_a_url_that_is_not_http(link):
    figures.add("hostile inputs tried")
    with pytest.raises(UnsafeURL):
        services.enqueue_url(url=link)

    assert not Article.objects.exists()
    figures.add("hostile inputs refused or neutralised")


def test_a_polled_feed_with_a_javascript_link_stores_no_article():
    def feed(request: FaultyRequestHandler) -> None:
        body = rss_with_links(["javascript:alert(1)", "data:text/html,x"])
        request.send_text(200, "application/rss+xml", body)

    with FaultyServer({"/rss": feed}) as server:
        created = services.create_feed(url=server.url("/rss"))
        with TestCase.captureOnCommitCallbacks(execute=True):
            run = services.poll_feed(feed_id=created.pk)

    assert run is not None and run.error == "" and run.items_seen == 0
    assert not Article.objects.exists()


def test_the_ingest_form_refuses_a_non_http_url_with_an_error(client, editor):
    client.force_login(editor)

    for url in ["javascript:alert(1)", "ftp://files.example.jp/a", "not a url at all"]:
        response = client.post(reverse("curation:ingest"), {"url": url})

        # The sources page again, the address kept in its field with the reason beside it.
        assert response.status_code == 400
        assert response.context["ingest_form"].errors["url"], url
    assert not Article.objects.exists()


def test_links_from_stored_data_render_only_when_http(client, editor, demo_site):
    """Rows written before the entry checks existed (or by a bypass) still render no link
    that runs script: the reader's "original", the claim's "upstream", the timeline's."""
    article = ingest_demo_page(demo_site, "aggregator-feb.html")
    claims = approve_all(article, editor)
    assert claims and article.citations.exists()
    hostile = "javascript:alert(document.cookie)"
    Article.objects.filter(pk=article.pk).update(canonical_url=hostile)
    article.citations.update(url=hostile)
    claim = next(c for c in claims if c.evidence.filter(citation__isnull=False).exists())
    client.force_login(editor)

    pages = [
        client.get(reverse("review:article", args=[article.pk])),
        client.get(reverse("review:claim", args=[claim.pk])),
        client.get(reverse("timeline:index")),
    ]

    for page in pages:
        figures.add("hostile inputs tried")
        figures.add("requests served")
        assert page.status_code == 200
        body = page.content.decode()
        assert "javascript:" not in body.lower()
        figures.add("hostile inputs refused or neutralised")


def test_the_sweeper_does_not_multiply_a_backlog():
    """Articles waiting in a long queue are queued again once per stale period, not per sweep."""
    with FaultyServer() as server:
        waiting = [
            services.enqueue_url(url=server.url(f"/ok?story={number}"))[0] for number in range(3)
        ]
    moment = timezone.now() + STALE_CLAIM_AFTER + timedelta(seconds=1)

    swept = []
    for seconds in range(0, 60, 5):  # a sweep every five seconds for a minute
        with (
            time_machine.travel(moment + timedelta(seconds=seconds)),
            TestCase.captureOnCommitCallbacks(execute=False),
        ):
            swept.extend(services.sweep_stale_fetches())

    # Queued at once, then again only after a stale period and a grace (52 s), not 12 times.
    assert sorted(swept) == sorted(article.pk for article in waiting for _ in range(2))
