"""Visible text of an HTML tree, block elements on their own lines (the extraction fallback)."""

from __future__ import annotations

import re

from lxml import html as lxml_html

# Page furniture that is never part of an article's text.
BOILERPLATE_TAGS = (
    "nav",
    "header",
    "footer",
    "aside",
    "script",
    "style",
    "noscript",
    "template",
    "figcaption",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
)
BLOCK_TAGS = frozenset(
    {
        "address", "article", "blockquote", "br", "dd", "details", "div", "dl", "dt",
        "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_INLINE_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
# Marks a line break of the HTML source: layout, not structure. Between two Japanese characters
# it vanishes (as it does in a browser's rendering of Japanese); elsewhere it is a space.
_SOURCE_BREAK = "\x01"
_WIDE = r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
_BREAK_BETWEEN_WIDE = re.compile(rf"(?<={_WIDE})[ \t]*\x01[\x01 \t]*(?={_WIDE})")


def parse_tree(html: str) -> lxml_html.HtmlElement:
    """Parse possibly broken HTML into a tree; never raises on malformed markup."""
    # lxml refuses str input that carries an XML encoding declaration.
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html, count=1)
    if not html.strip():
        html = "<html><body></body></html>"
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True)
    return lxml_html.document_fromstring(html, parser=parser)


def main_container(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The element that holds the article: the largest <article>, else <main>, else <body>."""
    for tag in ("article", "main"):
        found = tree.xpath(f"//{tag}")
        if found:
            largest: lxml_html.HtmlElement = max(found, key=lambda el: len(el.text_content()))
            return largest
    body = tree.find("body")
    return body if body is not None else tree


def visible_text(element: lxml_html.HtmlElement) -> str:
    """Text of ``element`` minus page furniture, one paragraph per line, no empty lines."""
    element = _without_boilerplate(element)
    pieces: list[str] = []
    _collect(element, pieces)
    joined = _BREAK_BETWEEN_WIDE.sub("", "".join(pieces)).replace(_SOURCE_BREAK, " ")
    lines = (_INLINE_SPACE.sub(" ", line).strip() for line in joined.split("\n"))
    return "\n".join(line for line in lines if line)


def _without_boilerplate(element: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    copy = lxml_html.fromstring(lxml_html.tostring(element, encoding="unicode"))
    for tag in BOILERPLATE_TAGS:
        for node in copy.xpath(f".//{tag}"):
            _drop_keeping_tail(node)
    return copy


def _drop_keeping_tail(node: lxml_html.HtmlElement) -> None:
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


def _collect(node: lxml_html.HtmlElement, pieces: list[str]) -> None:
    tag = node.tag if isinstance(node.tag, str) else ""
    is_block = tag in BLOCK_TAGS
    if is_block:
        pieces.append("\n")
    if node.text:
        pieces.append(_flatten_newlines(node.text))
    for child in node:
        _collect(child, pieces)
        if child.tail:
            pieces.append(_flatten_newlines(child.tail))
    if is_block:
        pieces.append("\n")


def _flatten_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", _SOURCE_BREAK)
