"""`|fetch_error`: why a fetch or a feed run failed, in the reader's language.

Rows store the fetcher's machine-readable reason (``timeout``, ``http_503`` …) and its English
detail, which stays as the technical note beside the translated sentence.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

REASONS = {
    "unsafe_url": _("The address is not allowed: a private or local address, or not http(s)."),
    "timeout": _("The site did not answer in time."),
    "connection_failed": _("The connection failed or was cut short."),
    "too_large": _("The page is larger than the size limit."),
    "unsupported_content_type": _("The address does not serve a web page or a feed."),
    "too_many_redirects": _("Too many redirects."),
    "robots_disallowed": _("The site's robots.txt does not allow fetching this page."),
    "unreadable": _("The page has no text that could be read."),
    "time_limit": _("Reading the page took longer than the time limit."),
    "gave_up": _("Given up after repeated attempts that never finished."),
    "fetch_error": _("The page could not be fetched."),
}


@register.filter
def fetch_error(reason: object) -> str:
    """The translated sentence for a reason code, or for the code that starts a stored
    "reason: detail" text; "" for no reason."""
    code = str(reason or "").split(":", 1)[0].strip()
    if not code:
        return ""
    if code.startswith("http_") and code[5:].isdecimal():
        return str(_("The site answered with HTTP status %(status)s.") % {"status": code[5:]})
    return str(REASONS.get(code, _("The page could not be fetched.")))
