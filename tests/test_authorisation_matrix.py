"""The authorisation matrix: every route × every role × every method, with its expected status.

The project's URL patterns are walked from ``get_resolver()``; each is made concrete with real
objects (an article ingested from the demo site, its claims and evidence, a feed, a token) and
requested as each role with each method. Every route must appear in ``EXPECTED`` below: a new
endpoint fails this test until somebody writes down who may do what on it.

Each request runs in a savepoint that is rolled back afterwards, so every cell starts from the
same data. A role whose expected status is no success (anything but 2xx/3xx on a write method,
see ``_may_write``) must leave the database untouched: PostgreSQL's per-transaction row counters
(``pg_stat_xact_user_tables``, which count inserts, updates and deletes even of rolled-back
savepoints) are compared before and after the request, table by table.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from apitokens.models import ApiToken, Scope
from apitokens.services import create_token
from claims.models import Actor, Claim, Evidence, Issue
from curation import services as curation_services
from curation.models import Article, ArticleVersion, Feed, Outlet
from tests.factories import ingest_demo_page
from tests.reliability_report import FIGURES as figures

pytestmark = [pytest.mark.django_db, pytest.mark.reliability]

ROLES = ("anonymous", "read_token", "write_token", "analyst", "editor", "admin")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Tables a request may write to whatever the role: the login throttle's own records.
WRITES_ALWAYS_ALLOWED = {"axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
# A token's own row notes when it was last used, whatever it was used for.
TOKEN_BOOKKEEPING = {"apitokens_apitoken"}


# The table ------------------------------------------------------------------------------
#
# One line per route: for each role, the statuses of GET POST PUT PATCH DELETE. Requests carry
# no body, so a role that may write gets past the permission check to a 400/422/428 or to a form
# with its errors, and one that may not is stopped before (302 to the login page, 401, 403).
# HTML pages ignore API tokens: there a token holder is an anonymous visitor.

ALL_302 = "302 302 302 302 302"
ALL_200 = "200 200 200 200 200"


def page(anonymous: str, analyst: str, editor: str, admin: str | None = None) -> dict[str, str]:
    return {
        "anonymous": anonymous,
        "read_token": anonymous,
        "write_token": anonymous,
        "analyst": analyst,
        "editor": editor,
        "admin": admin or editor,
    }


def api(
    anonymous: str,
    read_token: str,
    write_token: str,
    analyst: str,
    editor: str | None = None,
    admin: str | None = None,
) -> dict[str, str]:
    """The write token belongs to an editor: by default the editor's session answers alike."""
    return {
        "anonymous": anonymous,
        "read_token": read_token,
        "write_token": write_token,
        "analyst": analyst,
        "editor": editor or write_token,
        "admin": admin or write_token,
    }


def admin_only(admin: str) -> dict[str, str]:
    """The admin site: everybody but staff is sent to its login page, whatever the method."""
    return {**page(ALL_302, ALL_302, ALL_302), "admin": admin}


