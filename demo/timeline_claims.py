"""Demo claims for the timeline: every date precision, every issue, and the deadlines.

Sentences are our own, written from the public facts of the 2025 talks (dates, names, events).
They are stored as two short articles of two demo outlets and approved through the review
service, so they carry evidence and history like any other claim. Idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from claims import services
from claims.models import Actor, Claim, Evidence, Issue, Modality
from curation.models import Article, Outlet, OutletDomain

WIRE = ("論点デモ通信", "ronten-demo-wire", "demo-wire.example")
PAPER = ("論点デモ新聞", "ronten-demo-paper", "demo-paper.example")


@dataclass(frozen=True)
class DemoClaim:
    text: str
    expression: str
    start: date | None
    end: date | None
    precision: str
    modality: str
    issues: tuple[str, ...]
    actors: tuple[str, ...]
    outlets: tuple[str, ...] = ("wire",)


D = date
CLAIMS = [
    DemoClaim(
        "2月12日、トランプ大統領とプーチン大統領が電話で会談し、交渉の開始で一致した。",
        "2月12日",
        D(2025, 2, 12),
        D(2025, 2, 12),
        "day",
        Modality.ASSERTED,
        ("negotiations_process",),
        ("trump", "putin"),
        ("wire", "paper"),
    ),
    DemoClaim(
        "ウクライナ政府は2月下旬に米国との鉱物資源の協定に署名する方向だと伝えられた。",
        "2月下旬",
        D(2025, 2, 21),
        D(2025, 2, 28),
        "month_part",
        Modality.REPORTED,
        ("minerals_deal",),
        ("zelensky",),
    ),
    DemoClaim(
        "2025年1月、米新政権の発足とともに和平協議の枠組みづくりが始まったとみられる。",
        "2025年1月",
        D(2025, 1, 1),
        D(2025, 1, 31),
        "month",
        Modality.SPECULATIVE,
        ("negotiations_process",),
        ("trump",),
    ),
    DemoClaim(
        "3月11日から12日にかけ、サウジアラビアのジッダで米国とウクライナの高官が協議した。",
        "3月11日から12日",
        D(2025, 3, 11),
        D(2025, 3, 12),
        "range",
        Modality.ASSERTED,
        ("ceasefire_monitoring", "negotiations_process"),
        ("rubio", "saudi-arabia"),
        ("wire", "paper"),
    ),
    DemoClaim(
        "トランプ氏は就任前の1月19日以前に戦争を終わらせると訴えていたが、実現しなかった。",
        "1月19日以前",
        None,
        D(2025, 1, 19),
        "before",
        Modality.ASSERTED,
        ("negotiations_process",),
        ("trump",),
    ),
    DemoClaim(
        "2月12日以降、米ロ首脳の直接の対話が続いていると報じられた。",
        "2月12日以降",
        D(2025, 2, 12),
        None,
        "after",
        Modality.REPORTED,
        ("negotiations_process",),
        ("trump", "putin"),
    ),
    DemoClaim(
        "ケロッグ特使は、就任から100日以内に停戦への道筋をつける目標を掲げた。",
        "100日以内",
        D(2025, 1, 20),
        D(2025, 4, 30),
        "duration",
        Modality.PLANNED,
        ("ceasefire_monitoring",),
        ("kellogg",),
        ("wire", "paper"),
    ),
    DemoClaim(
        "米国は3月11日、30日間の全面的な停戦案をウクライナと共同で提示した。",
        "30日間",
        D(2025, 3, 11),
        D(2025, 4, 10),
        "duration",
        Modality.PLANNED,
        ("ceasefire_monitoring",),
        ("zelensky", "rubio"),
    ),
    DemoClaim(
        "ロシアは3月18日、エネルギー施設への攻撃を30日間控えることに同意した。",
        "30日間",
        D(2025, 3, 18),
        D(2025, 4, 17),
        "duration",
        Modality.ASSERTED,
        ("energy_infrastructure",),
        ("putin",),
        ("wire", "paper"),
    ),
    DemoClaim(
        "停戦の監視期間を6か月とする案が協議されていると伝えられた。",
        "6か月",
        D(2025, 3, 25),
        D(2025, 9, 25),
        "duration",
        Modality.REPORTED,
        ("peacekeeping",),
        ("europe",),
    ),
    DemoClaim(
        "トランプ大統領は7月14日、50日以内に合意がなければロシアに厳しい関税を課すと警告した。",
        "50日以内",
        D(2025, 7, 14),
        D(2025, 9, 2),
        "duration",
        Modality.ASSERTED,
        ("sanctions_relief",),
        ("trump",),
    ),
    DemoClaim(
        "トランプ大統領は7月28日、ロシアへの期限を10日から12日に縮めると述べた。",
        "10日から12日",
        D(2025, 7, 28),
        D(2025, 8, 9),
        "duration",
        Modality.ASSERTED,
        ("sanctions_relief",),
        ("trump",),
    ),
    DemoClaim(
        "米国は鉱物資源の協定について4月30日までの署名を求めていると報じられた。",
        "4月30日まで",
        None,
        D(2025, 4, 30),
        "before",
        Modality.REPORTED,
        ("minerals_deal",),
        ("bessent",),
    ),
    DemoClaim(
        "米国とウクライナは4月30日、鉱物資源の協定に署名した。",
        "4月30日",
        D(2025, 4, 30),
        D(2025, 4, 30),
        "day",
        Modality.ASSERTED,
        ("minerals_deal",),
        ("bessent", "svyrydenko"),
        ("wire", "paper"),
    ),
    DemoClaim(
        "ウクライナでは2025年中の大統領選挙の実施は見送られるとの見方が出ている。",
        "2025年中",
        D(2025, 1, 1),
        D(2025, 12, 31),
        "year",
        Modality.SPECULATIVE,
        ("elections",),
        ("zelensky",),
    ),
    DemoClaim(
        "ロシア側はウクライナのNATO加盟の断念を和平の条件として改めて示した。",
        "",
        None,
        None,
        "",
        Modality.ASSERTED,
        ("nato_membership",),
        ("russia",),
    ),
    DemoClaim(
        "5月16日、イスタンブールでの直接協議で双方が捕虜1000人ずつの交換で合意した。",
        "5月16日",
        D(2025, 5, 16),
        D(2025, 5, 16),
        "day",
        Modality.ASSERTED,
        ("prisoner_exchange",),
        ("medinsky",),
        ("wire", "paper"),
    ),
    DemoClaim(
        "欧州各国はウクライナへの安全の保証について3月中に枠組みをまとめる考えを示した。",
        "3月中",
        D(2025, 3, 1),
        D(2025, 3, 31),
        "month",
        Modality.PLANNED,
        ("security_guarantees",),
        ("europe", "starmer", "macron"),
    ),
    DemoClaim(
        "ロシアは2月24日の協議で、占領地の扱いは交渉の対象外だと主張したとされる。",
        "2月24日",
        D(2025, 2, 24),
        D(2025, 2, 24),
        "day",
        Modality.REPORTED,
        ("territory",),
        ("russia", "lavrov"),
    ),
]


def _outlet(name: str, slug: str, domain: str) -> Outlet:
    outlet, _ = Outlet.objects.get_or_create(slug=slug, defaults={"name": name})
    OutletDomain.objects.get_or_create(domain=domain, defaults={"outlet": outlet})
    return outlet


@transaction.atomic
def load_timeline_demo(editor: User) -> int:
    """Create and approve the demo claims once; returns how many were created."""
    outlets = {"wire": _outlet(*WIRE), "paper": _outlet(*PAPER)}
    created = 0
    texts: dict[str, str] = {
        key: "\n".join(c.text for c in CLAIMS if key in c.outlets) for key in outlets
    }
    articles = {}
    for key, outlet in outlets.items():
        url = f"https://{OutletDomain.objects.filter(outlet=outlet).first().domain}/2025/talks"  # type: ignore[union-attr]
        articles[key], _ = Article.objects.get_or_create(
            canonical_url=url,
            defaults={
                "requested_url": url,
                "outlet": outlet,
                "status": Article.Status.FETCHED,
                "title": f"{outlet.name}: 2025年の和平協議の日程",
                "text": texts[key],
                "fetched_at": timezone.now(),
            },
        )
    issues = {issue.slug: issue for issue in Issue.objects.all()}
    actors = {actor.slug: actor for actor in Actor.objects.all()}
    for item in CLAIMS:
        if Claim.objects.filter(text=item.text).exists():
            continue
        claim = Claim.objects.create(
            text=item.text,
            time_expression=item.expression,
            event_start=item.start,
            event_end=item.end,
            date_precision=item.precision,
            modality=item.modality,
            confidence=0.9,
        )
        claim.issues.set([issues[slug] for slug in item.issues if slug in issues])
        claim.actors.set([actors[slug] for slug in item.actors if slug in actors])
        for key in item.outlets:
            article = articles[key]
            start = article.text.index(item.text)
            Evidence.objects.create(
                claim=claim,
                article=article,
                exact=item.text,
                start=start,
                end=start + len(item.text),
                origin=Evidence.Origin.EDITOR,
            )
        services.approve_claim(claim=claim, user=editor, expected_version=claim.version)
        created += 1
    return created
