import csv
import io
import json
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Evidence, Issue
from claims.services import ClaimChanges, edit_claim
from curation.models import Article, Outlet
from demo.timeline_claims import load_timeline_demo
from tests.factories import approve_all, ingest_demo_page
from timeline import exports
from timeline.dates import date_label, english_time_expression
from timeline.selectors import PAGE_SIZE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts():
    # The issue counts are cached for a few minutes; each test has its own database.
    cache.clear()


@pytest.fixture
def demo(editor):
    load_timeline_demo(editor)
    return {claim.text: claim for claim in Claim.objects.approved()}


def ids(response):
    return [row.claim.pk for row in response.context["rows"]]


def by_text(demo, fragment):
    return next(claim for text, claim in demo.items() if fragment in text)


def test_timeline_lists_approved_claims_in_event_date_order(client, analyst, demo_site, editor):
    approve_all(ingest_demo_page(demo_site, "energy-ceasefire.html"), editor)
    approve_all(ingest_demo_page(demo_site, "call-feb12.html"), editor)
    client.force_login(analyst)

    response = client.get(reverse("timeline:index"))

    claims = response.context["page"].claims
    dates = [claim.event_start for claim in claims if claim.event_start]
    assert dates == sorted(dates)
    assert len(claims) == min(PAGE_SIZE, Claim.objects.approved().count())


def test_timeline_filters_by_issue(client, analyst, demo_site, editor):
    approve_all(ingest_demo_page(demo_site, "minerals-deal.html"), editor)
    approve_all(ingest_demo_page(demo_site, "munich-eucjp.html"), editor)
    client.force_login(analyst)
    expected = set(Claim.objects.approved().for_issue("minerals_deal").values_list("pk", flat=True))
    assert expected
    assert Claim.objects.approved().exclude(pk__in=expected).exists()

    response = client.get(reverse("timeline:index"), {"issue": "minerals_deal"})

    assert set(ids(response)) == expected


def test_several_issues_any_or_all(client, demo):
    both = by_text(demo, "ジッダ")
    monitoring = set(
        Claim.objects.approved().for_issue("ceasefire_monitoring").values_list("pk", flat=True)
    )
    process = set(
        Claim.objects.approved().for_issue("negotiations_process").values_list("pk", flat=True)
    )
    url = reverse("timeline:index")
    params = {"issue": ["ceasefire_monitoring", "negotiations_process"]}

    assert set(ids(client.get(url, params))) == monitoring | process
    assert set(ids(client.get(url, {**params, "issue_mode": "all"}))) == {both.pk}


def test_actor_by_slug_or_japanese_alias_outlet_by_domain_modality_and_text(client, demo):
    url = reverse("timeline:index")
    kellogg = by_text(demo, "ケロッグ")
    assert ids(client.get(url, {"actor": "kellogg"})) == [kellogg.pk]
    assert ids(client.get(url, {"actor": "キース・ケロッグ"})) == [kellogg.pk]
    paper = set(
        Claim.objects.filter(evidence__article__outlet__slug="ronten-demo-paper").values_list(
            "pk", flat=True
        )
    )
    assert set(ids(client.get(url, {"outlet": "demo-paper.example"}))) == paper
    outlet_id = Outlet.objects.get(slug="ronten-demo-paper").pk
    assert set(ids(client.get(url, {"outlet": str(outlet_id)}))) == paper
    denied_or_speculative = {c.pk for c in demo.values() if c.modality in {"denied", "speculative"}}
    assert set(ids(client.get(url, {"modality": ["denied", "speculative"]}))) == (
        denied_or_speculative
    )
    assert ids(client.get(url, {"q": "イスタンブール"})) == [by_text(demo, "イスタンブール").pk]


def test_date_range_is_an_overlap_of_spans(client, demo):
    url = reverse("timeline:index")
    found = set(ids(client.get(url, {"date_from": "2025-04-20", "date_to": "2025-04-25"})))
    # the 100-day mandate (to 30 Apr), "after 12 Feb" (open right), the six months, the
    # year 2025, "before 30 Apr" (open left) overlap; the day 30 Apr and "before 19 Jan" do not.
    assert by_text(demo, "100日以内").pk in found
    assert by_text(demo, "2月12日以降").pk in found
    assert by_text(demo, "6か月").pk in found
    assert by_text(demo, "2025年中").pk in found
    assert by_text(demo, "4月30日までの署名").pk in found
    assert by_text(demo, "4月30日、鉱物").pk not in found
    assert by_text(demo, "1月19日以前").pk not in found
    assert by_text(demo, "NATO加盟").pk not in found  # undated never matches a range
    assert by_text(demo, "1月19日以前").pk in set(ids(client.get(url, {"date_to": "2025-01-05"})))


