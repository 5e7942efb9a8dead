"""`manage.py import_dataset PATH`: restore a file written by export_dataset, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from timeline.dataset import DatasetError, import_dataset


class Command(BaseCommand):
    help = "Load a dataset written by export_dataset into a database without curated rows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The file export_dataset wrote.")

    def handle(self, *args: object, path: str, **options: object) -> None:
        try:
            with Path(path).open(encoding="utf-8") as stream:
                counts = import_dataset(stream)
        except (OSError, DatasetError) as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(f"{label} {count}" for label, count in counts.items())
        self.stdout.write(f"imported {sum(counts.values())} rows: {summary}")
