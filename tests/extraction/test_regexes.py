"""scanning() compiles a pattern that finds exactly what re.compile finds (texts written here)."""

import re

import pytest

from claims.extraction.regexes import scanning

TEXTS = [
    "外相は、協議が進展する可能性があると述べた。",
    "首脳会談はまとまりそうだ。合意はできそうです。",
    "大統領は「停戦は近い」と語ったとみられる。",
    "アメリカのトランプ大統領は、ロシアと協議した。",
    "",
    "ｺﾋﾟｰ Copyright 2025 ALL RIGHTS RESERVED",
]


@pytest.mark.parametrize(
    "pattern",
    [
        r"可能性|とみられ|(?:なり|あり|でき)そう(?:だ|です)",  # a group first: gets a lookahead
        r"(?<!否定)(?:ていない|なかった)(?:と述べ)?[。]?$",  # a lookbehind, then the end
        r"(?:は|が)?(?:述べ|語っ)た",  # may start with either group
        r"^関連\s*[:：]|記事一覧",  # anchored at the start: left as it is
        r"協議|会談",  # literal alternatives: re already skips fast
        r"[ァ-ヺー]{2,}(?=大統領)",  # a wide class: no gain, left as it is
        r"(?:で)?",  # may match the empty string: left as it is
    ],
)
def test_scanning_finds_what_compile_finds(pattern):
    plain, fast = re.compile(pattern), scanning(pattern)
    for text in TEXTS:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_the_lookahead_is_added_only_where_re_would_try_every_alternative():
    assert scanning(r"(?:なり|あり)そう|可能性").pattern.startswith("(?=[")
    assert scanning(r"協議|会談").pattern == r"協議|会談"
    assert scanning(r"^関連").pattern == r"^関連"
    assert scanning(r"(?:で)?").pattern == r"(?:で)?"
    # case-insensitive patterns and wide classes are compiled as they are
    assert scanning(r"(?:c|d)opy", re.IGNORECASE).pattern == r"(?:c|d)opy"
    assert scanning(r"[ァ-ヺ]{2}(?:x)").pattern == r"[ァ-ヺ]{2}(?:x)"
