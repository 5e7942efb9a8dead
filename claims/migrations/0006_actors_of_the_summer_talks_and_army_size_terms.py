"""Add the actors and keywords the extractor gained after the lexicon was first seeded.

Actors are created only when their slug is new, and keywords only appended where missing: an
editor's edits in the admin stand. Everything is written out here, not imported, so that this
migration means the same thing whatever the lexicon module says later.
"""

from django.db import migrations

ADDED_ACTORS = [
    # slug, kind, English name, Japanese aliases (the first is the display name)
    ("bessent", "person", "Scott Bessent", ["ベッセント", "スコット・ベッセント"]),
    ("lutnick", "person", "Howard Lutnick", ["ラトニック", "ハワード・ラトニック"]),
    (
        "graham",
        "person",
        "Lindsey Graham",
        ["リンゼー・グラム", "リンジー・グラム", "グラム上院議員", "グラム議員"],
    ),
    ("ryabkov", "person", "Sergei Ryabkov", ["リャプコフ", "リャブコフ", "セルゲイ・リャプコフ"]),
    ("nebenzia", "person", "Vassily Nebenzia", ["ネベンジャ", "ワシリー・ネベンジャ"]),
    ("gerasimov", "person", "Valery Gerasimov", ["ゲラシモフ", "ワレリー・ゲラシモフ"]),
    ("belousov", "person", "Andrei Belousov", ["ベロウソフ", "アンドレイ・ベロウソフ"]),
    ("syrskyi", "person", "Oleksandr Syrskyi", ["シルスキー", "オレクサンドル・シルスキー"]),
    ("shmyhal", "person", "Denys Shmyhal", ["シュミハリ", "デニス・シュミハリ"]),
    (
        "svyrydenko",
        "person",
        "Yulia Svyrydenko",
        ["スビリデンコ", "スヴィリデンコ", "ユリア・スビリデンコ"],
    ),
    (
        "kyslytsya",
        "person",
        "Serhiy Kyslytsya",
        ["キスリツァ", "セルギー・キスリツァ", "セルヒー・キスリツァ"],
    ),
]

ADDED_ALIASES = {
    "kallas": ["カラス上級代表", "カラス外交安全保障上級代表", "カラス氏"],
    "costa": ["コスタ大統領", "コスタ常任議長", "コスタ氏"],
}

ADDED_KEYWORDS = {
    "security_guarantees": [
        "兵力上限",
        "兵力の上限",
        "兵力を…制限",
        "軍の規模",
        "非武装化",
        "安全を…約束",
    ],
    "territory": ["非武装地帯", "緩衝地帯"],
    "sanctions_relief": [
        "ロシア資産",
        "凍結した…資産",
        "凍結された…資産",
        "輸入を…停止",
        "輸入を…禁止",
        "ロシア産原油",
        "ロシア産石油",
        "ロシア産ガス",
        "経済的な圧力",
        "経済的圧力",
    ],
    "negotiations_process": [
        "出迎え",
        "歴訪",
        "交渉のテーブル",
        "交渉の席",
        "電話で…話",
        "合意に…近づ",
        "修正案",
        "日の猶予",
        "日間の猶予",
        "猶予を…日",
    ],
}


def add_lexicon(apps, schema_editor):
    Actor = apps.get_model("claims", "Actor")
    Issue = apps.get_model("claims", "Issue")
    for slug, kind, name_en, aliases in ADDED_ACTORS:
        actor, created = Actor.objects.get_or_create(
            slug=slug,
            defaults={"name_ja": aliases[0], "name_en": name_en, "kind": kind, "aliases": aliases},
        )
        # A fresh database already has the actor from 0002, named after its slug ("Bessent"):
        # give it the full name unless an editor has named it since.
        if not created and actor.name_en == slug.replace("-", " ").title():
            actor.name_en = name_en
            actor.save(update_fields=["name_en"])
    for actor in Actor.objects.filter(slug__in=ADDED_ALIASES):
        missing = [alias for alias in ADDED_ALIASES[actor.slug] if alias not in actor.aliases]
        if missing:
            actor.aliases = [*actor.aliases, *missing]
            actor.save(update_fields=["aliases"])
    for issue in Issue.objects.filter(slug__in=ADDED_KEYWORDS):
        missing = [word for word in ADDED_KEYWORDS[issue.slug] if word not in issue.keywords]
        if missing:
            issue.keywords = [*issue.keywords, *missing]
            issue.save(update_fields=["keywords"])


def remove_lexicon(apps, schema_editor):
    # The actors stay: claims may point at them by now.
    Actor = apps.get_model("claims", "Actor")
    Issue = apps.get_model("claims", "Issue")
    for actor in Actor.objects.filter(slug__in=ADDED_ALIASES):
        added = set(ADDED_ALIASES[actor.slug])
        actor.aliases = [alias for alias in actor.aliases if alias not in added]
        actor.save(update_fields=["aliases"])
    for issue in Issue.objects.filter(slug__in=ADDED_KEYWORDS):
        added = set(ADDED_KEYWORDS[issue.slug])
        issue.keywords = [word for word in issue.keywords if word not in added]
        issue.save(update_fields=["keywords"])


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_issue_keywords_for_goals_halts_and_sanctions_terms")]

    operations = [migrations.RunPython(add_lexicon, remove_lexicon)]
