"""Add the keywords the extractor gained after the taxonomy was first seeded.

Only appended, and only where missing: editors may have edited the lists in the admin, and
their edits stand. The words are written out here, not imported, so that this migration
means the same thing whatever the lexicon module says later.
"""

from django.db import migrations

ADDED_KEYWORDS = {
    "ceasefire_monitoring": [
        "戦闘を…止め",
        "戦闘を…やめ",
        "攻撃を…止め",
        "攻撃を…控え",
        "攻撃停止",
        "攻撃の停止",
    ],
    "sanctions_relief": [
        "決済網",
        "農業銀行",
        "禁輸",
        "輸入停止",
        "輸入禁止",
        "価格上限",
        "上限価格",
        "価格の上限",
        "肥料の輸出",
        "農産物…輸出",
    ],
    "energy_infrastructure": ["発電施設", "発電設備", "電力施設"],
    "negotiations_process": [
        "話し合",
        "意見を交わ",
        "意見交換",
        "戦争終結",
        "戦争の終結",
        "戦争を終わらせ",
        "戦争を終結",
        "終戦",
        "合意に達",
        "抜きで",
        "抜きの",
        "覚書",
    ],
}


def add_keywords(apps, schema_editor):
    Issue = apps.get_model("claims", "Issue")
    for issue in Issue.objects.filter(slug__in=ADDED_KEYWORDS):
        missing = [word for word in ADDED_KEYWORDS[issue.slug] if word not in issue.keywords]
        if missing:
            issue.keywords = [*issue.keywords, *missing]
            issue.save(update_fields=["keywords"])


def remove_keywords(apps, schema_editor):
    Issue = apps.get_model("claims", "Issue")
    for issue in Issue.objects.filter(slug__in=ADDED_KEYWORDS):
        added = set(ADDED_KEYWORDS[issue.slug])
        issue.keywords = [word for word in issue.keywords if word not in added]
        issue.save(update_fields=["keywords"])


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_claim_proposed_names")]

    operations = [migrations.RunPython(add_keywords, remove_keywords)]
