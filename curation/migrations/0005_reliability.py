"""Fetch bookkeeping for recovery (starts, due time, decoding note); sweep every 5 seconds."""

from django.db import migrations, models

SWEEPER = "Requeue stale fetches"
SWEEP_SECONDS = 5  # CELERY_SWEEP_SECONDS's default; see README, "Recovery"


def sweep_often(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _ = IntervalSchedule.objects.get_or_create(every=SWEEP_SECONDS, period="seconds")
    PeriodicTask.objects.filter(name=SWEEPER).update(interval=interval)


def sweep_every_five_minutes(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.filter(name=SWEEPER).update(interval=interval)


class Migration(migrations.Migration):

    dependencies = [
        ("curation", "0004_workspace"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="decode_note",
            field=models.CharField(blank=True, editable=False, max_length=300),
        ),
        migrations.AddField(
            model_name="article",
            name="fetch_starts",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="next_attempt_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("extracted_at__isnull", True), ("status", "fetched")),
                fields=["fetched_at"],
                name="article_unextracted_idx",
            ),
        ),
        migrations.RunPython(sweep_often, sweep_every_five_minutes),
    ]
