import pytest
from django.urls import reverse

from claims.models import Claim
from tests.factories import approve_all, ingest_demo_page

pytestmark = pytest.mark.django_db


def test_timeline_lists_approved_claims_in_event_date_order(client, analyst, demo_site, editor):
    approve_all(ingest_demo_page(demo_site, "energy-ceasefire.html"), editor)
    approve_all(ingest_demo_page(demo_site, "call-feb12.html"), editor)
    client.force_login(analyst)

    response = client.get(reverse("timeline:index"))

    page = response.context["page"]
    dates = [claim.event_start for claim in page.object_list if claim.event_start]
    assert dates == sorted(dates)
    assert len(page.object_list) == min(50, Claim.objects.approved().count())


def test_timeline_filters_by_issue(client, analyst, demo_site, editor):
    approve_all(ingest_demo_page(demo_site, "minerals-deal.html"), editor)
    approve_all(ingest_demo_page(demo_site, "munich-eucjp.html"), editor)
    client.force_login(analyst)
    expected = set(Claim.objects.approved().for_issue("minerals_deal").values_list("pk", flat=True))
    assert expected
    assert Claim.objects.approved().exclude(pk__in=expected).exists()

    response = client.get(reverse("timeline:index"), {"issue": "minerals_deal"})

    assert {claim.pk for claim in response.context["page"].object_list} == expected


def test_htmx_filter_returns_only_the_results_fragment(client, analyst):
    client.force_login(analyst)

    response = client.get(reverse("timeline:index"), {"issue": "territory"}, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results">')
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_candidates_never_reach_the_timeline(client, analyst, demo_site):
    ingest_demo_page(demo_site, "call-feb12.html")
    client.force_login(analyst)

    response = client.get(reverse("timeline:index"))

    assert list(response.context["page"].object_list) == []


def test_timeline_query_count_does_not_grow(
    client, analyst, demo_site, editor, django_assert_num_queries
):
    approve_all(ingest_demo_page(demo_site, "call-feb12.html"), editor)
    client.force_login(analyst)
    with django_assert_num_queries(9) as first:
        client.get(reverse("timeline:index"))
    approve_all(ingest_demo_page(demo_site, "aggregator-feb.html"), editor)
    approve_all(ingest_demo_page(demo_site, "riyadh-talks.html"), editor)

    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("timeline:index"))


def test_ui_speaks_english_when_asked(client, analyst):
    client.force_login(analyst)

    response = client.get(reverse("timeline:index"), HTTP_ACCEPT_LANGUAGE="en")

    assert b"Timeline of approved claims" in response.content


def test_ui_speaks_japanese_by_default(client, analyst):
    client.force_login(analyst)

    response = client.get(reverse("timeline:index"), HTTP_ACCEPT_LANGUAGE="ja")

    assert "承認済みの主張の年表".encode() in response.content


def test_csv_export_follows_the_issue_filter(client, analyst, demo_site, editor):
    import csv
    import io

    approve_all(ingest_demo_page(demo_site, "minerals-deal.html"), editor)
    approve_all(ingest_demo_page(demo_site, "munich-eucjp.html"), editor)
    client.force_login(analyst)
    expected = Claim.objects.approved().for_issue("minerals_deal")

    response = client.get(reverse("timeline:export"), {"issue": "minerals_deal"})

    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {int(row["id"]) for row in rows} == set(expected.values_list("pk", flat=True))
    assert all("minerals_deal" in row["issues"].split() for row in rows)
    assert any("鉱物" in row["text"] or "レアアース" in row["text"] for row in rows)


def test_csv_export_needs_a_role(client, outsider):
    client.force_login(outsider)

    assert client.get(reverse("timeline:export")).status_code == 403
