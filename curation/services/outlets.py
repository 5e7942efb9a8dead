"""The outlet publishing at a URL, created on first sight and remembered by each process."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.text import slugify

from curation.models import Outlet, OutletDomain
from curation.parsing import outlet_for_domain

# Outlets change rarely and every stored page asks for one: each process remembers its answers
# for a short while. Edits in this process forget them at once (see curation.signals); other
# processes see an edit within OUTLET_MEMO_SECONDS.
OUTLET_MEMO_SECONDS = 60.0
_outlet_memo: dict[tuple[str, str], tuple[float, int]] = {}


def forget_outlets() -> None:
    _outlet_memo.clear()


def outlet_id_for_url(url: str, *, site_name: str | None = None) -> int | None:
    """The pk of :func:`_outlet_for_url`, from the process's memo when it is fresh."""
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return None
    key = (host, site_name or "")
    remembered = _outlet_memo.get(key)
    now = time.monotonic()
    if remembered is not None and now - remembered[0] < OUTLET_MEMO_SECONDS:
        return remembered[1]
    outlet = _outlet_for_url(url, site_name=site_name)
    if outlet is None:
        return None
    # Remembered only once committed: an outlet created in a transaction that rolls back
    # must not be handed out afterwards.
    pk = outlet.pk
    transaction.on_commit(lambda: _outlet_memo.__setitem__(key, (now, pk)))
    return pk


def _outlet_for_url(url: str, *, site_name: str | None = None) -> Outlet | None:
    """The outlet publishing at this URL, created on first sight.

    A known domain decides; otherwise the outlet is named from the domain table of known
    Japanese outlets, the page's own site name, or the host, in that order.
    """
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return None
    parts = host.split(".")
    candidates = [".".join(parts[i:]) for i in range(len(parts) - 1)] or [host]
    domain = (
        OutletDomain.objects.select_related("outlet")
        .filter(domain__in=candidates)
        .order_by("-domain")
        .first()
    )
    if domain is not None and (not site_name or domain.outlet.name == site_name):
        return domain.outlet
    name = (outlet_for_domain(host) or site_name or host)[:200]
    slug = slugify(name, allow_unicode=True)[:100] or slugify(host)[:100] or "outlet"
    outlet, _ = Outlet.objects.get_or_create(slug=slug, defaults={"name": name})
    if domain is None:
        OutletDomain.objects.get_or_create(domain=host, defaults={"outlet": outlet})
    return outlet
