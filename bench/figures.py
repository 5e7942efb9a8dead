"""The measured figures of `make bench`; each pairs our code with a baseline in the same run."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

import httpx
import trafilatura
from celery import current_app
from django.contrib.auth.models import Group, User
from django.http import HttpRequest, JsonResponse
from django.template import Context, Template
from django.test import RequestFactory

from bench.run import figure, paired_rates
from claims import services as claim_services
from claims.models import Claim, ReviewStatus
from curation import services as curation_services
from curation.models import Article
from demo.server import DemoSite

DEMO_PAGES = [
    "aggregator-feb.html",
    "call-feb12.html",
    "kellogg-sjis.html",
    "munich-eucjp.html",
    "riyadh-talks.html",
    "minerals-deal.html",
    "german-election.html",
    "energy-ceasefire.html",
]
_counter = itertools.count()
_state: dict[str, object] = {}


def _site() -> DemoSite:
    if "site" not in _state:
        _state["site"] = DemoSite().start()
    return _state["site"]  # type: ignore[return-value]


def _user(name: str, group: str) -> User:
    user, _ = User.objects.get_or_create(username=name)
    user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)


def _demo_corpus() -> list[Article]:
    """The demo pages through the whole pipeline, with every claim approved."""
    if "articles" not in _state:
        site = _site()
        editor = _user("bench-editor", "editor")
        articles = []
        for name in DEMO_PAGES:
            article, _ = curation_services.enqueue_url(url=site.url(name))
            article.refresh_from_db()
            articles.append(article)
        for claim in Claim.objects.filter(status=ReviewStatus.CANDIDATE):
            claim_services.approve_claim(claim=claim, user=editor, expected_version=claim.version)
        _state["articles"] = articles
    return _state["articles"]  # type: ignore[return-value]


# Ingestion (issue 3) ---------------------------------------------------------------------


def ingestion_throughput() -> dict:
    site = _site()
    urls = [site.url(name) for name in DEMO_PAGES]

    def baseline() -> int:
        with httpx.Client() as client:
            for url in urls:
                trafilatura.extract(client.get(url).content)
        return len(urls)

    def pipeline() -> int:
        # Fresh URLs each round: the pipeline rightly refuses to fetch a known page twice.
        round_id = next(_counter)
        for url in urls:
            article, _ = curation_services.enqueue_url(url=f"{url}?round={round_id}")
            curation_services.fetch_article(article_id=article.pk)
        return len(urls)

    # Queue for real (to an in-memory broker) instead of running the queued tasks inline.
    current_app.conf.task_always_eager = False
    current_app.conf.broker_url = "memory://"
    try:
        ours, base = paired_rates(pipeline, baseline, rounds=7, min_time=0.8)
    finally:
        current_app.conf.task_always_eager = True
    return figure(
        ours, "pages/s", "plain httpx.get + trafilatura.extract on the same local pages", base, 0.6
    )


# Extraction (issue 4) --------------------------------------------------------------------


def extraction_speed() -> dict:
    from claims.extraction.bench import benchmark_extraction

    sentences = [
        sentence
        for article in _demo_corpus()
        for sentence in re.split(r"(?<=。)", article.text)
        if len(sentence.strip()) > 5
    ]
    rates = benchmark_extraction(sentences)
    return figure(
        rates["extract_sentences_per_s"],
        "sentences/s",
        "bare SudachiPy tokenisation of the same sentences (one core)",
        rates["tokenize_sentences_per_s"],
        0.3,
    )


# Read API (issue 2) ----------------------------------------------------------------------


def api_claims_list() -> dict:
    from timeline.api import ClaimViewSet

    _demo_corpus()
    client = _user("bench-api", "api_client")
    factory = RequestFactory()
    api_view = ClaimViewSet.as_view({"get": "list"})

    def bare_view(request: HttpRequest) -> JsonResponse:
        rows = list(
            Claim.objects.filter(status=ReviewStatus.APPROVED)
            .order_by("event_start", "id")
            .values("id", "text", "event_start", "event_end", "date_precision", "modality")[:50]
        )
        return JsonResponse({"results": rows})

    def call(view: Callable) -> Callable[[], int]:
        def run() -> int:
            request = factory.get("/api/v1/claims/", {"page_size": 50})
            request.user = client
            response = view(request)
            if hasattr(response, "render"):
                response.render()
            assert response.status_code == 200, response.status_code
            return 1

        return run

    ours, base = paired_rates(call(api_view), call(bare_view))
    return figure(
        ours,
        "requests/s",
        "a bare Django view returning .values() of the same 50 claims as JSON",
        base,
        0.1,
    )


# Reader page (issue 5) -------------------------------------------------------------------


def reader_render() -> dict:
    """The reader page of a 10,000-character article with 50 claims, next to a bare render."""
    from claims.views import article_reader

    articles = _demo_corpus()
    editor = _user("bench-editor", "editor")
    text = "\n".join(article.text for article in articles)[:10_000]
    article = Article.objects.create(
        canonical_url="http://127.0.0.1/bench/long-article",
        requested_url="http://127.0.0.1/bench/long-article",
        status=Article.Status.FETCHED,
        title="長い記事",
        text=text,
    )
    sentence_ends = [match.end() for match in re.finditer("。", text)]
    step = max(1, len(sentence_ends) // 50)
    start = 0
    for end in sentence_ends[::step][:50]:
        claim_services.create_claim_from_selection(
            article=article, start=start, end=end, user=editor
        )
        start = end
    claims = Claim.objects.filter(evidence__article=article).distinct().count()
    factory = RequestFactory()
    bare = Template("{% for line in lines %}<p>{{ line }}</p>{% endfor %}")
    lines = text.split("\n")

    def ours() -> int:
        request = factory.get(f"/review/articles/{article.pk}/")
        request.user = editor
        response = article_reader(request, article.pk)
        assert response.status_code == 200
        return 1

    def baseline() -> int:
        bare.render(Context({"lines": lines}))
        return 1

    ours_rate, base_rate = paired_rates(ours, baseline)
    row = figure(
        1000 / ours_rate,
        "ms/render",
        f"bare template render of the same {len(text)}-character text (no claims)",
        1000 / base_rate,
        None,
    )
    # Times, not rates: the comparable ratio is baseline time / our time.
    row["ratio"] = round(row["baseline_value"] / row["value"], 4)
    row["claims"] = claims
    return row


ALL = [
    ("api_claims_list_rate", api_claims_list),
    ("ingestion_pages_per_s", ingestion_throughput),
    ("extraction_sentences_per_s", extraction_speed),
    ("reader_render_time", reader_render),
]
