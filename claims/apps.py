from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        # Register the Celery tasks in every process, so that they can be queued by name.
        from claims import tasks  # noqa: F401
