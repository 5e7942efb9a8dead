"""Sanitise ingested HTML before it is rendered anywhere."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "a", "strong", "em", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "mark"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def sanitize_html(fragment: str) -> str:
    """Keep a small set of text-structure tags; ``data-*`` attributes survive on <mark> only
    (highlighted quotes carry their claim id there); scripts and styles go with their content."""
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        generic_attribute_prefixes={"data-"},
        attribute_filter=_keep_data_attributes_on_mark_only,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )


def _keep_data_attributes_on_mark_only(tag: str, attribute: str, value: str) -> str | None:
    if attribute.startswith("data-") and tag != "mark":
        return None
    return value
