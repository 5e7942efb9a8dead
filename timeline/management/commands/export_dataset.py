"""`manage.py export_dataset PATH`: every curated row to one JSON Lines file (a backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from timeline.dataset import export_dataset


class Command(BaseCommand):
    help = "Write every curated row (articles, claims, evidence, users' roles…) to PATH."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The file to write ('-' for standard output).")

    def handle(self, *args: object, path: str, **options: object) -> None:
        if path == "-":
            counts = export_dataset(self.stdout)
        else:
            target = Path(path)
            partial = target.with_name(target.name + ".partial")
            with partial.open("w", encoding="utf-8", newline="\n") as stream:
                counts = export_dataset(stream)
            partial.replace(target)  # never a half-written backup under the real name
        summary = ", ".join(f"{label} {count}" for label, count in counts.items())
        self.stderr.write(f"exported {sum(counts.values())} rows: {summary}")
