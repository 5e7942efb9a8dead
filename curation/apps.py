from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "curation"
    verbose_name = "Curation (sources)"

    def ready(self) -> None:
        # Register the Celery tasks in every process, so that they can be queued by name.
        from curation import signals, tasks  # noqa: F401
