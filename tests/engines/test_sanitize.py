from __future__ import annotations

from curation.parsing import sanitize_html


def test_scripts_and_event_handlers_are_removed() -> None:
    cleaned = sanitize_html(
        '<p onclick="steal()">停戦<script>alert(1)</script></p><img src=x onerror=y>'
    )

    assert cleaned == "<p>停戦</p>"


def test_javascript_links_lose_their_href_and_links_get_safe_rel() -> None:
    cleaned = sanitize_html('<a href="javascript:alert(1)">x</a><a href="https://e.jp/">y</a>')

    assert 'href="javascript' not in cleaned
    assert '<a href="https://e.jp/" rel="noopener noreferrer nofollow">y</a>' in cleaned


def test_mark_keeps_data_attributes_other_tags_do_not() -> None:
    cleaned = sanitize_html('<mark data-claim="12" style="x">引用</mark><p data-x="1">本文</p>')

    assert cleaned == '<mark data-claim="12">引用</mark><p>本文</p>'


def test_structure_tags_survive_and_others_are_unwrapped() -> None:
    cleaned = sanitize_html("<h2>見出し</h2><div><ul><li><strong>要点</strong></li></ul></div>")

    assert cleaned == "<h2>見出し</h2><ul><li><strong>要点</strong></li></ul>"
