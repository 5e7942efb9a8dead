"""Preset feeds of Japanese outlets that cover the Ukraine peace talks, installed disabled.

An administrator turns them on with ``manage.py feed_presets --enable KEY``. The URLs were
checked against public code and surveys in 2025 but could not be fetched from the build
machine, so each one is a starting point: poll it once after enabling and read the feed's
``last_error``.

Most Japanese outlets limit their RSS to personal, non-commercial use (NHK, Jiji, Asahi,
Mainichi say so on their RSS pages), which is one more reason these stay off until someone
who has checked the terms for this deployment enables them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction

from curation.models import Feed, Outlet, OutletDomain

# Items whose title or summary mention none of these are skipped when a feed is polled.
TOPIC_KEYWORDS: tuple[str, ...] = (
    "ウクライナ",
    "ロシア",
    "停戦",
    "和平",
    "プーチン",
    "ゼレンスキー",
    "NATO",
    "北大西洋条約機構",
    "キーウ",
    "クレムリン",
    "ペスコフ",
    "ラブロフ",
    "ウィトコフ",
    "ケロッグ",
    "ルビオ",
    "ウシャコフ",
    "和平交渉",
    "和平案",
    "停戦交渉",
    "鉱物資源",
    "レアアース",
    "有志連合",
    "黒海",
    "捕虜交換",
    "米ロ",
    "米露",
    "ロ朝",
)


@dataclass(frozen=True)
class FeedPreset:
    key: str
    outlet_name: str
    outlet_domains: tuple[str, ...]
    url: str
    kind: str  # "rss" | "html" | "sitemap", the values of Feed.Kind
    title: str
    link_selector: str = ""
    url_pattern: str = ""
    interval_minutes: int = 15

    def topic_keywords(self) -> list[str]:
        # Feed items are judged by title and summary; listing links by their link text.
        return list(TOPIC_KEYWORDS)


PRESETS: tuple[FeedPreset, ...] = (
    # NHK moved NEWS WEB to news.web.nhk in 2025; cat6 is the 国際 category (the old
    # www3.nhk.or.jp/rss/news/cat6.xml address serves the same items).
    FeedPreset(
        key="nhk",
        outlet_name="NHK",
        outlet_domains=("news.web.nhk", "www3.nhk.or.jp", "www.nhk.or.jp"),
        url="https://news.web.nhk/n-data/conf/na/rss/cat6.xml",
        kind=Feed.Kind.RSS,
        title="NHK NEWS WEB 国際",
    ),
    # Reuters closed its public RSS (feeds.reuters.com) in 2020; the Japanese site's news
    # sitemap (Arc XP) lists recent stories with their headlines.
    FeedPreset(
        key="reuters-jp",
        outlet_name="ロイター",
        outlet_domains=("jp.reuters.com",),
        url="https://jp.reuters.com/arc/outboundfeeds/news-sitemap/?outputType=xml",
        kind=Feed.Kind.SITEMAP,
        title="ロイター 日本語版 ニュースサイトマップ",
        interval_minutes=30,
    ),
    # Jiji's public RSS is its access ranking: few items, but the most-read stories.
    FeedPreset(
        key="jiji",
        outlet_name="時事通信",
        outlet_domains=("www.jiji.com",),
        url="https://www.jiji.com/rss/ranking.rdf",
        kind=Feed.Kind.RSS,
        title="時事ドットコム アクセスランキング",
    ),
    # Jiji has no international RSS; its 国際 listing page links articles as
    # /jc/article?k=<number>&g=int.
    FeedPreset(
        key="jiji-world",
        outlet_name="時事通信",
        outlet_domains=("www.jiji.com",),
        url="https://www.jiji.com/jc/c?g=int",
        kind=Feed.Kind.HTML,
        title="時事ドットコム 国際（一覧ページ）",
        url_pattern=r"/jc/article\?k=\d+&g=int",
        interval_minutes=30,
    ),
    # Kyodo publishes in Japanese through 47NEWS, whose RSS answers 403 to robots; its
    # world section is an HTML listing of numbered article pages.
    FeedPreset(
        key="kyodo",
        outlet_name="共同通信",
        outlet_domains=("www.47news.jp",),
        url="https://www.47news.jp/world",
        kind=Feed.Kind.HTML,
        title="47NEWS（共同通信）国際（一覧ページ）",
        url_pattern=r"^https://www\.47news\.jp/\d+\.html$",
        interval_minutes=30,
    ),
    # Nikkei offers no public RSS; its 国際 section links articles under /article/DGX...
    # Most are for subscribers, so fetched text may be only the lead.
    FeedPreset(
        key="nikkei",
        outlet_name="日本経済新聞",
        outlet_domains=("www.nikkei.com",),
        url="https://www.nikkei.com/international/",
        kind=Feed.Kind.HTML,
        title="日本経済新聞 国際（一覧ページ）",
        url_pattern=r"^https://www\.nikkei\.com/article/DGX[A-Z0-9]+",
        interval_minutes=30,
    ),
    FeedPreset(
        key="asahi",
        outlet_name="朝日新聞",
        outlet_domains=("www.asahi.com", "digital.asahi.com"),
        url="https://www.asahi.com/rss/asahi/international.rdf",
        kind=Feed.Kind.RSS,
        title="朝日新聞デジタル 国際",
    ),
    # Yomiuri has no public RSS; its Google News sitemap carries headlines.
    FeedPreset(
        key="yomiuri",
        outlet_name="読売新聞",
        outlet_domains=("www.yomiuri.co.jp",),
        url="https://www.yomiuri.co.jp/sitemap-news-latest.xml",
        kind=Feed.Kind.SITEMAP,
        title="読売新聞オンライン ニュースサイトマップ",
        interval_minutes=30,
    ),
    # Mainichi's breaking-news feed covers all sections; the keywords do the narrowing.
    FeedPreset(
        key="mainichi",
        outlet_name="毎日新聞",
        outlet_domains=("mainichi.jp",),
        url="https://mainichi.jp/rss/etc/mainichi-flash.rss",
        kind=Feed.Kind.RSS,
        title="毎日新聞 速報",
    ),
    # Sankei's old /rss/news/*.xml feeds return 404 since its move to Arc XP.
    FeedPreset(
        key="sankei",
        outlet_name="産経新聞",
        outlet_domains=("www.sankei.com",),
        url="https://www.sankei.com/arc/outboundfeeds/rss/?outputType=xml",
        kind=Feed.Kind.RSS,
        title="産経ニュース 新着",
    ),
    FeedPreset(
        key="tbs",
        outlet_name="TBS NEWS DIG",
        outlet_domains=("newsdig.tbs.co.jp",),
        url="https://newsdig.tbs.co.jp/list/feed/rss",
        kind=Feed.Kind.RSS,
        title="TBS NEWS DIG 新着",
    ),
    # Bloomberg offers no public Japanese RSS; the home page links stories as
    # /news/articles/<date>/<id>. The site often answers robots with 403.
    FeedPreset(
        key="bloomberg-jp",
        outlet_name="ブルームバーグ",
        outlet_domains=("www.bloomberg.co.jp",),
        url="https://www.bloomberg.co.jp/",
        kind=Feed.Kind.HTML,
        title="ブルームバーグ 日本語版（トップページ）",
        url_pattern=r"^https://www\.bloomberg\.co\.jp/news/articles/\d{4}-\d{2}-\d{2}/",
        interval_minutes=30,
    ),
)

PRESETS_BY_KEY: dict[str, FeedPreset] = {preset.key: preset for preset in PRESETS}


class UnknownPreset(KeyError):
    """A key that names no preset."""


def presets_for(keys: Sequence[str] | None) -> list[FeedPreset]:
    """The presets named by ``keys`` (all of them for None), in PRESETS order."""
    if keys is None:
        return list(PRESETS)
    unknown = sorted(set(keys) - set(PRESETS_BY_KEY))
    if unknown:
        raise UnknownPreset(", ".join(unknown))
    wanted = set(keys)
    return [preset for preset in PRESETS if preset.key in wanted]


def install_presets(*, enable: bool, keys: Sequence[str] | None = None) -> list[Feed]:
    """Create the outlets, domains and feeds of the presets; return their feeds.

    New feeds start disabled unless ``enable``. Running it again creates nothing; an
    existing feed keeps the settings an editor gave it and is only switched on by
    ``enable=True`` (never switched off: see :func:`set_presets_enabled`).
    """
    feeds = []
    with transaction.atomic():
        for preset in presets_for(keys):
            outlet = _outlet_for(preset)
            feed, created = Feed.objects.get_or_create(
                url=preset.url,
                defaults={
                    "kind": preset.kind,
                    "title": preset.title,
                    "outlet": outlet,
                    "enabled": enable,
                    "interval": timedelta(minutes=preset.interval_minutes),
                    "link_selector": preset.link_selector,
                    "url_pattern": preset.url_pattern,
                    "topic_keywords": preset.topic_keywords(),
                },
            )
            if not created and enable and not feed.enabled:
                feed.enabled = True
                feed.save(update_fields=["enabled"])
            feeds.append(feed)
    return feeds


def set_presets_enabled(*, keys: Sequence[str], enabled: bool) -> int:
    """Switch the installed feeds of these presets on or off; the number changed."""
    urls = [preset.url for preset in presets_for(keys)]
    return Feed.objects.filter(url__in=urls).exclude(enabled=enabled).update(enabled=enabled)


def preset_states() -> list[tuple[FeedPreset, Feed | None]]:
    """Each preset with its installed feed, or None where it is not installed yet."""
    feeds = {feed.url: feed for feed in Feed.objects.filter(url__in=[p.url for p in PRESETS])}
    return [(preset, feeds.get(preset.url)) for preset in PRESETS]


def _outlet_for(preset: FeedPreset) -> Outlet:
    """The preset's outlet, reusing one already known by slug or by one of its domains.

    Ingestion creates outlets on first sight of a domain (named in Japanese), so an outlet
    for these domains may exist before the presets are installed; reusing it avoids two
    outlets for one publisher. A domain already claimed by another outlet is left alone.
    """
    outlet = Outlet.objects.filter(slug=preset.key).first()
    if outlet is None:
        known = (
            OutletDomain.objects.select_related("outlet")
            .filter(domain__in=preset.outlet_domains)
            .order_by("domain")
            .first()
        )
        outlet = known.outlet if known else None
    if outlet is None:
        outlet = Outlet.objects.filter(name=preset.outlet_name).order_by("pk").first()
    if outlet is None:
        outlet = Outlet.objects.create(slug=preset.key, name=preset.outlet_name)
    for domain in preset.outlet_domains:
        OutletDomain.objects.get_or_create(domain=domain, defaults={"outlet": outlet})
    return outlet
