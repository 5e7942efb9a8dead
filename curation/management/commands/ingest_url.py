from django.core.management.base import BaseCommand, CommandError, CommandParser

from curation import services
from curation.fetching import FetchError
from curation.management.commands._eager import tasks_in_process
from curation.models import Article


class Command(BaseCommand):
    help = "Queue one page for fetching, parsing and claim extraction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url")
        parser.add_argument("--now", action="store_true", help="Run the tasks here and wait.")
        parser.add_argument("--refresh", action="store_true", help="Fetch again if known.")

    def handle(self, *args: object, url: str, now: bool, refresh: bool, **options: object) -> None:
        with tasks_in_process(now):
            try:
                article, created = services.enqueue_public_url(url=url, refresh=refresh)
            except FetchError as error:  # a private or malformed address, or no such host
                raise CommandError(str(error)) from error
        article.refresh_from_db()
        verb = "queued" if created else "already known"
        self.stdout.write(
            f"article {article.pk} {verb}: {article.canonical_url} [{article.status}]"
        )
        if article.status == Article.Status.FAILED:
            raise CommandError(f"fetch failed ({article.error_reason}): {article.error_message}")
        if article.status == Article.Status.FETCHED:
            claims = article.evidence.count()
            self.stdout.write(
                f"  {article.title} — encoding {article.encoding}, {claims} candidate claim(s)"
            )
