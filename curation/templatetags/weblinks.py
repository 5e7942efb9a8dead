"""`|web_url`: a URL from data, rendered as a link only if it is http(s).

URLs are checked where they enter the system (feeds, sitemaps, forms, commands, services);
this is the second check, where data becomes an href. A builtin (see TEMPLATES in settings),
so templates use it without `{% load %}`.
"""

from __future__ import annotations

from django import template

from curation.parsing import is_web_url

register = template.Library()


@register.filter
def web_url(value: object) -> str:
    """The URL if it is an absolute http(s) URL, otherwise "" (a link to nowhere)."""
    url = str(value or "").strip()
    return url if is_web_url(url) else ""