def test_min_sources_counts_independent_outlets(client, demo):
    found = set(ids(client.get(reverse("timeline:index"), {"min_sources": 2})))
    two = {
        claim.pk
        for claim in demo.values()
        if Evidence.objects.filter(claim=claim).values("article__outlet").distinct().count() >= 2
    }
    assert found == two and len(two) >= 5


@pytest.mark.parametrize(
    "params, field",
    [
        ({"issue": "bogus"}, "issue"),
        ({"actor": "nobody"}, "actor"),
        ({"outlet": "no-such-outlet.example"}, "outlet"),
        ({"modality": "maybe"}, "modality"),
        ({"date_from": "2025-13-01"}, "date_from"),
        ({"date_from": "2025-03-01", "date_to": "2025-02-01"}, "date_to"),
        ({"min_sources": "0"}, "min_sources"),
        ({"min_sources": "many"}, "min_sources"),
        ({"issue_mode": "some"}, "issue_mode"),
    ],
)
def test_bad_filter_values_are_clear_errors_never_a_wider_result(client, demo, params, field):
    response = client.get(reverse("timeline:index"), params)

    assert response.status_code == 400
    assert response.context["rows"] == []
    assert field in response.context["form"].errors
    assert f'data-field="{field}"'.encode() in response.content
    export = client.get(reverse("timeline:export", args=["csv"]), params)
    assert export.status_code == 400
    assert field in export.content.decode()


def test_keyset_pages_keep_every_filter_and_never_count(
    client, editor, django_assert_max_num_queries
):
    issue = Issue.objects.get(slug="territory")
    article = Article.objects.create(
        canonical_url="https://example.org/a", requested_url="https://example.org/a", text="x" * 10
    )
    claims = []
    for day in range(1, 121):
        claim = Claim.objects.create(
            text=f"領土の主張{day}",
            event_start=date(2025, 1 + day // 31, 1 + day % 28),
            event_end=date(2025, 1 + day // 31, 1 + day % 28),
            date_precision="day",
            status="approved",
        )
        claim.issues.add(issue)
        Evidence.objects.create(claim=claim, article=article, exact="x", start=day, end=day + 1)
        claims.append(claim)
    Claim.objects.create(text="別の論点", event_start=date(2025, 1, 2), status="approved")
    expected = list(
        Claim.objects.approved()
        .for_issue("territory")
        .in_timeline_order()
        .values_list("pk", flat=True)
    )
    url = reverse("timeline:index")
    seen, params = [], {"issue": "territory", "q": "領土", "group": "week"}
    response = client.get(url, params)
    while True:
        seen += ids(response)
        link = response.context["next_link"]
        if not link:
            break
        assert "issue=territory" in link and "q=" in link and "group=week" in link
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{url}?{link}")
        assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
        assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)
    assert seen == expected
    previous = response.context["previous_link"]
    assert "issue=territory" in previous
    back = client.get(f"{url}?{previous}")
    assert ids(back) == expected[PAGE_SIZE : 2 * PAGE_SIZE]
    # exports keep the filters too
    export_link = response.context["export_query"]
    assert "issue=territory" in export_link and "q=" in export_link
    assert client.get(f"{url}?after=garbage").status_code == 400


def test_htmx_filter_returns_only_the_results_fragment(client, analyst):
    client.force_login(analyst)

    response = client.get(reverse("timeline:index"), {"issue": "territory"}, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]
    # the pill of the chosen issue is the highlighted one
    assert 'data-issue="territory" class="active"' in body


def test_candidates_never_reach_the_timeline(client, analyst, demo_site):
    ingest_demo_page(demo_site, "call-feb12.html")
    client.force_login(analyst)

    response = client.get(reverse("timeline:index"))

    assert response.context["page"].claims == []


def _timeline_queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("timeline:index"), params).status_code == 200
    return len(queries.captured_queries)


