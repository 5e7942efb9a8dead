"""decode_html on bytes encoded here from sentences written for these tests."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from curation.parsing import DecodeError, decode_html

SENTENCE = (
    "米ロの高官は二月十八日にリヤドで会談し、戦闘を終わらせるための協議を始めることで一致した。"
)
# cp932-only characters: NEC specials (①, ㈱), the Windows tilde (～) and an IBM extension (髙).
CP932_SENTENCE = "①安全保障、②領土の順に議論した。㈱髙橋商事の試算では損失が五～六割に及ぶ。"


def page(body_text: str, meta: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>協議</title></head>"
        f"<body><p>{body_text}</p></body></html>"
    )


def test_shift_jis_declared_only_in_meta_is_decoded() -> None:
    html = page(SENTENCE, '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')

    decoded = decode_html(html.encode("cp932"), header_charset=None)

    assert decoded.text == html
    assert decoded.encoding == "cp932"


def test_euc_jp_declared_only_in_header_is_decoded() -> None:
    html = page(SENTENCE)

    decoded = decode_html(html.encode("euc_jp"), header_charset="EUC-JP")

    assert decoded.text == html
    assert decoded.encoding == "euc_jis_2004"


def test_iso_2022_jp_is_decoded() -> None:
    html = page(SENTENCE, '<meta charset="ISO-2022-JP">')

    decoded = decode_html(html.encode("iso2022_jp"), header_charset=None)

    assert decoded.text == html
    assert decoded.encoding.startswith("iso2022_jp")


def test_iso_2022_jp_wins_over_a_header_claiming_utf8() -> None:
    html = page(SENTENCE)

    decoded = decode_html(html.encode("iso2022_jp"), header_charset="utf-8")

    assert decoded.text == html


def test_utf8_bom_wins_over_any_declaration() -> None:
    html = page(SENTENCE, '<meta charset="Shift_JIS">')

    decoded = decode_html(codecs.BOM_UTF8 + html.encode("utf-8"), header_charset="euc-jp")

    assert decoded.text == html
    assert decoded.encoding == "utf-8-sig"


def test_header_claiming_utf8_on_shift_jis_body_falls_back_to_meta() -> None:
    html = page(SENTENCE, '<meta charset="shift_jis">')

    decoded = decode_html(html.encode("cp932"), header_charset="utf-8")

    assert decoded.text == html
    assert decoded.encoding == "cp932"


def test_header_claiming_utf8_on_undeclared_shift_jis_body_is_still_right() -> None:
    html = page(CP932_SENTENCE + SENTENCE)

    decoded = decode_html(html.encode("cp932"), header_charset="utf-8")

    assert decoded.text == html
    assert decoded.encoding == "cp932"


def test_undeclared_shift_jis_is_detected() -> None:
    html = page(SENTENCE * 3)

    decoded = decode_html(html.encode("cp932"), header_charset=None)

    assert decoded.text == html


def test_undeclared_euc_jp_is_detected() -> None:
    html = page(SENTENCE * 3)

    assert decode_html(html.encode("euc_jp"), header_charset=None).text == html


def test_latin1_header_default_does_not_garble_euc_jp() -> None:
    html = page(SENTENCE, '<meta charset="euc-jp">')

    assert decode_html(html.encode("euc_jp"), header_charset="ISO-8859-1").text == html


@pytest.mark.parametrize("label", ["Shift_JIS", "sjis", "x-sjis", "Windows-31J", "MS932"])
def test_cp932_only_characters_survive_every_shift_jis_label(label: str) -> None:
    html = page(CP932_SENTENCE)

    decoded = decode_html(html.encode("cp932"), header_charset=label)

    assert decoded.text == html
    assert decoded.encoding == "cp932"


def test_invalid_bytes_in_declared_charset_are_replaced_and_flagged() -> None:
    good = page(SENTENCE).encode("cp932")
    cut = good.index("会談".encode("cp932"))
    broken = good[:cut] + b"\x85\x20" + good[cut:]

    decoded = decode_html(broken, header_charset="Shift_JIS")

    assert decoded.encoding == "cp932+replace"
    assert "\ufffd" in decoded.text
    assert "リヤドで" in decoded.text and "会談し" in decoded.text


def test_plain_utf8_without_declaration_is_decoded() -> None:
    html = page(SENTENCE)

    assert decode_html(html.encode("utf-8"), header_charset=None).encoding == "utf-8"


@pytest.mark.parametrize("body", [b"", b"   \n\t ", b"%PDF-1.7\n...", b"\x00\x01\x00\x02" * 50])
def test_empty_or_binary_body_raises(body: bytes) -> None:
    with pytest.raises(DecodeError):
        decode_html(body, header_charset="utf-8")


@given(st.binary(min_size=1, max_size=300))
def test_arbitrary_bytes_never_raise_anything_but_decode_error(body: bytes) -> None:
    try:
        decoded = decode_html(body, header_charset="shift_jis")
    except DecodeError:
        return
    assert isinstance(decoded.text, str)
