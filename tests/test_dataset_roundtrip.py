"""A backup is a command: export_dataset, flush, import_dataset gives back every curated row."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from apitokens.models import Scope
from apitokens.services import create_token
from claims.models import Claim, ClaimHistory, ReviewStatus
from claims.services.merging import merge_claims
from claims.services.review import reject_claim
from curation.models import Article
from tests.reliability_report import FIGURES as figures
from timeline.dataset import MODELS, DatasetError, import_dataset

pytestmark = pytest.mark.reliability


def _tables() -> list[tuple[str, str, str]]:
    """(table, ORDER BY, columns) of every table the dataset covers, joins included."""
    from django.apps import apps

    tables = []
    for label in MODELS:
        model = apps.get_model(label)
        if label != "auth.Group":  # re-created under new ids: compared by name below
            tables.append((model._meta.db_table, model._meta.pk.column, "*"))
        if label.startswith("auth."):
            continue  # groups and permissions get new ids: compared by name below
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through._meta
            columns = [f.column for f in through.local_concrete_fields if not f.primary_key]
            tables.append((through.db_table, ", ".join(columns), ", ".join(columns)))
    return tables


def _snapshot() -> dict[str, list[tuple[object, ...]]]:
    """Every row as PostgreSQL holds it (bytes, microseconds); join tables without their ids."""
    rows: dict[str, list[tuple[object, ...]]] = {}
    with connection.cursor() as cursor:
        for table, order, columns in _tables():
            cursor.execute(f"SELECT {columns} FROM {table} ORDER BY {order}")  # noqa: S608
            rows[table] = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                for row in cursor.fetchall()
            ]
    # Groups by name, memberships and permissions by name too: their ids are the database's.
    rows["groups"] = sorted(
        (group.name, tuple(sorted(group.permissions.values_list("codename", flat=True))))
        for group in Group.objects.all()
    )
    rows["memberships"] = sorted(User.groups.through.objects.values_list("user_id", "group__name"))
    rows["user permissions"] = sorted(
        User.user_permissions.through.objects.values_list("user_id", "permission__codename")
    )
    return rows


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_export_flush_import_gives_back_every_row_byte_for_byte(settings, tmp_path: Path):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    editor = User.objects.get(username="editor")
    # Merges, a rejection with its reason and an API token: rows the demo alone does not make.
    candidates = list(Claim.objects.filter(status=ReviewStatus.CANDIDATE).order_by("pk")[:3])
    target, source, rejected = candidates
    merge_claims(
        target=target,
        sources=[source],
        user=editor,
        expected_versions={target.pk: target.version, source.pk: source.version},
    )
    reject_claim(
        claim=rejected, user=editor, expected_version=rejected.version, reason="重複のため却下。"
    )
    create_token(user=editor, name="バックアップ試験", scope=Scope.WRITE)

    assert Article.objects.exclude(raw_bytes=None).exists()
    assert Claim.objects.filter(merged_into__isnull=False).exists()
    assert ClaimHistory.objects.exists()
    before = _snapshot()
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"

    call_command("export_dataset", str(first), stderr=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    assert not Claim.objects.exists() and not Article.objects.exists()
    call_command("import_dataset", str(first), stdout=io.StringIO())
    call_command("export_dataset", str(second), stderr=io.StringIO())

    after = _snapshot()
    for table in before:
        changed = [
            (old[0], [(a, b) for a, b in zip(old, new, strict=True) if a != b])
            for old, new in zip(before[table], after[table], strict=False)
            if old != new
        ]
        assert after[table] == before[table], f"{table} differs (id, columns): {changed[:3]}"
    assert second.read_bytes() == first.read_bytes()
    rows = sum(len(table) for table in before.values())
    figures.add("dataset rows exported and restored", rows)
    figures.add("rows lost", sum(abs(len(before[t]) - len(after[t])) for t in before))
    # New rows after a restore take fresh ids (sequences were moved past the restored ones).
    demo_article = Article.objects.order_by("pk").first()
    assert demo_article is not None
    url = demo_article.canonical_url + "?copy"
    copy = Article.objects.create(canonical_url=url, requested_url=url, title="複製")
    assert copy.pk > Article.objects.exclude(pk=copy.pk).order_by("-pk").first().pk
    # Users come back with their roles and their (hashed) passwords: they can still log in.
    restored = User.objects.get(username="editor")
    assert restored.groups.filter(name="editor").exists()
    assert restored.check_password("ronten-editor")
    assert restored.has_perm("claims.change_claim") == editor.has_perm("claims.change_claim")


@pytest.mark.django_db
def test_import_refuses_a_database_that_already_holds_curated_rows(demo_site, tmp_path):
    from tests.factories import ingest_demo_page

    ingest_demo_page(demo_site, "call-feb12.html")
    path = tmp_path / "dataset.jsonl"
    call_command("export_dataset", str(path), stderr=io.StringIO())

    with pytest.raises(CommandError, match="already holds"):
        call_command("import_dataset", str(path))


@pytest.mark.django_db
def test_import_refuses_a_file_that_is_no_dataset():
    with pytest.raises(DatasetError, match="not a Ronten dataset"):
        import_dataset(io.StringIO('{"model": "claims.claim", "pk": 1, "fields": {}}\n'))
