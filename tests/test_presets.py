import re
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command

from curation.models import Feed, Outlet, OutletDomain
from curation.parsing.css_selectors import css_to_xpath
from curation.presets import PRESETS, TOPIC_KEYWORDS, install_presets

pytestmark = pytest.mark.django_db


def preset_feeds():
    return Feed.objects.filter(url__in=[preset.url for preset in PRESETS])


def test_installing_creates_one_disabled_feed_per_preset():
    feeds = install_presets(enable=False)

    assert len(feeds) == len(PRESETS) == preset_feeds().count()
    assert not preset_feeds().filter(enabled=True).exists()
    for preset in PRESETS:
        feed = Feed.objects.get(url=preset.url)
        assert feed.kind == preset.kind
        assert feed.outlet is not None
        assert feed.interval.total_seconds() == preset.interval_minutes * 60
        assert set(preset.outlet_domains) <= set(
            feed.outlet.domains.values_list("domain", flat=True)
        )


def test_every_preset_is_filtered_by_topic():
    install_presets(enable=False)

    for preset in PRESETS:
        feed = Feed.objects.get(url=preset.url)
        assert feed.topic_keywords == list(TOPIC_KEYWORDS)
        if preset.kind == Feed.Kind.HTML:
            # Listing links are judged by their link text and narrowed by URL.
            assert feed.url_pattern
    assert {"ウクライナ", "ロシア", "停戦", "和平", "プーチン", "ゼレンスキー", "NATO"} <= set(
        TOPIC_KEYWORDS
    )


def test_installing_twice_creates_nothing_new():
    install_presets(enable=False)
    counts = (Feed.objects.count(), Outlet.objects.count(), OutletDomain.objects.count())

    install_presets(enable=False)
    call_command("feed_presets")

    assert (Feed.objects.count(), Outlet.objects.count(), OutletDomain.objects.count()) == counts


def test_reinstalling_keeps_a_feed_an_editor_enabled_and_edited():
    install_presets(enable=False)
    Feed.objects.filter(url=PRESETS[0].url).update(enabled=True, topic_keywords=["停戦"])

    install_presets(enable=False)

    feed = Feed.objects.get(url=PRESETS[0].url)
    assert feed.enabled
    assert feed.topic_keywords == ["停戦"]


def test_an_outlet_first_seen_during_ingestion_is_reused():
    earlier = Outlet.objects.create(slug="nhk-seen", name="NHK")
    OutletDomain.objects.create(outlet=earlier, domain="news.web.nhk")

    install_presets(enable=False, keys=["nhk"])

    assert Feed.objects.get(url=PRESETS[0].url).outlet == earlier
    assert Outlet.objects.filter(name="NHK").count() == 1


def test_enable_flag_switches_on_only_that_preset(capsys):
    call_command("feed_presets")
    call_command("feed_presets", "--enable", "nhk")

    assert preset_feeds().count() == len(PRESETS)
    assert list(preset_feeds().filter(enabled=True).values_list("url", flat=True)) == [
        "https://news.web.nhk/n-data/conf/na/rss/cat6.xml"
    ]
    assert "1 enabled" in capsys.readouterr().out


def test_enable_all_then_disable_one():
    call_command("feed_presets", "--enable-all")
    call_command("feed_presets", "--disable", "bloomberg-jp", "kyodo")

    disabled = set(preset_feeds().filter(enabled=False).values_list("url", flat=True))
    by_key = {preset.key: preset.url for preset in PRESETS}
    assert disabled == {by_key["bloomberg-jp"], by_key["kyodo"]}


def test_an_unknown_key_is_refused():
    with pytest.raises(CommandError, match="unknown preset"):
        call_command("feed_presets", "--enable", "no-such-outlet")


def test_every_preset_url_is_https_on_its_outlets_domain():
    for preset in PRESETS:
        parts = urlsplit(preset.url)
        assert parts.scheme == "https", preset.key
        assert parts.hostname in preset.outlet_domains, preset.key


def test_presets_have_unique_keys_and_urls_and_valid_patterns():
    assert len({preset.key for preset in PRESETS}) == len(PRESETS)
    assert len({preset.url for preset in PRESETS}) == len(PRESETS)
    for preset in PRESETS:
        assert preset.kind in Feed.Kind.values
        if preset.url_pattern:
            re.compile(preset.url_pattern)
        if preset.link_selector:
            css_to_xpath(preset.link_selector)
        if preset.kind == Feed.Kind.HTML:
            assert preset.url_pattern or preset.link_selector, preset.key


def test_html_patterns_accept_article_links_and_reject_section_pages():
    examples = {
        "jiji-world": (
            "https://www.jiji.com/jc/article?k=2025021300123&g=int",
            "https://www.jiji.com/jc/c?g=int",
        ),
        "kyodo": ("https://www.47news.jp/12345678.html", "https://www.47news.jp/world"),
        "nikkei": (
            "https://www.nikkei.com/article/DGXZQOGR1300A0T10C25A2000000/",
            "https://www.nikkei.com/international/",
        ),
        "bloomberg-jp": (
            "https://www.bloomberg.co.jp/news/articles/2025-02-18/ABCDEFGH0000",
            "https://www.bloomberg.co.jp/markets",
        ),
    }
    patterns = {preset.key: preset.url_pattern for preset in PRESETS}
    for key, (article, section) in examples.items():
        assert re.search(patterns[key], article), key
        assert not re.search(patterns[key], section), key


def test_list_shows_each_preset_with_its_state(capsys):
    call_command("feed_presets", "--list")
    before = capsys.readouterr().out
    assert before.count("not installed") == len(PRESETS)

    call_command("feed_presets", "--enable", "asahi")
    capsys.readouterr()
    call_command("feed_presets", "--list")
    lines = capsys.readouterr().out.splitlines()

    assert len(lines) == len(PRESETS)
    by_key = {line.split()[0]: line for line in lines}
    assert set(by_key) == {preset.key for preset in PRESETS}
    assert " enabled " in by_key["asahi"]
    assert " disabled " in by_key["nhk"]
    assert "https://www.asahi.com/rss/asahi/international.rdf" in by_key["asahi"]
