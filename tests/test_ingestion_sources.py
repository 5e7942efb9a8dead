"""Upstream citations, stale-claim sweeping, re-parsing, and ingested markup shown as text."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from claims import services as claim_services
from claims.models import Claim, Evidence
from curation import services
from curation.fetching import fetch
from curation.models import Article, ArticleVersion
from curation.services.claiming import claim_article_for_fetch
from curation.services.fetching import read_page
from curation.services.storing import store_fetched_pages
from tests.engines.faulty_server import FaultyServer
from tests.factories import ingest

pytestmark = pytest.mark.django_db

AGGREGATOR = """<!doctype html><html lang="ja"><head><meta charset="utf-8">
<title>和平交渉まとめ｜試験まとめ</title></head><body><article><h1>和平交渉まとめ</h1>
<p>公開日:2025/02/18</p>
<p>✅ ルビオ国務長官はリヤドでラブロフ外相と会談し、大使館の機能を戻すことで合意した。</p>
<p>続きを読む ⇒試験通信出典: {upstream}</p>
<p>同日の協議にウクライナは呼ばれなかったとみられる。</p>
</article></body></html>"""

HOSTILE = """<!doctype html><html lang="ja"><head><meta charset="utf-8">
<title>攻撃的な記事 &lt;img src=x onerror=alert(4)&gt;</title>
</head><body><article><h1>攻撃的な記事 &lt;img src=x onerror=alert(4)&gt;</h1>
<p>トランプ大統領は2月12日、プーチン大統領と電話で協議した。&lt;script&gt;alert(1)&lt;/script&gt;</p>
<p><img src=x onerror="alert(2)">ゼレンスキー大統領は同日、交渉への参加を求めた。</p>
<script>alert(3)</script></article></body></html>"""


@pytest.fixture
def server():
    with FaultyServer() as faulty:
        faulty.routes["/aggregator"] = lambda request: request.send_text(
            200, "text/html; charset=utf-8", AGGREGATOR.format(upstream=faulty.url("/ok"))
        )
        faulty.routes["/hostile"] = lambda request: request.send_text(
            200, "text/html; charset=utf-8", HOSTILE
        )
        yield faulty


def test_cited_upstream_article_is_queued_and_linked(server, settings):
    settings.FETCH_FOLLOW_CITATIONS = True

    article = ingest(server.url("/aggregator"))

    citation = article.citations.get()
    assert citation.published.isoformat() == "2025-02-18"
    assert citation.upstream_article is not None
    assert citation.upstream_article.status == Article.Status.FETCHED
    assert "リヤド" in citation.upstream_article.text
    assert Evidence.objects.filter(article=article, citation=citation).exists()


def test_citations_are_not_followed_unless_enabled(server):
    article = ingest(server.url("/aggregator"))

    assert article.citations.get().upstream_article is None
    assert Article.objects.count() == 1


def test_sweeper_requeues_a_fetch_whose_worker_vanished(server):
    article, _ = services.enqueue_url(url=server.url("/ok"))  # queued task lost: never committed
    assert claim_article_for_fetch(article_id=article.pk, token="lost-task")

    later = timezone.now() + timedelta(minutes=11)
    with time_machine.travel(later), TestCase.captureOnCommitCallbacks(execute=True):
        requeued = services.sweep_stale_fetches()

    article.refresh_from_db()
    assert requeued == [article.pk]
    assert article.status == Article.Status.FETCHED


def test_reparse_uses_stored_bytes_and_keeps_evidence_anchored(server):
    article = ingest(server.url("/aggregator"))
    quotes = list(Evidence.objects.filter(article=article).values_list("exact", flat=True))
    cited = set(Evidence.objects.filter(article=article).values_list("pk", "citation_id"))
    requests_before = len(server.paths_requested())

    with TestCase.captureOnCommitCallbacks(execute=True):
        outcome = services.reparse_article(article_id=article.pk)

    assert outcome.status == Article.Status.FETCHED
    assert len(server.paths_requested()) == requests_before
    evidence = Evidence.objects.filter(article=article)
    assert sorted(evidence.values_list("exact", flat=True)) == sorted(quotes)
    assert all(item.anchor_ok for item in evidence)
    assert set(evidence.values_list("pk", "citation_id")) == cited
    assert any(citation for _, citation in cited)
    assert not ArticleVersion.objects.exists()


def test_changed_page_keeps_its_earlier_version(server):
    article = ingest(server.url("/aggregator"))
    old_text = article.text
    server.routes["/aggregator"] = lambda request: request.send_text(
        200,
        "text/html; charset=utf-8",
        AGGREGATOR.replace("合意した", "一致した").format(upstream=server.url("/ok")),
    )

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.enqueue_url(url=server.url("/aggregator"), refresh=True)

    article.refresh_from_db()
    assert "一致した" in article.text
    assert ArticleVersion.objects.get(article=article).text == old_text
    moved = Evidence.objects.filter(article=article, exact__contains="合意した")
    assert moved.exists() and not any(item.anchor_ok for item in moved)


def test_a_fetch_whose_claim_was_taken_over_stores_nothing(server):
    article = ingest(server.url("/aggregator"))
    old_text = article.text
    server.routes["/aggregator"] = lambda request: request.send_text(
        200,
        "text/html; charset=utf-8",
        AGGREGATOR.replace("合意した", "一致した").format(upstream=server.url("/ok")),
    )
    with TestCase.captureOnCommitCallbacks(execute=False):
        services.enqueue_url(url=server.url("/aggregator"), refresh=True)
    assert claim_article_for_fetch(article_id=article.pk, token="slow-worker")
    slow_view = Article.objects.get(pk=article.pk)
    pages = [read_page(fetch(slow_view.requested_url, services.fetch_policy()))]
    # Meanwhile the claim went stale and another worker took the article over.
    Article.objects.filter(pk=article.pk).update(claim_token="fast-worker")

    outcome = store_fetched_pages(slow_view, pages)

    article.refresh_from_db()
    assert outcome.detail == "claim lost"
    assert article.text == old_text
    assert article.claim_token == "fast-worker"
    assert not ArticleVersion.objects.exists()


def test_ingested_markup_is_never_rendered_as_html(server, client, editor):
    """Ingested pages are stored as text and every template escapes it: markup in an
    article's title or text shows as characters on the reader and on the claim page, and
    tags the page really had (<img onerror>, <script>) are gone with the parsing."""
    article = ingest(server.url("/hostile"))
    start = article.text.index("トランプ大統領")
    end = article.text.index("</script>") + len("</script>")
    claim = claim_services.create_claim_from_selection(
        article=article, start=start, end=end, user=editor
    )
    client.force_login(editor)

    reader = client.get(reverse("review:article", args=[article.pk])).content.decode()
    claim_page = client.get(reverse("review:claim", args=[claim.pk])).content.decode()

    assert "<img src=x onerror=alert(4)>" in article.title
    assert "<script>alert(1)</script>" in article.text
    for body in (reader, claim_page):
        assert "<script>alert" not in body
        assert "<img src=x" not in body and 'onerror="alert(2)"' not in body
        assert "&lt;img src=x onerror=alert(4)&gt;" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in reader


PAGE = """<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>連載 停戦協議</title>
</head><body><article><h1>連載 停戦協議</h1><p>{body}</p>
<p><a href="{next}">次のページ</a></p></article></body></html>"""


def test_multi_page_article_is_followed_and_joined(server):
    server.routes["/story"] = lambda request: request.send_text(
        200,
        "text/html; charset=utf-8",
        PAGE.format(
            body="ウィトコフ特使は13日、モスクワでプーチン大統領と会談した。", next="/story-2"
        ),
    )
    server.routes["/story-2"] = lambda request: request.send_text(
        200,
        "text/html; charset=utf-8",
        PAGE.format(body="ペスコフ報道官は14日、会談の内容を明らかにしなかった。", next=""),
    )

    article = ingest(server.url("/story"))

    assert "モスクワでプーチン大統領と会談した" in article.text
    assert "会談の内容を明らかにしなかった" in article.text
    assert server.paths_requested().count("/story-2") == 1


def test_broken_next_page_keeps_the_first_page(server):
    server.routes["/story"] = lambda request: request.send_text(
        200,
        "text/html; charset=utf-8",
        PAGE.format(
            body="ウィトコフ特使は13日、モスクワでプーチン大統領と会談した。", next="/gone"
        ),
    )

    article = ingest(server.url("/story"))

    assert article.status == Article.Status.FETCHED
    assert "モスクワ" in article.text


def ingest_story(server, path: str, body: str) -> Article:
    """Serve a one-paragraph story at ``path`` and ingest it."""
    server.routes[path] = lambda request: request.send_text(
        200, "text/html; charset=utf-8", PAGE.format(body=body, next="")
    )
    return ingest(server.url(path))


def test_the_editor_sees_the_words_each_issue_was_proposed_from(server, client, editor):
    article = ingest_story(
        server,
        "/energy",
        "ロシアとウクライナは3月18日、エネルギー施設への攻撃を30日間止めることで合意した。",
    )
    claim = Evidence.objects.get(article=article).claim
    client.force_login(editor)

    body = client.get(reverse("review:claim", args=[claim.pk])).content.decode()

    assert "energy_infrastructure" in set(claim.issues.values_list("slug", flat=True))
    words = claim.issue_keywords["energy_infrastructure"]
    assert words and all(word in claim.text for word in words)
    assert set(claim.issue_keywords) <= set(claim.issues.values_list("slug", flat=True))
    card = body[body.index('class="issues"') :]
    card = card[: card.index("</dd>")]
    assert 'data-issue="energy_infrastructure"' in card
    assert all(f"<q>{word}</q>" in card for word in words)


def test_days_listed_for_one_kind_of_event_are_stored_as_a_claim_each(server):
    article = ingest_story(
        server,
        "/rounds",
        "ロシアとウクライナは、5月16日、6月2日、7月23日にイスタンブールで協議を行った。",
    )

    claims = Claim.objects.filter(evidence__article=article).distinct()

    days = sorted(claims.values_list("event_start", flat=True))
    assert [(day.month, day.day) for day in days] == [(5, 16), (6, 2), (7, 23)]
    assert Evidence.objects.filter(article=article).count() == 3  # a passage each


def test_unknown_person_names_are_proposed_for_the_lexicon(server, client, editor):
    article = ingest_story(
        server, "/names", "山田太郎外相は2月14日、ミュンヘンでゼレンスキー大統領と会談した。"
    )
    claim = Evidence.objects.get(article=article, exact__contains="山田太郎").claim
    client.force_login(editor)

    body = client.get(reverse("review:article", args=[article.pk])).content.decode()

    assert claim.proposed_names == ["山田太郎"]
    assert "proposed-names" in body and "山田太郎" in body
