"""The curated dataset as one JSON Lines file: `export_dataset` writes it, `import_dataset` reads it.

One line per row, in Django's serialised form (``{"model", "pk", "fields"}``), models in an order
that loads forwards, rows by primary key: two exports of the same data are the same bytes.
Primary keys are kept, so every reference (merges, duplicates, upstream articles, history)
survives; groups and permissions travel by natural key, since migrations and `flush` re-create
their rows under other ids. Users keep their password hashes (never a clear password).

Unlike Django's own JSON encoder, times keep their microseconds: the API's change stamps and
sync cursors compare them, and a backup that rounds them would not restore the same data.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

FORMAT = "ronten-dataset"
VERSION = 1

# Parents before children; self-references (merges, duplicates) are resolved by the deferred
# foreign-key checks of the import's transaction.
MODELS = [
    "auth.Group",
    "auth.User",
    "curation.Outlet",
    "curation.OutletDomain",
    "curation.Feed",
    "curation.FeedPoll",
    "curation.Article",
    "curation.ArticleVersion",
    "curation.Citation",
    "claims.Issue",
    "claims.Actor",
    "claims.Claim",
    "claims.Evidence",
    "claims.ClaimHistory",
    "apitokens.ApiToken",
]
# Rows that must be absent before an import: it restores a dataset, it does not merge two.
CURATED = ["curation.Article", "claims.Claim", "curation.Feed", "curation.Outlet"]


class DatasetError(Exception):
    pass


class _Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()  # all six digits of the microseconds
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _rows(model: type[Model]) -> Iterator[dict[str, Any]]:
    queryset = model._base_manager.order_by("pk")
    natural = model._meta.label in ("auth.Group",)
    many = [field.name for field in model._meta.many_to_many]
    for row in serializers.serialize(
        "python",
        queryset.iterator(chunk_size=500),
        use_natural_foreign_keys=True,
        use_natural_primary_keys=natural,
    ):
        for name in many:  # sorted, whatever order the join gave
            row["fields"][name] = sorted(row["fields"][name], key=json.dumps)
        yield row


def export_dataset(stream: SupportsWrite[str]) -> dict[str, int]:
    """Write every curated row to `stream`; returns the number of rows per model."""
    counts: dict[str, int] = {}
    header = {"format": FORMAT, "version": VERSION, "models": MODELS}
    stream.write(json.dumps(header) + "\n")
    with transaction.atomic():  # one consistent snapshot (REPEATABLE READ not needed: one pass)
        for label in MODELS:
            model = apps.get_model(label)
            counts[label] = 0
            for row in _rows(model):
                stream.write(json.dumps(row, cls=_Encoder, ensure_ascii=False, sort_keys=True))
                stream.write("\n")
                counts[label] += 1
    return counts


def _lines(stream: IO[str]) -> Iterator[dict[str, Any]]:
    first = stream.readline()
    try:
        header = json.loads(first)
    except ValueError as error:
        raise DatasetError("not a Ronten dataset (no header line)") from error
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise DatasetError("not a Ronten dataset (wrong header)")
    if header.get("version") != VERSION:
        raise DatasetError(f"dataset version {header.get('version')} is not {VERSION}")
    for number, line in enumerate(stream, start=2):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as error:
            raise DatasetError(f"line {number}: {error}") from error
        if row.get("model") not in {label.lower() for label in MODELS}:
            raise DatasetError(f"line {number}: unexpected model {row.get('model')!r}")
        yield row


def import_dataset(stream: IO[str], *, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Load a dataset written by `export_dataset` into a database without curated rows.

    All or nothing: one transaction, foreign keys checked at its end, sequences moved past
    the largest imported id so that new rows never collide with restored ones.
    """
    for label in CURATED:
        if apps.get_model(label)._default_manager.using(using).exists():
            raise DatasetError(f"the database already holds {label} rows: import into an empty one")
    counts: dict[str, int] = {}
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.constraint_checks_disabled():
            for restored in serializers.deserialize("python", _lines(stream), using=using):
                restored.save(using=using)
                label = restored.object._meta.label
                counts[label] = counts.get(label, 0) + 1
        tables = [apps.get_model(label)._meta.db_table for label in MODELS]
        tables += [
            field.remote_field.through._meta.db_table
            for label in MODELS
            for field in apps.get_model(label)._meta.local_many_to_many
        ]
        connection.check_constraints(table_names=tables)
        models = [apps.get_model(label) for label in MODELS]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    return counts