# fmt: off
EXPECTED: dict[str, dict[str, str]] = {
    "/ []": page(ALL_302, ALL_302, ALL_302),
    "timeline:index": page("200 405 405 405 405", "200 405 405 405 405", "200 405 405 405 405"),
    "timeline:chart": page("200 405 405 405 405", "200 405 405 405 405", "200 405 405 405 405"),
    "timeline:export": page("200 405 405 405 405", "200 405 405 405 405", "200 405 405 405 405"),
    "review:inbox": page("302 405 405 405 405", "200 405 405 405 405", "200 405 405 405 405"),
    "review:summary": page("302 405 405 405 405", "200 405 405 405 405", "200 405 405 405 405"),
    "review:bulk": page("405 302 405 405 405", "405 403 405 405 405", "405 302 405 405 405"),
    "review:duplicates": page("302 405 405 405 405", "200 405 405 405 405", "200 405 405 405 405"),
    "review:merge-group": page("405 302 405 405 405", "405 403 405 405 405", "405 302 405 405 405"),
    "review:mark-distinct": page("405 302 405 405 405", "405 403 405 405 405", "405 302 405 405 405"),
    "review:article": page("302 405 405 405 405", "200 405 405 405 405", "200 405 405 405 405"),
    "review:select": page("405 302 405 405 405", "405 403 405 405 405", "405 400 405 405 405"),
    "review:attach": page("405 302 405 405 405", "405 403 405 405 405", "405 400 405 405 405"),
    "review:remove-evidence": page("405 302 405 405 405", "405 403 405 405 405", "405 400 405 405 405"),
    "review:repair-anchor": page(ALL_302, "403 403 403 403 403", "200 400 200 200 200"),
    "review:split": page("405 302 405 405 405", "405 403 405 405 405", "405 400 405 405 405"),
    "review:picker": page("302 405 405 405 405", "403 405 405 405 405", "200 405 405 405 405"),
    "review:claim": page("302 405 405 405 405", "200 405 405 405 405", "200 405 405 405 405"),
    "review:approve": page("405 302 405 405 405", "405 403 405 405 405", "405 400 405 405 405"),
    "review:reject": page("405 302 405 405 405", "405 403 405 405 405", "405 400 405 405 405"),
    "review:reopen": page("405 302 405 405 405", "405 403 405 405 405", "405 400 405 405 405"),
    "review:undo": page("405 302 405 405 405", "405 403 405 405 405", "405 400 405 405 405"),
    "review:edit": page(ALL_302, "403 403 403 403 403", "200 422 200 200 200"),
    "review:card": page("302 405 405 405 405", "200 405 405 405 405", "200 405 405 405 405"),
    "review:date-reading": page("302 405 405 405 405", "403 405 405 405 405", "200 405 405 405 405"),
    "review:lexicon": page("302 405 405 405 405", "400 405 405 405 405", "400 405 405 405 405"),
    "review:merge": page("405 302 405 405 405", "405 403 405 405 405", "405 302 405 405 405"),
    "review:unmerge": page("405 302 405 405 405", "405 403 405 405 405", "405 400 405 405 405"),
    "review:revert": page("405 302 405 405 405", "405 403 405 405 405", "405 400 405 405 405"),
    "curation:feeds": page(ALL_302, "403 403 403 403 403", "200 200 200 200 200"),
    "curation:ingest": page("405 302 405 405 405", "405 403 405 405 405", "405 400 405 405 405"),
    "curation:add": page("405 302 405 405 405", "405 403 405 405 405", "405 400 405 405 405"),
    "curation:feed": page(ALL_302, "403 403 403 403 403", "200 200 200 200 200"),
    "curation:poll": page("405 302 405 405 405", "405 403 405 405 405", "405 302 405 405 405"),
    "curation:poll-progress": page("302 405 405 405 405", "403 405 405 405 405", "400 405 405 405 405"),
    "login": page("200 200 200 405 405", "200 200 200 405 405", "200 200 200 405 405"),
    "logout": page("405 302 405 405 405", "405 302 405 405 405", "405 302 405 405 405"),
    "apitokens:tokens": api(ALL_302, ALL_302, ALL_302, "200 200 200 200 200", editor="200 200 200 200 200", admin="200 200 200 200 200"),
    "apitokens:revoke": api(ALL_302, ALL_302, ALL_302, "405 404 405 405 405", editor="405 302 405 405 405", admin="405 404 405 405 405"),
    "set_language": page(ALL_302, ALL_302, ALL_302),
    "claim-list": api("200 401 401 401 401", "200 403 403 403 403", "200 400 405 405 405", "200 403 403 403 403"),
    "claim-list .format": api("200 401 401 401 401", "200 403 403 403 403", "200 400 405 405 405", "200 403 403 403 403"),
    "claim-detail": api("404 401 401 401 401", "404 403 403 403 403", "200 405 405 428 405", "200 403 403 403 403"),
    "claim-detail .format": api("404 401 401 401 401", "404 403 403 403 403", "200 405 405 428 405", "200 403 403 403 403"),
    "claim-attach-evidence": api("405 401 401 401 401", "405 403 403 403 403", "405 428 405 405 405", "405 403 403 403 403"),
    "claim-attach-evidence .format": api("405 401 401 401 401", "405 403 403 403 403", "405 428 405 405 405", "405 403 403 403 403"),
    "claim-change-status": api("405 401 401 401 401", "405 403 403 403 403", "405 428 405 405 405", "405 403 403 403 403"),
    "claim-change-status .format": api("405 401 401 401 401", "405 403 403 403 403", "405 428 405 405 405", "405 403 403 403 403"),
    "issue-list": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "issue-list .format": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "issue-detail": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "issue-detail .format": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "actor-list": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "actor-list .format": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "actor-detail": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "actor-detail .format": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "outlet-list": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "outlet-list .format": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "outlet-detail": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "outlet-detail .format": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "article-list": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "article-list .format": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "article-detail": api("404 401 401 401 401", "404 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "article-detail .format": api("404 401 401 401 401", "404 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "evidence-list": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "evidence-list .format": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "deadline-list": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "deadline-list .format": api("200 401 401 401 401", "200 403 403 403 403", "200 405 405 405 405", "200 403 403 403 403"),
    "bucket-list": api("400 401 401 401 401", "400 403 403 403 403", "400 405 405 405 405", "400 403 403 403 403"),
    "bucket-list .format": api("400 401 401 401 401", "400 403 403 403 403", "400 405 405 405 405", "400 403 403 403 403"),
    "api-root": api("401 401 401 401 401", "200 405 405 405 405", "200 405 405 405 405", "200 405 405 405 405"),
    "api-root .format": api("401 401 401 401 401", "200 405 405 405 405", "200 405 405 405 405", "200 405 405 405 405"),
    "schema": api("200 405 405 405 405", "200 405 405 405 405", "200 405 405 405 405", "200 405 405 405 405"),
    "api-docs": api("200 405 405 405 405", "200 405 405 405 405", "200 405 405 405 405", "200 405 405 405 405"),
    # The admin site's own pages.
    "admin:index": admin_only(ALL_200),
    "admin:login": {**page("200 200 200 405 405", "200 200 200 405 405", "200 200 200 405 405"),
                    "admin": "302 200 200 405 405"},
    "admin:logout": admin_only("405 302 405 405 405"),
    "admin:password_change": admin_only("200 200 200 405 405"),
    "admin:password_change_done": admin_only("200 405 405 405 405"),
    "admin:autocomplete": admin_only("403 405 405 405 405"),
    "admin:jsi18n": admin_only("200 405 405 405 405"),
    "admin:view_on_site": admin_only("404 404 404 404 404"),  # claims have no public URL
    "admin:app_list": admin_only(ALL_200),
    "admin/(?P<url>.*)$ [admin/(?P<url>.*)$]": admin_only("404 404 404 404 404"),
}
# fmt: on

# The admin's pages for each registered model: staff only. A model newly registered in the
# admin is missing here and fails the test until it is added. Read-only admins (the login
# throttle's records) refuse to add; claims and evidence are never deleted from the admin.
ADMIN_PAGES = {
    "changelist": ALL_200,
    "add": ALL_200,
    "history": ALL_200,
    "delete": ALL_200,
    "change": ALL_200,
    "<path:object_id>/": ALL_302,  # the old change URL, redirected
}
READ_ONLY = {"add": "403 403 403 403 403", "change": "200 302 200 200 200"}
NO_DELETE = {
    "add": "403 403 403 403 403",
    "delete": "403 403 403 403 403",
    "change": "200 403 200 200 200",
}
ADMIN_MODELS: dict[str, dict[str, str]] = {
    "auth/group": {},
    "auth/user": {"password_change": ALL_200},
    "authtoken/tokenproxy": {},
    "django_celery_beat/periodictask": {},
    "django_celery_beat/clockedschedule": {},
    "django_celery_beat/crontabschedule": {},
    "django_celery_beat/solarschedule": {},
    "django_celery_beat/intervalschedule": {},
    "axes/accessattempt": READ_ONLY,
    "axes/accesslog": READ_ONLY,
    "axes/accessfailurelog": READ_ONLY,
    "curation/outlet": {},
    "curation/feed": {},
    "curation/article": {},
    "curation/articleversion": {},
    "claims/issue": {},
    "claims/actor": {},
    "claims/claim": NO_DELETE,
    "claims/evidence": NO_DELETE,
    "apitokens/apitoken": {},
}
for _model, _overrides in ADMIN_MODELS.items():
    _label = _model.replace("/", "_")
    for _page, _statuses in {**ADMIN_PAGES, **_overrides}.items():
        if _page.startswith("<"):
            _key = f"admin/{_model}/{_page} [admin/{_model}/{_page}]"
        else:
            _key = f"admin:{_label}_{_page}"
        EXPECTED[_key] = admin_only(_overrides.get(_page, _statuses))


def _walk(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            yield name, prefix + str(entry.pattern)


def routes() -> list[tuple[str, str]]:
    """(key, pattern) of every route; the key names it in EXPECTED."""
    found = []
    for name, pattern in _walk(get_resolver()):
        key = name or pattern or "/"
        if "(?P<format>" in pattern or "<drf_format_suffix:format>" in pattern:
            key += " .format"
        if not name:
            key = f"{key} [{pattern}]"
        found.append((key, pattern))
    return found


_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>")


def concrete(pattern: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        return values[match.group(1) or match.group(2)]

    path = _GROUP.sub(value, pattern.replace("<drf_format_suffix:format>", ".json"))
    path = path.replace("^", "").replace("$", "").replace("/?", "").replace("\\.", ".")
    return "/" + path


# The cast and their objects --------------------------------------------------------------


@pytest.fixture
def world(demo_site: Any, editor: User, analyst: User, admin_user: User, api_client_user: User):
    article = ingest_demo_page(demo_site, "call-feb12.html")
    claim = Claim.objects.filter(evidence__article=article).order_by("pk").first()
    assert claim is not None
    evidence = Evidence.objects.filter(claim=claim).order_by("pk").first()
    feed = curation_services.create_feed(url=demo_site.url("feed.xml"))
    _read, read_raw = create_token(user=api_client_user, name="matrix-read", scope=Scope.READ)
    _write, write_raw = create_token(user=editor, name="matrix-write", scope=Scope.WRITE)
    revocable, _raw = create_token(user=editor, name="matrix-revocable", scope=Scope.READ)
    return {
        "article": article,
        "claim": claim,
        "evidence": evidence,
        "feed": feed,
        "tokens": {"read_token": read_raw, "write_token": write_raw},
        "revocable": revocable,
        "users": {"analyst": analyst, "editor": editor, "admin": admin_user},
    }


def _admin_objects(world: dict[str, Any]) -> dict[str, str]:
    """One real row of every model the admin serves, keyed by `app_model`."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )
    from rest_framework.authtoken.models import Token

    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    made = {
        ClockedSchedule: lambda: ClockedSchedule.objects.create(clocked_time=timezone.now()),
        CrontabSchedule: lambda: CrontabSchedule.objects.create(minute="5"),
        SolarSchedule: lambda: SolarSchedule.objects.create(
            event="sunrise", latitude=35.68, longitude=139.77
        ),
        PeriodicTask: lambda: PeriodicTask.objects.create(
            name="matrix", task="curation.tasks.poll_due_feeds", interval=interval
        ),
        ArticleVersion: lambda: ArticleVersion.objects.create(
            article=world["article"],
            text=world["article"].text,
            content_hash=world["article"].content_hash,
            fetched_at=timezone.now(),
        ),
        Token: lambda: Token.objects.create(user=world["users"]["analyst"]),
        AccessAttempt: lambda: AccessAttempt.objects.create(
            username="nobody", ip_address="127.0.0.9", failures_since_start=1
        ),
        AccessLog: lambda: AccessLog.objects.create(username="nobody", ip_address="127.0.0.9"),
        AccessFailureLog: lambda: AccessFailureLog.objects.create(
            username="nobody", ip_address="127.0.0.9"
        ),
    }
    known = {
        Group: Group.objects.get(name="editor"),
        User: world["users"]["editor"],
        Article: world["article"],
        Claim: world["claim"],
        Evidence: world["evidence"],
        Feed: world["feed"],
        Outlet: world["article"].outlet,
        ApiToken: world["revocable"],
        Issue: Issue.objects.first(),
        Actor: Actor.objects.first(),
    }
    objects = {}
    for model in admin.site._registry:
        row = known.get(model) or model._default_manager.first()
        if row is None:
            concrete_model = model._meta.concrete_model
            made[concrete_model]()
            row = model._default_manager.first()  # a proxy's own idea of its key
        assert row is not None, f"no {model._meta.label} to point the admin at"
        objects[f"{model._meta.app_label}_{model._meta.model_name}"] = str(row.pk)
    return objects


def _values(key: str, world: dict[str, Any], admin_rows: dict[str, str]) -> dict[str, str]:
    claim, article = world["claim"], world["article"]
    values = {
        "article_id": str(article.pk),
        "evidence_id": str(world["evidence"].pk),
        "claim_id": str(claim.pk),
        "feed_id": str(world["feed"].pk),
        "token_key": world["revocable"].token_key,
        "fmt": "csv",
        "format": "json",
        "name": "call-feb12.html",
        "app_label": "claims",
        "url": "no-such-page/",
        "slug": (claim.issues.first() or Issue.objects.first()).slug,
        "pk": str(claim.pk),
    }
    if key.startswith("actor-"):
        values["slug"] = (claim.actors.first() or Actor.objects.first()).slug
    pks = {"outlet-": article.outlet_id, "article-": article.pk}
    for prefix, pk in pks.items():
        if key.startswith(prefix):
            values["pk"] = str(pk)
    unnamed = re.match(r"admin/(\w+)/(\w+)/<path:object_id>/", key)
    for label, pk in admin_rows.items():
        if key.startswith(f"admin:{label}_") or (unnamed and "_".join(unnamed.groups()) == label):
            values["object_id"] = values["id"] = pk
    if key.startswith("admin:view_on_site"):
        from django.contrib.contenttypes.models import ContentType

        values["content_type_id"] = str(ContentType.objects.get_for_model(Claim).pk)
        values["object_id"] = str(claim.pk)
    return values


# Running it -----------------------------------------------------------------------------


def _row_counters() -> dict[str, tuple[int, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables"
            " WHERE n_tup_ins + n_tup_upd + n_tup_del > 0"
        )
        return {name: (ins, upd, dele) for name, ins, upd, dele in cursor.fetchall()}


def _clients(world: dict[str, Any]) -> dict[str, tuple[Client, dict[str, str]]]:
    clients: dict[str, tuple[Client, dict[str, str]]] = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        headers: dict[str, str] = {}
        if role in world["tokens"]:
            headers["HTTP_AUTHORIZATION"] = f"Token {world['tokens'][role]}"
        if role in world["users"]:
            client.force_login(world["users"][role])
        clients[role] = (client, headers)
    return clients


def observe(world: dict[str, Any]) -> Iterator[tuple[str, str, str, str, Any, list[str]]]:
    """(key, path, role, method, response, tables written) of every cell of the matrix."""
    admin_rows = _admin_objects(world)
    clients = _clients(world)
    before = _row_counters()
    throttle = caches["throttle"]
    for key, pattern in routes():
        path = concrete(pattern, _values(key, world, admin_rows))
        for role in ROLES:
            client, headers = clients[role]
            cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
            for method in METHODS:
                if path.startswith("/api/"):
                    throttle.clear()
                with transaction.atomic():
                    response = client.generic(method, path, **headers)
                    after = _row_counters()
                    transaction.set_rollback(True)
                client.cookies = SimpleCookie(cookies.output(header="", sep="\n"))
                allowed = WRITES_ALWAYS_ALLOWED | (
                    TOKEN_BOOKKEEPING if role in world["tokens"] else set()
                )
                written = sorted(
                    name
                    for name in set(before) | set(after)
                    if before.get(name) != after.get(name) and name not in allowed
                )
                before = after
                yield key, path, role, method, response, written


def _refused(response: Any) -> bool:
    """Stopped at the door: no permission, no such thing for this role, or sent to log in."""
    if response.status_code in (401, 403, 404, 405):
        return True
    location = response.headers.get("Location", "") if response.status_code == 302 else ""
    return location.startswith((str(settings.LOGIN_URL), "/accounts/login/", "/admin/login/"))


@pytest.fixture
def quiet_refusals() -> Iterator[None]:
    """Thousands of 4xx are the point here: log only server errors while the matrix runs."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def test_every_route_role_and_method_answers_as_written_down(world, quiet_refusals):
    started = time.monotonic()
    known = {key for key, _ in routes()}
    unclassified = sorted(known - set(EXPECTED))
    stale = sorted(set(EXPECTED) - known)
    assert not unclassified, f"routes missing from EXPECTED, classify them: {unclassified}"
    assert not stale, f"EXPECTED names routes that are gone: {stale}"

    wrong, writes = [], []
    cells = 0
    for key, path, role, method, response, written in observe(world):
        cells += 1
        status = response.status_code
        expected = EXPECTED[key][role].split()[METHODS.index(method)]
        if str(status) != expected:
            wrong.append(f"{method} {path} as {role}: {status}, expected {expected}")
        if written and (method == "GET" or _refused(response)):
            writes.append(f"{method} {path} as {role} ({status}) wrote to {written}")
        if status >= 500:
            figures.add("requests failed (5xx)")
        figures.add("requests served")
    figures.add("authorisation cells checked", cells)
    figures.add("authorisation cells wrong", len(wrong) + len(writes))
    figures.peak("seconds for the authorisation matrix", time.monotonic() - started)

    assert not wrong, "\n".join(wrong)
    assert not writes, "\n".join(writes)
