"""Fetch and feed failures are explained in the reader's language, the technical detail kept."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from curation.models import Feed
from curation.templatetags.fetch_errors import fetch_error


@pytest.mark.parametrize(
    ("stored", "japanese"),
    [
        ("timeout: timed out fetching https://news.example.jp/feed", "時間内に応答しませんでした"),
        ("http_503: HTTP 503 for https://news.example.jp/feed", "HTTP ステータス 503"),
        ("robots_disallowed", "robots.txt"),
        ("something_new: detail", "ページを取得できませんでした"),
    ],
)
def test_a_stored_reason_reads_as_a_sentence_in_japanese(stored: str, japanese: str) -> None:
    with translation.override("ja"):
        assert japanese in fetch_error(stored)


def test_no_reason_reads_as_nothing() -> None:
    assert fetch_error("") == ""


@pytest.mark.django_db
def test_the_sources_page_explains_a_failed_feed_in_the_ui_language(client, editor) -> None:
    Feed.objects.create(
        url="https://news.example.jp/rss",
        title="試験フィード",
        last_error="timeout: timed out fetching https://news.example.jp/rss",
    )
    client.force_login(editor)

    japanese = client.get(reverse("curation:feeds"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    english = client.get(reverse("curation:feeds"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "サイトが時間内に応答しませんでした。" in japanese
    assert "The site did not answer in time." in english
    assert "timed out fetching" in japanese  # the technical detail stays beside it