def test_timeline_query_count_does_not_grow(client, analyst, demo_site, editor, demo, settings):
    settings.RONTEN_PUBLISHED_CACHE_SECONDS = 0  # every request renders its results
    client.force_login(analyst)
    params = {"issue": ["minerals_deal", "territory"], "actor": "bessent", "min_sources": 2}
    client.get(reverse("timeline:index"))  # the issue counts are cached from here on
    plain_small = _timeline_queries(client, {})
    filtered_small = _timeline_queries(client, params)
    approve_all(ingest_demo_page(demo_site, "aggregator-feb.html"), editor)
    approve_all(ingest_demo_page(demo_site, "riyadh-talks.html"), editor)

    assert _timeline_queries(client, {}) == plain_small
    assert _timeline_queries(client, params) == filtered_small
    # session, user, roles; the newest claim change; one page of claims; the page's issue and
    # actor links (one UNION ALL); its evidence (the filter bar's vocabulary and the issue
    # totals are cached).
    assert plain_small == 7


def test_rendered_results_are_reused_until_a_claim_changes(client, analyst, editor, demo):
    claim = by_text(demo, "ケロッグ")
    params = {"issue": claim.issues.first().slug}
    client.force_login(analyst)
    first = client.get(reverse("timeline:index"), params)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(reverse("timeline:index"), params)
    # session, user, roles, the newest claim change: nothing else
    assert len(queries.captured_queries) == 4

    def results(response):  # the page around them holds a fresh CSRF token each time
        return response.content.decode().split('id="results"')[1]

    assert results(again) == results(first)
    english = client.get(reverse("timeline:index"), params, HTTP_ACCEPT_LANGUAGE="en")
    assert results(english) != results(first)  # each language has its own rendering

    rewritten = "ケロッグ特使の任期について書き直した主張"
    edit_claim(
        claim=claim,
        user=editor,
        expected_version=claim.version,
        changes=ClaimChanges(
            text=rewritten,
            time_expression=claim.time_expression,
            event_start=claim.event_start,
            event_end=claim.event_end,
            date_precision=claim.date_precision,
            modality=claim.modality,
            actor_slugs=tuple(claim.actors.values_list("slug", flat=True)),
            issue_slugs=tuple(claim.issues.values_list("slug", flat=True)),
        ),
    )
    assert rewritten in client.get(reverse("timeline:index"), params).content.decode()


