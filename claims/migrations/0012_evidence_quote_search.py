"""A pg_trgm GIN index over evidence quotes (PostgreSQL only, not in the model state, as in
0007): the editor's picker finds a claim by the words of any of its quotes, a substring search
(`UPPER(exact) LIKE`) the index serves for words of three characters and more."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS evidence_exact_trgm ON claims_evidence "
    "USING gin (upper(exact) gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS evidence_exact_trgm"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_issue_keywords")]

    operations = [migrations.RunPython(forward, backward)]
