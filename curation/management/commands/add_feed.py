import re
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from curation import services
from curation.fetching import UnsafeURL
from curation.models import Feed

INTERVAL = re.compile(r"^(\d+)([smhd])$")
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_interval(value: str) -> timedelta:
    match = INTERVAL.match(value.strip())
    if not match:
        raise CommandError(f"--every takes a number and a unit (30s, 15m, 1h, 1d), not {value!r}")
    amount, unit = match.groups()
    return timedelta(**{UNITS[unit]: int(amount)})


class Command(BaseCommand):
    help = "Add (or update) a feed to poll: RSS/Atom, an HTML listing page or a sitemap."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url")
        parser.add_argument("--kind", choices=Feed.Kind.values, default=Feed.Kind.RSS)
        parser.add_argument("--every", default="15m", help="Polling interval, e.g. 15m or 1h.")
        parser.add_argument("--title", default="")
        parser.add_argument(
            "--keyword",
            action="append",
            default=[],
            dest="keywords",
            help="Only fetch items mentioning this word (repeatable).",
        )
        parser.add_argument("--selector", default="", help="CSS selector of links (HTML).")
        parser.add_argument("--pattern", default="", help="Regex article URLs must match.")

    def handle(self, *args: object, **options: Any) -> None:
        try:
            feed = services.create_feed(
                url=str(options["url"]),
                kind=str(options["kind"]),
                interval=parse_interval(str(options["every"])),
                title=str(options["title"]),
                topic_keywords=list(options["keywords"]),
                link_selector=str(options["selector"]),
                url_pattern=str(options["pattern"]),
            )
        except UnsafeURL as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"feed {feed.pk}: {feed.url} ({feed.kind}, every {feed.interval})")