def test_rows_show_dates_in_words_expressions_links_modality_and_sources(client, demo):
    response = client.get(reverse("timeline:index"), HTTP_ACCEPT_LANGUAGE="ja")
    body = response.content.decode()

    assert "2025年2月下旬" in body and "「2月下旬」" in body
    assert "2025年1月" in body
    assert "2025年1月19日以前" in body and "2025年2月12日以降" in body
    assert "2025年1月20日から2025年4月30日まで" in body
    claim = by_text(demo, "ケロッグ")
    assert f'href="{reverse("review:claim", args=[claim.pk])}"' in body
    assert "確度: 予定" in body
    assert "独立した媒体 2 社" in body or "2 independent outlets" in body
    assert "単独の情報源" in body

    english = client.get(reverse("timeline:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "late February 2025" in english
    assert "within 100 days" in english
    assert "before 19 Jan 2025" in english
    assert "Single source" in english


def test_lanes_draw_each_precision_honestly(client, demo):
    response = client.get(reverse("timeline:index"), {"view": "lanes"})
    body = response.content.decode()
    lanes = response.context["lanes"]

    assert {lane["slug"] for lane in lanes["lanes"]} >= {"minerals_deal", "ceasefire_monitoring"}
    kinds = {mark.kind for lane in lanes["lanes"] for mark in lane["marks"]}
    assert kinds == {"point", "span", "open_left", "open_right", "deadline"}
    for lane in lanes["lanes"]:
        for mark in lane["marks"]:
            if mark.kind == "open_left":
                assert mark.x1 == 0
            if mark.kind == "open_right":
                assert mark.x2 == lanes["width"]
    assert 'class="mark deadline"' in body


def test_deadline_tracker_shows_the_100_day_mandate_as_passed(client, demo):
    response = client.get(reverse("timeline:index"), {"view": "deadlines"})
    bars = {bar["claim"].pk: bar["item"] for bar in response.context["deadlines"]}

    mandate = bars[by_text(demo, "100日以内").pk]
    assert (mandate.start, mandate.due, mandate.state) == (
        date(2025, 1, 20),
        date(2025, 4, 30),
        "passed",
    )
    signing = bars[by_text(demo, "4月30日までの署名").pk]
    assert signing.state == "met"
    assert by_text(demo, "4月30日、鉱物").pk in {c.pk for c in signing.related}
    assert b'data-due="2025-04-30" data-state="passed"' in response.content


def test_weekly_chart_is_counted_in_the_database(client, demo):
    response = client.get(reverse("timeline:chart"), {"issue": "minerals_deal"})

    charts = response.context["charts"]
    assert [chart["issue"].slug for chart in charts] == ["minerals_deal"]
    dated = Claim.objects.approved().for_issue("minerals_deal").filter(event_start__isnull=False)
    assert charts[0]["total"] == dated.count()
    assert b"<svg" in response.content


def test_pills_show_counts(client, demo):
    response = client.get(reverse("timeline:index"))
    pills = {pill["slug"]: pill["count"] for pill in response.context["issues"]}
    assert pills["minerals_deal"] == Claim.objects.approved().for_issue("minerals_deal").count()


def test_ui_speaks_english_when_asked(client, analyst):
    client.force_login(analyst)

    response = client.get(reverse("timeline:index"), HTTP_ACCEPT_LANGUAGE="en")

    assert b"Timeline of approved claims" in response.content


def test_ui_speaks_japanese_by_default(client, analyst):
    client.force_login(analyst)

    response = client.get(reverse("timeline:index"), HTTP_ACCEPT_LANGUAGE="ja")

    assert "承認済みの主張の年表".encode() in response.content


def _export(client, fmt, params=None):
    response = client.get(reverse("timeline:export", args=[fmt]), params or {})
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_export_follows_every_filter_and_neutralises_formulas(client, demo, editor):
    formula = Claim.objects.create(
        text='=HYPERLINK("http://evil.example")と主張した',
        status="approved",
        event_start=date(2025, 3, 3),
        event_end=date(2025, 3, 3),
        date_precision="day",
        time_expression="-3日",
    )
    formula.issues.add(Issue.objects.get(slug="minerals_deal"))
    expected = set(Claim.objects.approved().for_issue("minerals_deal").values_list("pk", flat=True))

    text = _export(client, "csv", {"issue": "minerals_deal"})

    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert {int(row["id"]) for row in rows} == expected
    assert all("minerals_deal" in row["issues"].split() for row in rows)
    row = next(row for row in rows if int(row["id"]) == formula.pk)
    assert row["text"].startswith("'=") and row["time_expression"] == "'-3日"
    assert all(not value.startswith(("=", "+", "@")) for r in rows for value in r.values())


def test_json_and_timelinejs_and_claimreview_exports_parse(client, demo):
    data = json.loads(_export(client, "json", {"min_sources": 2}))
    assert {item["id"] for item in data["claims"]} == set(
        ids(client.get(reverse("timeline:index"), {"min_sources": 2}))
    )
    assert all(item["independent_sources"] >= 2 for item in data["claims"])

    slides = json.loads(_export(client, "timelinejs"))["events"]
    dated = Claim.objects.approved().exclude(event_start__isnull=True, event_end__isnull=True)
    assert len(slides) == dated.count()
    for slide in slides:
        assert isinstance(slide["start_date"]["year"], int)
        assert 1 <= slide["start_date"]["month"] <= 12
        assert slide["text"]["headline"]

    graph = json.loads(_export(client, "jsonld"))
    assert graph["@context"] == "https://schema.org"
    for item in graph["@graph"]:
        assert item["@type"] == "ClaimReview"
        assert item["claimReviewed"] and item["url"].startswith("http")
        assert item["reviewRating"]["@type"] == "Rating"
        assert item["itemReviewed"]["@type"] == "Claim"
        assert item["author"]["name"] == "Ronten"


def test_icalendar_export_has_events_at_their_precision(client, demo):
    from icalendar import Calendar

    calendar = Calendar.from_ical(_export(client, "ics"))
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    mandate = events[f"claim-{by_text(demo, '100日以内').pk}@ronten"]
    assert mandate["DTSTART"].dt == date(2025, 1, 20)
    assert mandate["DTEND"].dt == date(2025, 5, 1)  # exclusive: the due day is included
    day = events[f"claim-{by_text(demo, '4月30日、鉱物').pk}@ronten"]
    assert (day["DTSTART"].dt, day["DTEND"].dt) == (date(2025, 4, 30), date(2025, 5, 1))
    month = events[f"claim-{by_text(demo, '2025年1月、米新政権').pk}@ronten"]
    assert (month["DTSTART"].dt, month["DTEND"].dt) == (date(2025, 1, 1), date(2025, 2, 1))
    assert f"claim-{by_text(demo, 'NATO加盟').pk}@ronten" not in events  # undated


def test_exports_stream_in_batches(client, demo, settings, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr("timeline.selectors.EXPORT_BATCH", 3)
    from timeline import selectors

    approved = Claim.objects.approved().count()
    batches = approved // 3 + 1  # the last one is short (or empty)
    # the issue and actor slugs once; then per batch: claims, links (one UNION ALL), evidence
    with django_assert_num_queries(2 + 3 * batches - (2 if approved % 3 == 0 else 0)):
        rows = list(selectors.export_rows(Claim.objects.approved(), batch=3))
    assert [row["id"] for row in rows] == list(
        Claim.objects.approved().in_timeline_order().values_list("pk", flat=True)
    )
    for row in rows:
        claim = Claim.objects.get(pk=row["id"])
        assert row["issues"] == sorted(claim.issues.values_list("slug", flat=True))
        assert row["actors"] == sorted(claim.actors.values_list("slug", flat=True))
        assert len(row["evidence"]) == claim.evidence.count()
    assert exports.neutralise("@SUM(A1)") == "'@SUM(A1)" and exports.neutralise(3) == 3


def test_published_claims_are_readable_without_an_account(client, demo):
    claim = by_text(demo, "ケロッグ")
    assert client.get(reverse("timeline:index")).status_code == 200
    assert client.get(reverse("review:claim", args=[claim.pk])).status_code == 200
    assert client.get(reverse("timeline:export", args=["csv"])).status_code == 200
    candidate = Claim.objects.create(text="未承認の主張", status="candidate")
    assert client.get(reverse("review:claim", args=[candidate.pk])).status_code == 302
    assert client.get(reverse("review:inbox")).status_code == 302


def test_public_read_can_be_turned_off(client, outsider, demo, settings):
    settings.RONTEN_PUBLIC_READ = False
    claim = by_text(demo, "ケロッグ")

    assert client.get(reverse("timeline:index")).status_code == 403
    assert client.get(reverse("timeline:export", args=["json"])).status_code == 403
    assert client.get(reverse("review:claim", args=[claim.pk])).status_code == 302
    client.force_login(outsider)
    assert client.get(reverse("review:claim", args=[claim.pk])).status_code == 403
    assert client.get(reverse("timeline:export", args=["csv"])).status_code == 403


def test_login_page_says_what_ronten_is(client):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Russia" in body and "claims" in body


@pytest.mark.parametrize(
    "start, end, precision, ja, en",
    [
        (date(2025, 2, 12), date(2025, 2, 12), "day", "2025年2月12日", "12 Feb 2025"),
        (date(2025, 2, 21), date(2025, 2, 28), "month_part", "2025年2月下旬", "late February 2025"),
        (date(2025, 2, 1), date(2025, 2, 10), "month_part", "2025年2月上旬", "early February 2025"),
        (date(2025, 1, 1), date(2025, 1, 31), "month", "2025年1月", "January 2025"),
        (None, date(2025, 1, 19), "before", "2025年1月19日以前", "before 19 Jan 2025"),
        (date(2025, 2, 12), None, "after", "2025年2月12日以降", "after 12 Feb 2025"),
        (
            date(2025, 3, 11),
            date(2025, 3, 12),
            "range",
            "2025年3月11日〜3月12日",
            "11 Mar 2025 – 12 Mar 2025",
        ),
    ],
)
def test_date_labels(start, end, precision, ja, en):
    assert date_label(start, end, precision, "ja") == ja
    assert date_label(start, end, precision, "en") == en


def test_english_time_expressions():
    assert english_time_expression("100日以内") == "within 100 days"
    assert english_time_expression("2月下旬") == "February (late)"
    assert english_time_expression("30日間") == "for 30 days"
    assert english_time_expression("六か月") == "6 months"


def test_an_actor_newer_than_the_cached_vocabulary_still_shows(client, demo):
    from claims.models import Actor

    client.get(reverse("timeline:index"))  # the vocabulary is cached now
    newcomer = Actor.objects.create(slug="newcomer", name_ja="新顔", name_en="Newcomer")
    claim = by_text(demo, "ケロッグ")
    claim.actors.add(newcomer)

    response = client.get(reverse("timeline:index"), {"actor": "新顔"})

    assert [row.actor_names for row in response.context["rows"]] == [["ケロッグ", "新顔"]]


def test_zoom_from_months_to_weeks_to_days_and_back(client, demo):
    url = reverse("timeline:index")
    months = client.get(url, {"group": "month", "issue": "ceasefire_monitoring"})
    february_or_later = [g for g in months.context["groups"] if g["start"]]
    january = february_or_later[0]
    assert january["label"] == "2025年1月"
    assert "date_from=2025-01-01" in january["zoom"] and "date_to=2025-01-31" in january["zoom"]
    assert "group=week" in january["zoom"] and "issue=ceasefire_monitoring" in january["zoom"]

    weeks = client.get(f"{url}?{january['zoom']}")
    assert weeks.context["group"] == "week"
    assert {row.claim.pk for row in weeks.context["rows"]} == {by_text(demo, "100日以内").pk}
    zoom_out = weeks.context["zoom_out"]
    assert "date_from=2025-01-01" in zoom_out and "date_to=2025-12-31" in zoom_out
    assert "group=month" in zoom_out
    assert client.get(f"{url}?{zoom_out}").context["zoom_out"] is not None


def test_each_date_shape_is_drawn_from_one_symbol_of_the_page(client, demo):
    body = client.get(reverse("timeline:index")).content.decode()

    for shape in ("before", "after", "duration", "day", "span"):
        assert body.count(f'<symbol id="shape-{shape}"') == 1
        assert f'<use href="#shape-{shape}"/>' in body


def test_a_source_url_that_is_not_http_is_no_link(client, demo):
    claim = by_text(demo, "ケロッグ")
    article = Article.objects.filter(evidence__claim=claim).first()
    Article.objects.filter(pk=article.pk).update(canonical_url="javascript:alert(1)")

    body = client.get(reverse("timeline:index")).content.decode()

    assert "javascript:" not in body


def test_pills_count_each_issue_under_the_other_filters(client, demo, django_assert_num_queries):
    params = {"issue": "minerals_deal", "modality": "asserted", "date_from": "2025-02-01"}
    page = client.get(reverse("timeline:index"), params)
    # the page leaves the counts to the chart request, which fills them in out of band
    assert {pill["count"] for pill in page.context["issues"]} == {None}
    assert b'id="pill-count-territory">\xe2\x80\xa6</span>' in page.content

    # the issue slug; the latest date and the weekly groups; the issues; the pills' groups
    with django_assert_num_queries(5):
        response = client.get(reverse("timeline:chart"), params)

    def overlaps(claim):  # the span [start, end] reaches 2025-02-01 or later
        last = None if claim.date_precision == "after" else (claim.event_end or claim.event_start)
        dated = claim.event_start or claim.event_end
        return bool(dated) and (last is None or last >= date(2025, 2, 1))

    others = [
        claim for claim in Claim.objects.approved().filter(modality="asserted") if overlaps(claim)
    ]
    expected = [
        {"slug": issue.slug, "count": sum(issue in claim.issues.all() for claim in others)}
        for issue in Issue.objects.order_by("slug")
    ]
    assert response.context["charts"]  # the weekly chart is drawn too
    assert response.context["pill_counts"] == expected
    assert any(pill["count"] for pill in expected)
    body = response.content.decode()
    for pill in expected:
        assert (
            f'<span class="pill-count" id="pill-count-{pill["slug"]}" hx-swap-oob="true">'
            f"{pill['count']}</span>"
        ) in body


def test_pills_keep_the_totals_when_only_issues_are_chosen(client, demo, django_assert_num_queries):
    params = {"issue": ["territory", "minerals_deal"], "issue_mode": "any"}
    page = client.get(reverse("timeline:index"), params)
    pills = {pill["slug"]: pill["count"] for pill in page.context["issues"]}
    assert pills["territory"] == Claim.objects.approved().for_issue("territory").count()

    # the issue slugs; the latest date and the weekly groups; the issues (no pill counts)
    with django_assert_num_queries(4):
        response = client.get(reverse("timeline:chart"), params)

    assert response.context["charts"]
    assert response.context["pill_counts"] == []
    assert b"hx-swap-oob" not in response.content
