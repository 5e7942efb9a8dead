from django.db import migrations


class Migration(migrations.Migration):
    """The review inbox pages through fetched articles newest first, with the id as the tie
    (a page of ids, then its rows): this index lets the LIMIT stop after one page instead of
    sorting every fetched article. Outside the model state, so curation/models.py is unchanged."""

    dependencies = [("curation", "0003_article_url_indexes")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS article_inbox_order_idx"
            " ON curation_article (status, published_at DESC, id DESC)",
            reverse_sql="DROP INDEX IF EXISTS article_inbox_order_idx",
        )
    ]
