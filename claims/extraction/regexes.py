"""Compile the extractor's long alternations so that ``search`` skips hopeless positions fast.

Python's ``re`` looks for a match at every position of the text. When a pattern starts with a
literal, or with alternatives that all start with one, it first tests the position's character
against the set of possible first characters and moves on at once; when one alternative starts
with a group (``(?:なり|あり)そう``) or a repeat, it runs every alternative at every position, and
a pattern of fifty alternatives costs fifty attempts per character. :func:`scanning` compiles
such a pattern behind a lookahead of the characters a match can start with, ``(?=[可かとみ…])``,
computed from the pattern itself: the matches are the same, found a few times faster.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

_sre: Any
_sre_parse: Any
try:  # the parser behind re.compile (Python 3.11+; private, hence loaded by name)
    _sre = importlib.import_module("re._constants")
    _sre_parse = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - other Pythons: plain compilation
    _sre = _sre_parse = None


def ends_with(text: str, endings: tuple[str, ...]) -> bool:
    """``re.search("(?:…)$", text)`` for literal endings, without trying every position: at the
    end, or before a final newline, as ``$`` allows."""
    return text.endswith(endings) or (text.endswith("\n") and text[:-1].endswith(endings))


def scanning(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, behind a first-character lookahead when that helps."""
    compiled = re.compile(pattern, flags)
    if _sre_parse is None or flags & re.IGNORECASE:
        return compiled
    items = list(_sre_parse.parse(pattern, flags))
    if _prefix_is_optimised(items):
        return compiled
    first, nullable = _first_characters(items)
    if first is None or nullable or not first:
        return compiled  # a match may start anywhere, or be empty: no lookahead is exact
    if _width(first) > _WIDEST_USEFUL_CLASS:
        return compiled  # most characters pass it (all katakana, all kanji): no gain
    return re.compile(f"(?=[{''.join(sorted(set(first)))}])(?:{pattern})", flags)


def _prefix_is_optimised(items: list[tuple[Any, Any]]) -> bool:
    """Does ``re`` already test the first character (a literal or literal alternatives, also
    inside a leading group), or only try the start (``^``)?"""
    while items and items[0][0] is _sre.SUBPATTERN:
        items = list(items[0][1][-1])
    if not items:
        return False
    op, av = items[0]
    if op in (_sre.LITERAL, _sre.IN, _sre.AT):
        return True
    if op is _sre.BRANCH:
        return all(branch and list(branch)[0][0] is _sre.LITERAL for branch in av[1])
    return False


def _first_characters(items: list[tuple[Any, Any]]) -> tuple[list[str] | None, bool]:
    """Class items for every character a match of ``items`` can start with, and whether it
    can match the empty string; ``None`` when any character could start it."""
    first: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            return [*first, re.escape(chr(av))], False
        if op is _sre.IN:
            members = _class_members(av)
            return (None, False) if members is None else ([*first, *members], False)
        if op is _sre.BRANCH:
            nullable = False
            for branch in av[1]:
                found, empty = _first_characters(list(branch))
                if found is None:
                    return None, False
                first += found
                nullable = nullable or empty
            if not nullable:
                return first, False
            continue
        if op is _sre.SUBPATTERN:
            found, empty = _first_characters(list(av[-1]))
            if found is None:
                return None, False
            first += found
            if not empty:
                return first, False
            continue
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, _, item = av
            found, empty = _first_characters(list(item))
            if found is None:
                return None, False
            first += found
            if low > 0 and not empty:
                return first, False
            continue
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero-width: the first character comes after it
        return None, False  # any character, a back-reference…: give up
    return first, True


_WIDEST_USEFUL_CLASS = 64


def _width(members: list[str]) -> int:
    """How many characters a class made of these members admits."""
    width = 0
    for member in members:
        span = _RANGE_MEMBER.fullmatch(member)
        width += ord(span[2][-1]) - ord(span[1][-1]) + 1 if span else 1
    return width


_RANGE_MEMBER = re.compile(r"(\\?.)-(\\?.)", re.DOTALL)


def _class_members(av: list[tuple[Any, Any]]) -> list[str] | None:
    members = []
    for op, value in av:
        if op is _sre.LITERAL:
            members.append(re.escape(chr(value)))
        elif op is _sre.RANGE:
            members.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        else:
            return None  # a negated class or a category (\w): any character may start it
    return members
