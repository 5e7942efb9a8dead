from django.contrib import admin

from curation.models import Article, ArticleVersion, Citation, Feed, FeedPoll, Outlet, OutletDomain


class OutletDomainInline(admin.TabularInline[OutletDomain, Outlet]):
    model = OutletDomain
    extra = 1


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin[Outlet]):
    list_display = ["name", "slug", "is_aggregator"]
    search_fields = ["name", "slug", "domains__domain"]
    inlines = [OutletDomainInline]


class FeedPollInline(admin.TabularInline[FeedPoll, Feed]):
    model = FeedPoll
    extra = 0
    readonly_fields = ["started_at", "finished_at", "items_seen", "new_urls", "error"]
    can_delete = False
    max_num = 0


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin[Feed]):
    list_display = ["url", "kind", "enabled", "interval", "last_success_at", "last_error"]
    list_filter = ["kind", "enabled"]
    search_fields = ["url", "title"]
    readonly_fields = ["last_polled_at", "last_success_at", "last_error", "poll_started_at"]
    inlines = [FeedPollInline]


class CitationInline(admin.TabularInline[Citation, Article]):
    model = Citation
    fk_name = "article"
    extra = 0
    raw_id_fields = ["upstream_article", "outlet"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = ["title", "outlet", "status", "published_at", "encoding", "error_reason"]
    list_filter = ["status", "outlet", "is_aggregator"]
    search_fields = ["title", "canonical_url"]
    list_select_related = ["outlet"]
    readonly_fields = [
        "content_hash",
        "fetched_at",
        "extracted_at",
        "attempts",
        "claimed_at",
        "encoding",
        "error_reason",
        "error_message",
    ]
    raw_id_fields = ["duplicate_of", "feed"]
    inlines = [CitationInline]


@admin.register(ArticleVersion)
class ArticleVersionAdmin(admin.ModelAdmin[ArticleVersion]):
    list_display = ["article", "fetched_at", "content_hash"]
    raw_id_fields = ["article"]
