"""Indexes of the timeline's hot path (issue 10).

- `claim_approved_timeline_idx` (both databases): approved claims by (event date with undated
  last, id), the keyset the timeline and the API page on.
- PostgreSQL only (not in the model state, so SQLite and `makemigrations` ignore them): a GiST
  index over each approved claim's date span, so a date-range filter is an overlap (`&&`) an
  index serves, and a pg_trgm GIN index for the `q` substring search.
"""

import datetime

import django.db.models.functions.comparison
from django.db import migrations, models

# The exact expression timeline.selectors.SpanOverlaps writes: keep both in step.
SPAN_SQL = (
    "daterange(event_start, CASE WHEN date_precision = 'after' THEN NULL "
    "ELSE COALESCE(event_end, event_start) END, '[]')"
)

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS claim_approved_span_gist ON claims_claim USING gist ({SPAN_SQL}) "
    "WHERE status = 'approved' AND (event_start IS NOT NULL OR event_end IS NOT NULL)",
    "CREATE INDEX IF NOT EXISTS claim_approved_text_trgm ON claims_claim "
    "USING gin (upper(text) gin_trgm_ops) WHERE status = 'approved'",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS claim_approved_text_trgm",
    "DROP INDEX IF EXISTS claim_approved_span_gist",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0006_actors_of_the_summer_talks_and_army_size_terms"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="claim",
            name="claim_status_date_idx",
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                django.db.models.functions.comparison.Coalesce(
                    models.F("event_start"),
                    models.F("event_end"),
                    models.Value(datetime.date(9999, 12, 31)),
                    output_field=models.DateField(),
                ),
                models.F("id"),
                condition=models.Q(("status", "approved")),
                name="claim_approved_timeline_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                models.OrderBy(models.F("event_end"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(
                    ("date_precision__in", ["before", "duration"]), ("status", "approved")
                ),
                name="claim_approved_deadline_idx",
            ),
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
