"""The claim editor: a date that speaks its precision, pickers by Japanese alias, inline
saving in the reader, and what an edit does to a published claim."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims import selectors, services
from claims.forms import ClaimEditForm
from claims.models import Claim, ClaimHistory, ReviewStatus
from curation.models import Article
from tests.browsing import login
from tests.factories import ingest_demo_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def riyadh(demo_site) -> Article:
    return ingest_demo_page(demo_site, "riyadh-talks.html")


@pytest.fixture
def claim(riyadh) -> Claim:
    return Claim.objects.filter(evidence__article=riyadh).order_by("pk").first()


def edit_data(claim: Claim, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "version": claim.version,
        "text": claim.text,
        "gloss_en": "",
        "time_expression": "",
        "date_precision": "",
        "modality": claim.modality,
        "actors": list(claim.actors.values_list("slug", flat=True)),
        "issues": list(claim.issues.values_list("slug", flat=True)),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("fields", "span"),
    [
        ({"date_precision": "day", "event_start": "2025-02-12"}, (date(2025, 2, 12),) * 2),
        (
            {"date_precision": "month_part", "month": "2025-02", "month_part": "early"},
            (date(2025, 2, 1), date(2025, 2, 10)),
        ),
        (
            {"date_precision": "month_part", "month": "2025-02", "month_part": "late"},
            (date(2025, 2, 21), date(2025, 2, 28)),
        ),
        ({"date_precision": "month", "month": "2025-03"}, (date(2025, 3, 1), date(2025, 3, 31))),
        ({"date_precision": "year", "year": "2014"}, (date(2014, 1, 1), date(2014, 12, 31))),
        (
            {"date_precision": "range", "event_start": "2025-02-17", "event_end": "2025-02-18"},
            (date(2025, 2, 17), date(2025, 2, 18)),
        ),
        ({"date_precision": "before", "event_end": "2014-02-28"}, (None, date(2014, 2, 28))),
        ({"date_precision": "after", "event_start": "2025-02-12"}, (date(2025, 2, 12), None)),
        ({"date_precision": "", "event_start": "2025-02-12"}, (None, None)),
    ],
)
def test_the_date_control_turns_each_precision_into_a_span(claim, fields, span):
    form = ClaimEditForm(edit_data(claim, **fields))

    assert form.is_valid(), form.errors
    assert (form.cleaned_data["event_start"], form.cleaned_data["event_end"]) == span


def test_a_precision_without_its_date_is_an_error_on_that_field_shown_once(client, editor, claim):
    client.force_login(editor)

    response = client.post(
        reverse("review:edit", args=[claim.pk]),
        edit_data(claim, date_precision="month_part", month="2025-02"),
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert (
        body.count("This precision needs this field.")
        + body.count("この精度ではこの欄が必要です。")
        == 1
    )
    assert 'class="claim-card editing"' in body
    claim.refresh_from_db()
    assert claim.version == 1


def test_inline_editor_saves_in_place_with_a_confirmation(client, editor, claim):
    client.force_login(editor)
    url = reverse("review:edit", args=[claim.pk])

    editor_html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    response = client.post(
        url,
        edit_data(
            claim,
            text="ルビオ氏とラブロフ氏は2月18日にリヤドで会談した。",
            gloss_en="Rubio and Lavrov met in Riyadh on 18 February.",
            time_expression="2月18日",
            date_precision="day",
            event_start="2025-02-18",
            modality="asserted",
            actors=["rubio", "lavrov"],
        ),
        HTTP_HX_REQUEST="true",
    )

    assert f'hx-post="{url}"' in editor_html and 'name="date_precision"' in editor_html
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="saved"' in body and f'id="claim-{claim.pk}"' in body
    claim.refresh_from_db()
    assert (claim.version, claim.event_start, claim.date_precision) == (
        2,
        date(2025, 2, 18),
        "day",
    )
    assert sorted(claim.actors.values_list("slug", flat=True)) == ["lavrov", "rubio"]


def test_full_page_editor_returns_to_the_article_it_came_from(client, editor, riyadh, claim):
    client.force_login(editor)
    reader = reverse("review:article", args=[riyadh.pk])

    page = client.get(reverse("review:edit", args=[claim.pk]), {"next": reader})
    response = client.post(
        reverse("review:edit", args=[claim.pk]), edit_data(claim, next=reader, gloss_en="A gloss")
    )

    assert claim.evidence.get().exact in page.content.decode()  # the passage beside it
    assert response.status_code == 302 and response["Location"] == reader


def test_editing_a_published_claim_keeps_it_live_marked_in_its_history(client, editor, claim):
    services.approve_claim(claim=claim, user=editor, expected_version=1)
    client.force_login(editor)

    client.post(
        reverse("review:edit", args=[claim.pk]),
        edit_data(Claim.objects.get(pk=claim.pk), gloss_en="A gloss added later"),
        HTTP_HX_REQUEST="true",
    )
    page = client.get(reverse("review:claim", args=[claim.pk])).content.decode()

    claim.refresh_from_db()
    assert claim.status == ReviewStatus.APPROVED
    entry = claim.history.filter(action=ClaimHistory.Action.EDITED).get()
    assert entry.detail == {"after_approval": True, "back_to_review": False}
    assert "edited-after-approval" in page


def test_editing_a_published_claim_sends_it_back_to_review_when_set(
    client, editor, claim, settings
):
    settings.RONTEN_APPROVED_EDITS_TO_REVIEW = True
    services.approve_claim(claim=claim, user=editor, expected_version=1)
    client.force_login(editor)

    client.post(
        reverse("review:edit", args=[claim.pk]),
        edit_data(Claim.objects.get(pk=claim.pk), gloss_en="A gloss added later"),
        HTTP_HX_REQUEST="true",
    )

    claim.refresh_from_db()
    assert claim.status == ReviewStatus.CANDIDATE
    entry = claim.history.filter(action=ClaimHistory.Action.EDITED).get()
    assert entry.detail == {"after_approval": True, "back_to_review": True}


def test_pickers_find_actors_by_japanese_alias_and_issues_by_keyword(client, editor):
    client.force_login(editor)

    def found(kind: str, q: str) -> list[str]:
        body = client.get(reverse("review:lexicon"), {"kind": kind, "q": q}).content.decode()
        return re.findall(r'value="([a-z_-]+)"', body)

    assert found("actor", "キース・ケロッグ") == ["kellogg"]
    assert "kellogg" in found("actor", "ケロッグ特使")
    assert "witkoff" in found("actor", "ウィットコフ")
    assert "peacekeeping" in found("issue", "平和維持部隊")
    assert found("actor", "") == []


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_edits_a_claim_inline_beside_the_passage(browser, live_server, editor, demo_site):
    article = ingest_demo_page(demo_site, "riyadh-talks.html")
    claim = selectors.get_article_for_review(editor, article.pk).claims[0]
    page = login(browser, live_server, editor.username)
    reader = f"{live_server.url}/review/articles/{article.pk}/"
    page.goto(reader)

    page.keyboard.press("j")
    page.keyboard.press("e")
    card = page.locator(f"#claim-{claim.pk}")
    expect(card).to_have_class(re.compile(r"\bediting\b"))
    expect(card.locator("textarea[name=text]")).to_be_focused()
    card.locator("input[name=date_precision][value=month_part]").check()
    expect(card.locator("input[name=event_start]")).to_be_hidden()
    card.locator("input[name=month]").fill("2025-02")
    card.locator("select[name=month_part]").select_option("mid")
    expect(card.locator(".date-preview")).to_contain_text("2025年2月中旬")
    card.locator("input[name=time_expression]").fill("2025年2月下旬")
    expect(card.locator(".date-preview .suggestion")).to_contain_text("2025年2月下旬")
    card.locator(".date-preview button.use-reading").click()
    expect(card.locator("select[name=month_part]")).to_have_value("late")
    card.locator("select[name=month_part]").select_option("mid")
    card.locator("input[name=time_expression]").fill("2月中旬")
    card.locator("input[name=modality][value=planned]").check()
    picker = card.locator(".lexicon-picker[data-field=actors]")
    picker.locator("input.lexicon-query").fill("ウィットコフ")
    picker.locator(".lexicon-results input[value=witkoff]").check()
    expect(picker.locator(".chosen input[value=witkoff]")).to_be_checked()
    card.locator("button.save").click()

    expect(card.locator(".saved")).to_be_visible()
    expect(page).to_have_url(reader)
    claim.refresh_from_db()
    assert (claim.event_start, claim.event_end, claim.date_precision, claim.modality) == (
        date(2025, 2, 11),
        date(2025, 2, 20),
        "month_part",
        "planned",
    )
    assert "witkoff" in claim.actors.values_list("slug", flat=True)
