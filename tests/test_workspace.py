import pytest
from claims.models import Claim
from curation.models import Article
from tests.factories import ingest_demo_page

pytestmark = pytest.mark.django_db

def test_explore(demo_site):
    for name in ["aggregator-feb.html","call-feb12.html","kellogg-sjis.html","munich-eucjp.html","riyadh-talks.html","minerals-deal.html","german-election.html","energy-ceasefire.html"]:
        a = ingest_demo_page(demo_site, name)
        print("ARTICLE", a.pk, name, a.outlet, a.is_aggregator, a.feed_id, a.published_at, len(a.text), [ (s["start"], s["end"], s.get("citation")) for s in a.sections], list(a.citations.values_list("position","outlet_name")))
    for c in Claim.objects.order_by("pk").prefetch_related("actors","issues","evidence"):
        e = c.evidence.all()[0]
        print(c.pk, e.article_id, e.start, e.end, c.event_start, c.date_precision, [x.slug for x in c.actors.all()], [x.slug for x in c.issues.all()], c.modality, c.text[:70])
    assert 0
