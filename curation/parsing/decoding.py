"""Turn the bytes of a Japanese web page into text, whatever its servers claim.

Japanese sites still serve Shift_JIS, EUC-JP and ISO-2022-JP, and HTTP headers often contradict
the page. Candidates are tried strictly in order of authority (BOM, header, <meta>, detection,
UTF-8); the first that decodes without error wins, so a wrong declaration falls through to a
right one instead of producing mojibake.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import charset_normalizer

# Web labels for Japanese encodings -> Python codecs, most faithful first. cp932 (Windows-31J)
# is what "Shift_JIS" means on the web: it has the NEC/IBM extensions (①, ㈱, 髙) and maps
# 0x8160 to ～ as browsers do.
_SHIFT_JIS = ("cp932",)
_EUC_JP = ("euc_jis_2004", "euc_jp")
_ISO_2022_JP = ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2004", "iso2022_jp_2")
_CODEC_FAMILIES: dict[str, tuple[str, ...]] = {
    "shift_jis": _SHIFT_JIS,
    "cp932": _SHIFT_JIS,
    "shift_jis_2004": ("shift_jis_2004", "cp932"),
    "shift_jisx0213": ("shift_jis_2004", "cp932"),
    "euc_jp": _EUC_JP,
    "euc_jis_2004": _EUC_JP,
    "euc_jisx0213": _EUC_JP,
    "iso2022_jp": _ISO_2022_JP,
    "iso2022_jp_1": _ISO_2022_JP,
    "iso2022_jp_2": _ISO_2022_JP,
    "iso2022_jp_2004": _ISO_2022_JP,
    "iso2022_jp_3": _ISO_2022_JP,
    "iso2022_jp_ext": _ISO_2022_JP,
    # WHATWG: these labels mean the Windows superset.
    "latin_1": ("cp1252",),
    "iso8859_1": ("cp1252",),
    "ascii": ("cp1252",),
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "euc_kr": ("cp949",),
    "big5": ("big5hkscs",),
}
# Labels Python's codec registry does not know.
_LABEL_ALIASES = {
    "x-sjis": "cp932",
    "sjis": "cp932",
    "windows-31j": "cp932",
    "ms_kanji": "cp932",
    "csshiftjis": "cp932",
    "x-euc-jp": "euc_jp",
    "cseucpkdfmtjapanese": "euc_jp",
    "csiso2022jp": "iso2022_jp",
    "x-cp1252": "cp1252",
}
# Single-byte Western charsets decode any bytes, so a server default like ISO-8859-1 would
# always "succeed"; they are tried only after the page's own declaration and detection.
_PERMISSIVE = frozenset({"cp1252", "latin_1", "iso8859_15"})

_GUESSABLE = frozenset({"utf-8", *_SHIFT_JIS, *_EUC_JP})

# Only the text encodings of the web (WHATWG Encoding Standard) are taken from a declaration.
# Python's registry also knows bytes-to-bytes codecs (hex, base64, zlib, rot13), the
# "undefined" codec that always fails and text codecs no browser reads (UTF-7, punycode,
# unicode_escape); a page naming one of those is decoded as if it had declared nothing.
_WEB_ENCODING_LABELS = (
    "utf-8 ibm866 iso-8859-2 iso-8859-3 iso-8859-4 iso-8859-5 iso-8859-6 iso-8859-7 "
    "iso-8859-8 iso-8859-10 iso-8859-13 iso-8859-14 iso-8859-15 iso-8859-16 koi8-r koi8-u "
    "mac-roman mac-cyrillic cp874 cp1250 cp1251 cp1252 cp1253 cp1254 cp1255 cp1256 cp1257 "
    "cp1258 gbk gb2312 gb18030 big5 big5hkscs euc-jp euc_jis_2004 euc_jisx0213 iso2022_jp "
    "iso2022_jp_1 iso2022_jp_2 iso2022_jp_2004 iso2022_jp_3 iso2022_jp_ext shift_jis cp932 "
    "shift_jis_2004 shift_jisx0213 euc-kr cp949 utf-16 utf-16-le utf-16-be utf-32 utf-32-le utf-32-be latin-1 ascii"
)


def _web_codec_names() -> frozenset[str]:
    names: set[str] = set()
    for label in _WEB_ENCODING_LABELS.split():
        try:
            names.add(codecs.lookup(label).name.replace("-", "_"))
        except LookupError:  # a codec this Python build lacks
            continue
    return frozenset(names)


_WEB_CODECS = _web_codec_names()

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
_ISO_2022_ESCAPE = re.compile(rb"\x1b\$[@B]|\x1b\$\(D|\x1b\$\(Q|\x1b\(J|\x1b\(I")
PRESCAN_BYTES = 4096
DETECT_BYTES = 65536


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str  # the Python codec actually used; "+replace" appended if bytes were lost
    # Declared charsets that are not text encodings and were ignored (header, then <meta>).
    ignored_charsets: tuple[str, ...] = ()


class DecodeError(Exception):
    """The body is empty or binary: there is no text to decode."""


def decode_html(body: bytes, *, header_charset: str | None) -> DecodedPage:
    """Decode an HTML (or plain-text) page, never raising on merely malformed text."""
    _refuse_non_text(body)
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return _decode_with(body, [codec])
    ignored = tuple(
        label.strip().strip("\"'").lower()
        for label in (header_charset, _declared_in_page(body[:PRESCAN_BYTES]))
        if label and not normalize_charset(label)
    )
    page = _decode_with(body, _candidate_codecs(body, header_charset))
    return dataclasses.replace(page, ignored_charsets=ignored) if ignored else page


def normalize_charset(label: str | None) -> tuple[str, ...]:
    """Python codecs to try for a charset label, most faithful first; () if unknown."""
    if not label:
        return ()
    label = label.strip().strip("\"'").lower()
    label = _LABEL_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return ()
    name = name.replace("-", "_")
    if name not in _WEB_CODECS:
        return ()  # hex, base64, zlib, rot13, undefined, utf-7…: not a text encoding
    if name == "utf_8":
        return ("utf-8",)
    if name.startswith(("utf_16", "utf_32")):
        # A page that reached us as bytes and was not caught by the BOM check is not UTF-16;
        # browsers treat such a <meta> as UTF-8 too.
        return ("utf-8",)
    return _CODEC_FAMILIES.get(name, (name,))


def _refuse_non_text(body: bytes) -> None:
    if not body.strip():
        raise DecodeError("empty body")
    head = body[:PRESCAN_BYTES]
    if any(body.startswith(bom) for bom, _ in _BOMS):
        return
    if head.startswith(_BINARY_MAGIC):
        raise DecodeError("binary body (file signature)")
    if head.count(b"\x00") > max(2, len(head) // 100):
        raise DecodeError("binary body (NUL bytes)")


def _candidate_codecs(body: bytes, header_charset: str | None) -> Iterator[str]:
    """Codecs to try, most authoritative first, each once; detection runs only if reached."""
    declared = normalize_charset(header_charset)
    in_page = normalize_charset(_declared_in_page(body[:PRESCAN_BYTES]))
    groups: list[Callable[[], Iterable[str]]] = []
    if _looks_like_iso_2022_jp(body):
        # 7-bit, so it "decodes" as UTF-8 or ASCII too; the escapes give it away.
        groups.append(lambda: _ISO_2022_JP)
    if _is_multibyte_utf8(body):
        # Valid multi-byte UTF-8 is practically never accidental in Shift_JIS or EUC-JP text:
        # a legacy declaration on such a body is a stale template.
        groups.append(lambda: ("utf-8",))
    permissive = bool(declared) and declared[0] in _PERMISSIVE
    if not permissive:
        groups.append(lambda: declared)
    groups.append(lambda: in_page)
    # Only Japanese codecs are guessed: an exotic detection result (gb18030, cp1250) decodes
    # broken Japanese bytes "strictly" into nonsense, where replacement would lose a character.
    groups.append(lambda: _detected(body))
    groups.append(lambda: ("utf-8", *_SHIFT_JIS, *_EUC_JP))
    if permissive:
        groups.append(lambda: declared)
    seen: set[str] = set()
    for group in groups:
        for codec in group():
            if codec not in seen:
                seen.add(codec)
                yield codec


def _declared_in_page(head: bytes) -> str | None:
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", errors="ignore") if match else None


def _looks_like_iso_2022_jp(body: bytes) -> bool:
    return _ISO_2022_ESCAPE.search(body) is not None and max(body, default=0) < 0x80


def _is_multibyte_utf8(body: bytes) -> bool:
    if max(body, default=0) < 0x80:
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detected(body: bytes) -> list[str]:
    best = charset_normalizer.from_bytes(body[:DETECT_BYTES]).best()
    if best is None:
        return []
    codecs_ = normalize_charset(best.encoding)
    return [codec for codec in codecs_ if codec in _GUESSABLE]


def _decode_with(body: bytes, candidates: Iterable[str]) -> DecodedPage:
    """Decode with the first codec that decodes strictly into clean text; failing that, with
    the most authoritative strict one that reads about as well as the best; failing that,
    lossily with the most plausible one."""
    tried: list[str] = []
    decoded: list[tuple[str, str, int]] = []
    for codec in candidates:
        tried.append(codec)
        try:
            text = body.decode(codec)
        except (UnicodeError, LookupError):  # LookupError: not a text codec after all
            continue
        if _reads_cleanly(text):
            return DecodedPage(text, codec)
        decoded.append((codec, text, _plausibility(text)))
    if decoded:
        best = max(score for _, _, score in decoded)
        # A wrong legacy codec often decodes "successfully" into half-width katakana or hangul;
        # let a declaration win only if its text reads about as well as the best candidate.
        for codec, text, score in decoded:
            if score >= best - abs(best) * 0.1:
                return DecodedPage(text, codec)
    lossy = [(codec, body.decode(codec, errors="replace")) for codec in tried]
    codec, text = max(lossy, key=lambda pair: _plausibility(pair[1]))
    return DecodedPage(text, f"{codec}+replace")


_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]")
_MOJIBAKE = re.compile(r"[\uff61-\uff9f\uac00-\ud7af\u3130-\u318f\ue000-\uf8ff\ufffd\x80-\x9f]")


def _reads_cleanly(text: str) -> bool:
    """No more than a trace of the characters that wrong codecs produce."""
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return len(_MOJIBAKE.findall(text)) <= max(2, non_ascii // 200)


def _plausibility(text: str) -> int:
    """How much ``text`` reads like Japanese (or plain ASCII) rather than mojibake."""
    # Hiragana weighs most: real Japanese prose is full of it, mis-decoded bytes rarely are.
    return (
        2 * len(_HIRAGANA.findall(text))
        + len(_JAPANESE.findall(text))
        - 2 * len(_MOJIBAKE.findall(text))
    )
