import sys

from django.core.management.base import BaseCommand, CommandParser

from curation import services
from curation.management.commands._eager import tasks_in_process
from curation.models import Feed
from curation.tasks import poll_feed


class Command(BaseCommand):
    help = "Poll the feeds that are due (or all with --all) and queue their new pages."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run the tasks here and wait.")
        parser.add_argument("--all", action="store_true", help="Poll every enabled feed.")

    def handle(self, *args: object, now: bool, all: bool, **options: object) -> None:
        if all:
            feed_ids = list(Feed.objects.filter(enabled=True).values_list("pk", flat=True))
        else:
            feed_ids = services.due_feed_ids()
        if not feed_ids:
            self.stdout.write("no feed is due")
            return
        total_new = 0
        with tasks_in_process(now):
            for done, feed_id in enumerate(feed_ids, start=1):
                if now:
                    run = services.poll_feed(feed_id=feed_id)
                    total_new += run.new_urls if run else 0
                    line = f"feed {feed_id}: " + (
                        f"{run.items_seen} items, {run.new_urls} new"
                        + (f", error: {run.error}" if run.error else "")
                        if run
                        else "already being polled"
                    )
                else:
                    poll_feed.delay(feed_id)
                    line = f"feed {feed_id}: queued"
                self._progress(done, len(feed_ids), line)
        self.stdout.write(f"{len(feed_ids)} feed(s) polled, {total_new} new page(s)")

    def _progress(self, done: int, total: int, line: str) -> None:
        if sys.stdout.isatty():
            width = 30
            filled = width * done // total
            bar = "#" * filled + "-" * (width - filled)
            self.stdout.write(f"\r[{bar}] {done}/{total}", ending="")
            if done == total:
                self.stdout.write("")
        else:
            self.stdout.write(line)
