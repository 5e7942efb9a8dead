"""A small CSS selector subset compiled to XPath (lxml's cssselect needs a package we lack).

Supported: type, ``*``, ``#id``, ``.class``, ``[attr]``, ``[attr=v]``, ``[attr^=v]``,
``[attr$=v]``, ``[attr*=v]``, ``[attr~=v]``, descendant (space) and child (``>``) combinators,
and comma-separated groups. Anything else raises :class:`SelectorError`.
"""

from __future__ import annotations

import re


class SelectorError(ValueError):
    """The selector uses syntax outside the supported subset."""


_TOKEN = re.compile(
    r"""
    (?P<ws>\s*>\s*|\s+)
    | (?P<tag>\*|[A-Za-z][A-Za-z0-9-]*)
    | \#(?P<id>[A-Za-z0-9_-]+)
    | \.(?P<cls>[A-Za-z0-9_-]+)
    | \[\s*(?P<attr>[A-Za-z_:][A-Za-z0-9_:.-]*)\s*
        (?:(?P<op>[~^$*]?=)\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\]\s]+))\s*)?\]
    """,
    re.VERBOSE,
)


def css_to_xpath(selector: str) -> str:
    """XPath (relative to the document) for a CSS selector of the supported subset."""
    groups = [group.strip() for group in selector.split(",")]
    if not all(groups):
        raise SelectorError(f"empty selector group in {selector!r}")
    return " | ".join(_group_to_xpath(group) for group in groups)


def _group_to_xpath(group: str) -> str:
    xpath = "descendant-or-self::"
    tag = "*"
    conditions: list[str] = []
    position = 0
    while position < len(group):
        match = _TOKEN.match(group, position)
        if match is None:
            raise SelectorError(f"unsupported selector syntax at {group[position:]!r}")
        position = match.end()
        if match.group("ws") is not None:
            xpath += _step(tag, conditions) + ("/" if ">" in match.group("ws") else "//")
            tag, conditions = "*", []
        elif match.group("tag"):
            tag = match.group("tag").lower()
        elif match.group("id"):
            conditions.append(f"@id={_literal(match.group('id'))}")
        elif match.group("cls"):
            conditions.append(_contains_word("@class", match.group("cls")))
        else:
            conditions.append(_attribute_condition(match))
    return xpath + _step(tag, conditions)


def _step(tag: str, conditions: list[str]) -> str:
    return tag + "".join(f"[{condition}]" for condition in conditions)


def _attribute_condition(match: re.Match[str]) -> str:
    name = f"@{match.group('attr')}"
    op = match.group("op")
    if op is None:
        return name
    value = next(
        v for v in (match.group("dq"), match.group("sq"), match.group("bare")) if v is not None
    )
    literal = _literal(value)
    if op == "=":
        return f"{name}={literal}"
    if op == "^=":
        return f"starts-with({name}, {literal})"
    if op == "$=":
        return f"substring({name}, string-length({name}) - string-length({literal}) + 1)={literal}"
    if op == "*=":
        return f"contains({name}, {literal})"
    return _contains_word(name, value)


def _contains_word(attribute: str, word: str) -> str:
    return f"contains(concat(' ', normalize-space({attribute}), ' '), {_literal(' ' + word + ' ')})"


def _literal(value: str) -> str:
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    parts = value.split("'")
    return "concat(" + ', "\'", '.join(f"'{part}'" for part in parts) + ")"
