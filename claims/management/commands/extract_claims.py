import json as jsonlib
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from claims import extraction
from claims.page_report import LoadedPage, extract_page_json, load_page
from claims.services.candidates import lexicon_from_database
from curation.fetching import FetchError, fetch
from curation.parsing import media_type_for_name
from curation.services import fetch_policy


class Command(BaseCommand):
    help = (
        "Run the extraction pipeline on one page (a file or a URL) and print its claims. "
        "Stores nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", metavar="PATH_OR_URL")
        parser.add_argument(
            "--published",
            type=date.fromisoformat,
            default=None,
            help="Publication date (YYYY-MM-DD) when the page does not give one.",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print one JSON object."
        )

    def handle(
        self, *args: object, source: str, published: date | None, as_json: bool, **options: object
    ) -> None:
        page = self._load(source)
        report = extract_page_json(page, published=published, lexicon=self._lexicon())
        if as_json:
            self.stdout.write(_dumps(report))
            return
        article = report["article"]
        self.stdout.write(f"{article['title']} ({article['published']}, {article['encoding']})")
        for claim in report["claims"]:
            when = claim["event_date"] or {}
            self.stdout.write(
                f"- [{claim['modality']}] {when.get('start')}..{when.get('end')} "
                f"{','.join(claim['actors'])} / {','.join(claim['issues'])}: {claim['text']}"
            )

    def _load(self, source: str) -> LoadedPage:
        if source.startswith(("http://", "https://")):
            try:
                result = fetch(source, fetch_policy())
            except FetchError as error:
                raise CommandError(f"{error.reason}: {error}") from error
            return load_page(
                result.body,
                url=result.final_url,
                media_type=result.content_type or None,
                header_charset=result.charset,
            )
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"no such file: {source}")
        return load_page(path.read_bytes(), url=None, media_type=media_type_for_name(path.name))

    def _lexicon(self) -> extraction.Lexicon:
        try:
            lexicon = lexicon_from_database()
        except DatabaseError:
            return extraction.DEFAULT_LEXICON
        return lexicon if lexicon.actors and lexicon.issues else extraction.DEFAULT_LEXICON


def _dumps(report: dict[str, Any]) -> str:
    return jsonlib.dumps(report, ensure_ascii=False, indent=2 if settings.DEBUG else None)
