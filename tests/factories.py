"""Small factories that build state through the real services."""

from __future__ import annotations

from django.test import TestCase

from claims import services as claim_services
from claims.models import Claim
from curation import services as curation_services
from curation.models import Article
from demo.server import DemoSite


def ingest(url: str) -> Article:
    """Enqueue and run the whole pipeline in-process (tasks are eager in tests)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        article, _ = curation_services.enqueue_url(url=url)
    article.refresh_from_db()
    return article


def ingest_demo_page(site: DemoSite, name: str) -> Article:
    return ingest(site.url(name))


def approve_all(article: Article, user: object) -> list[Claim]:
    claims = list(Claim.objects.filter(evidence__article=article).distinct())
    return [
        claim_services.approve_claim(claim=claim, user=user, expected_version=claim.version)
        for claim in claims
    ]
