from django.core.management.base import BaseCommand, CommandError, CommandParser

from curation import services
from curation.management.commands._eager import tasks_in_process
from curation.models import Article


class Command(BaseCommand):
    help = "Parse stored pages again and re-run extraction, without fetching."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("article_id", nargs="?", type=int)
        parser.add_argument("--all", action="store_true")

    def handle(self, *args: object, article_id: int | None, all: bool, **options: object) -> None:
        if all == (article_id is not None):
            raise CommandError("give one ARTICLE_ID or --all")
        ids = (
            list(Article.objects.exclude(raw_bytes=None).values_list("pk", flat=True))
            if article_id is None
            else [article_id]
        )
        with tasks_in_process(True):
            for pk in ids:
                outcome = services.reparse_article(article_id=pk)
                self.stdout.write(f"article {pk}: {outcome.status} {outcome.detail}".rstrip())
