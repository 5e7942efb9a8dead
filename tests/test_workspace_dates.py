"""The claim editor's date control read back live: the date in the words the timeline will
use, and the time expression read against the claim's source, offered to fill the control."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim
from curation.models import Article
from tests.factories import ingest_demo_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(demo_site) -> Claim:
    riyadh: Article = ingest_demo_page(demo_site, "riyadh-talks.html")
    return Claim.objects.filter(evidence__article=riyadh).order_by("pk").first()


def test_the_date_control_is_read_back_in_the_words_the_timeline_will_use(client, editor, claim):
    client.force_login(editor)
    url = reverse("review:date-reading", args=[claim.pk])

    late_february = client.get(
        url, {"date_precision": "month_part", "month": "2025-02", "month_part": "late"}
    ).content.decode()
    half_filled = client.get(url, {"date_precision": "range", "event_start": "2025-02-14"})

    assert "2025年2月下旬" in late_february and "2025-02-21 – 2025-02-28" in late_february
    assert half_filled.status_code == 200
    assert "日付がまだ揃っていません" in half_filled.content.decode()


def test_a_time_expression_is_read_against_the_source_and_can_fill_the_control(
    client, editor, claim
):
    client.force_login(editor)
    url = reverse("review:date-reading", args=[claim.pk])
    typed = {"time_expression": "2025年3月上旬", "date_precision": ""}

    offered = client.get(url, typed).content.decode()
    applied = client.get(url, {**typed, "apply": "1"}).content.decode()
    agreed = client.get(
        url, {**typed, "date_precision": "month_part", "month": "2025-03", "month_part": "early"}
    ).content.decode()

    assert "2025年3月上旬" in offered and 'class="secondary use-reading"' in offered
    assert 'value="month_part" checked' in applied
    assert 'value="2025-03"' in applied and '<option value="early" selected>' in applied
    # once the control says what the expression says, nothing more is offered
    assert "use-reading" not in agreed


def test_the_date_reading_is_for_editors(client, analyst, claim):
    client.force_login(analyst)
    assert client.get(reverse("review:date-reading", args=[claim.pk])).status_code == 403
