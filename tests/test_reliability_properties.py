"""Property-based checks (hypothesis): dates, encodings, URLs, quote re-anchoring."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import find_time_expressions
from claims.services.candidates import locate_quote
from curation.parsing import DecodeError, canonicalize_url, decode_html, is_web_url
from tests.reliability_report import FIGURES as figures

pytestmark = pytest.mark.reliability

CHECKS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
JAPANESE = st.text(
    alphabet=st.sampled_from(
        list("年月日週末初旬上中下来先今昨明前後第回の、。に会談停戦協議0123456789０１２３")
    ),
    max_size=40,
)
LABELS = st.sampled_from(
    ["utf-8", "shift_jis", "euc-jp", "iso-2022-jp", "hex", "base64", "zlib", "rot13",
     "undefined", "utf-7", "x-unknown", "", "latin1", "utf-16"]
)  # fmt: skip


@CHECKS
@given(
    text=st.one_of(
        JAPANESE,
        st.builds(
            lambda y, m, d, rest: f"{y}年{m}月{d}日{rest}",
            st.integers(0, 99999),
            st.integers(0, 99),
            st.integers(0, 99),
            JAPANESE,
        ),
    ),
    anchor=st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
)
def test_resolved_dates_are_spans_in_range(text: str, anchor: date) -> None:
    figures.add("property-based inputs tried")
    for mention in find_time_expressions(text, anchor):
        assert text[mention.start : mention.end] == mention.expression
        if mention.date is None:
            continue
        start, end = mention.date.start, mention.date.end
        if start and end:
            assert start <= end
        # A year written out stands as written; anything else lands near the anchor.
        if re.search(r"[0-9０-９]{3,}年", mention.expression):
            continue
        for day in (start, end):
            if day is not None:
                assert abs(day.year - anchor.year) <= 100, (text, mention)


@CHECKS
@given(body=st.binary(min_size=0, max_size=600), label=LABELS, meta=LABELS)
def test_any_bytes_and_any_declared_charset_decode_or_are_refused(
    body: bytes, label: str, meta: str
) -> None:
    figures.add("property-based inputs tried")
    page = f'<meta charset="{meta}">'.encode() + body
    try:
        decoded = decode_html(page, header_charset=label or None)
    except DecodeError:
        return
    assert isinstance(decoded.text, str)
    assert decoded.encoding


URLS = st.builds(
    lambda scheme, host, path, query: f"{scheme}://{host}/{path}?{query}",
    st.sampled_from(["http", "https", "HTTPS"]),
    st.from_regex(r"(m\.|amp\.|www\.)?[a-z]{1,10}\.(jp|com|co\.jp)", fullmatch=True),
    st.text(alphabet=st.sampled_from(list("abc/-_.%~停戦")), max_size=20),
    st.from_regex(r"((utm_source|id|p|fbclid|amp)=[a-z0-9]{0,5}&?){0,3}", fullmatch=True),
)


@CHECKS
@given(url=URLS)
def test_canonical_urls_are_idempotent_and_stay_web_urls(url: str) -> None:
    figures.add("property-based inputs tried")
    canonical = canonicalize_url(url)
    assert canonicalize_url(canonical) == canonical
    assert is_web_url(canonical)
    keys = [key for key, _ in parse_qsl(urlsplit(canonical).query, keep_blank_values=True)]
    assert not [key for key in keys if key.startswith("utm_") or key == "fbclid"]


@CHECKS
@given(
    text=st.text(alphabet=st.sampled_from(list("あいうえお停戦協議。、")), min_size=5, max_size=80),
    data=st.data(),
    inserted=st.text(alphabet=st.sampled_from(list("かきくけこ")), max_size=20),
)
def test_a_quote_is_found_again_after_text_is_inserted_before_it(
    text: str, data: st.DataObject, inserted: str
) -> None:
    figures.add("property-based inputs tried")
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    exact, prefix, suffix = text[start:end], text[max(0, start - 8) : start], text[end : end + 8]
    edited = inserted + text

    found = locate_quote(edited, exact=exact, prefix=prefix, suffix=suffix, hint=start)

    assert found is not None
    assert edited[found : found + len(exact)] == exact
    if text.count(exact) == 1:
        assert found == start + len(inserted)
