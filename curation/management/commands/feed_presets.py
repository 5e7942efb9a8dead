from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from curation.models import Feed
from curation.presets import (
    PRESETS,
    UnknownPreset,
    install_presets,
    preset_states,
    set_presets_enabled,
)


class Command(BaseCommand):
    help = (
        "Install the preset feeds of Japanese outlets (disabled), list them, or switch them "
        "on and off by key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", action="store_true", help="Show each preset and its state.")
        parser.add_argument(
            "--enable", nargs="+", default=[], metavar="KEY", help="Install and enable these."
        )
        parser.add_argument(
            "--enable-all", action="store_true", help="Install and enable every preset."
        )
        parser.add_argument(
            "--disable", nargs="+", default=[], metavar="KEY", help="Disable these."
        )

    def handle(self, *args: object, **options: Any) -> None:
        enable = list(options["enable"])
        disable = list(options["disable"])
        enable_all = bool(options["enable_all"])
        if set(enable) & set(disable):
            raise CommandError("a preset cannot be both enabled and disabled")
        if options["list"]:
            if enable or disable or enable_all:
                raise CommandError("--list only shows the presets; run it on its own")
            self._list()
            return
        try:
            # Every preset is installed (disabled) whatever the options, so that the admin
            # and --list show the full choice.
            feeds = install_presets(enable=False)
            if enable_all:
                install_presets(enable=True)
            elif enable:
                install_presets(enable=True, keys=enable)
            if disable:
                set_presets_enabled(keys=disable, enabled=False)
        except UnknownPreset as error:
            known = ", ".join(preset.key for preset in PRESETS)
            raise CommandError(f"unknown preset {error.args[0]} (known: {known})") from error
        enabled = sum(1 for _, feed in preset_states() if feed and feed.enabled)
        self.stdout.write(f"{len(feeds)} preset feeds installed, {enabled} enabled")

    def _list(self) -> None:
        for preset, feed in preset_states():
            state = _state(feed)
            self.stdout.write(
                f"{preset.key:<13} {state:<13} {preset.kind:<8} {preset.outlet_name}  {preset.url}"
            )


def _state(feed: Feed | None) -> str:
    if feed is None:
        return "not installed"
    return "enabled" if feed.enabled else "disabled"
