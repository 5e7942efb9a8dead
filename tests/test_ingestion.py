"""The fetch path in-process: encodings, idempotency, citations and recorded failures."""

import pytest
from django.db import transaction

from claims.models import Claim, Evidence
from curation import services
from curation.models import Article, Citation, Feed, Outlet
from curation.services.outlets import outlet_id_for_url
from tests.factories import ingest, ingest_demo_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "encoding", "phrase"),
    [
        ("kellogg-sjis.html", "cp932", "ケロッグ"),
        ("munich-eucjp.html", "euc_j", "ミュンヘン"),
        ("german-election.html", "iso2022_jp", "総選挙"),
        ("call-feb12.html", "utf-8", "電話会談"),
    ],
)
def test_pages_in_every_encoding_arrive_as_correct_japanese(demo_site, name, encoding, phrase):
    article = ingest_demo_page(demo_site, name)

    assert article.status == Article.Status.FETCHED
    assert article.encoding.startswith(encoding)
    assert phrase in article.text
    assert "\ufffd" not in article.text
    assert article.raw_bytes
    assert Claim.objects.filter(evidence__article=article).exists()


def test_second_ingest_of_the_same_page_adds_nothing(demo_site):
    first = ingest_demo_page(demo_site, "call-feb12.html")
    counts = (Article.objects.count(), Claim.objects.count(), Evidence.objects.count())

    second = ingest_demo_page(demo_site, "call-feb12.html")
    ingest(demo_site.url("call-feb12.html?utm_source=feed&utm_medium=rss"))

    assert second.pk == first.pk
    assert (Article.objects.count(), Claim.objects.count(), Evidence.objects.count()) == counts


def test_extraction_twice_adds_no_claims(demo_site):
    from claims.services import extract_claims_for_article

    article = ingest_demo_page(demo_site, "call-feb12.html")
    before = Claim.objects.count()

    added = extract_claims_for_article(article_id=article.pk)

    assert added == 0
    assert Claim.objects.count() == before


def test_aggregator_sections_become_citations_and_claims_point_upstream(demo_site):
    article = ingest_demo_page(demo_site, "aggregator-feb.html")

    citations = list(Citation.objects.filter(article=article))
    assert article.is_aggregator
    assert len(citations) == 3
    assert {c.url.split("/")[2] for c in citations} >= {"jp.reuters.com"}
    assert all(c.published for c in citations)
    upstream = Evidence.objects.filter(article=article, citation__isnull=False)
    assert upstream.exists()


def test_claims_carry_quotes_that_match_the_article_text(demo_site):
    article = ingest_demo_page(demo_site, "energy-ceasefire.html")

    for evidence in Evidence.objects.filter(article=article):
        assert article.text[evidence.start : evidence.end] == evidence.exact
        assert article.text[: evidence.start].endswith(evidence.prefix)


def test_feed_poll_queues_every_item_once(demo_site):
    feed = services.create_feed(url=demo_site.url("feed.xml"), title="demo")
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        run = services.poll_feed(feed_id=feed.pk)
    with TestCase.captureOnCommitCallbacks(execute=True):
        again = services.poll_feed(feed_id=feed.pk)

    assert run.new_urls == 8
    assert again.new_urls == 0
    assert Article.objects.fetched().count() == 8
    feed.refresh_from_db()
    assert feed.last_success_at is not None
    assert feed.last_error == ""


def test_private_address_is_refused_before_any_fetch(settings):
    settings.FETCH_ALLOWED_HOSTS = []
    from curation.fetching import UnsafeURL, check_url_safe

    with pytest.raises(UnsafeURL):
        check_url_safe("http://127.0.0.1:9/x.html", settings.FETCH_ALLOWED_HOSTS)
    with pytest.raises(UnsafeURL):
        services.create_feed(url="http://169.254.169.254/latest/meta-data/")
    assert not Feed.objects.exists()


def test_outlets_are_remembered_and_an_edit_is_seen_at_once(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    url = "https://www.example-shimbun.jp/world/1.html"
    with django_capture_on_commit_callbacks(execute=True):
        first = outlet_id_for_url(url, site_name="試験新聞")
    with django_assert_num_queries(0):
        assert outlet_id_for_url(url, site_name="試験新聞") == first

    Outlet.objects.filter(pk=first).delete()
    second = outlet_id_for_url(url, site_name="試験新聞")

    assert second != first
    assert Outlet.objects.filter(pk=second, name="試験新聞").exists()


def test_an_outlet_created_in_a_rolled_back_transaction_is_not_remembered():
    url = "https://www.rollback-shimbun.jp/world/1.html"
    with pytest.raises(RuntimeError), transaction.atomic():
        outlet_id_for_url(url, site_name="巻き戻し新聞")
        raise RuntimeError("the page's transaction fails")

    created = outlet_id_for_url(url, site_name="巻き戻し新聞")

    assert Outlet.objects.filter(pk=created).exists()
