"""Seed the issue taxonomy and actor lexicon of DESIGN.md, and the role groups."""

from django.db import migrations

ROLE_GROUPS = ("editor", "analyst", "api_client")

ENGLISH_NAMES = {
    "us": "United States",
    "eu": "European Union",
    "nato": "NATO",
    "un": "United Nations",
    "uk": "United Kingdom",
    "white-house": "White House",
    "saudi-arabia": "Saudi Arabia",
}


def english_name(slug):
    return ENGLISH_NAMES.get(slug, slug.replace("-", " ").title())


def seed(apps, schema_editor):
    from claims.extraction.lexicon import DEFAULT_ACTORS, DEFAULT_ISSUES

    Issue = apps.get_model("claims", "Issue")
    Actor = apps.get_model("claims", "Actor")
    Group = apps.get_model("auth", "Group")
    for entry in DEFAULT_ISSUES:
        Issue.objects.update_or_create(
            slug=entry.slug,
            defaults={
                "name_ja": entry.name_ja,
                "name_en": entry.name_en,
                "keywords": list(entry.keywords),
            },
        )
    for entry in DEFAULT_ACTORS:
        Actor.objects.update_or_create(
            slug=entry.slug,
            defaults={
                "name_ja": entry.aliases[0],
                "name_en": english_name(entry.slug),
                "kind": entry.kind,
                "aliases": list(entry.aliases),
            },
        )
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


def unseed(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
