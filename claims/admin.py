from django.contrib import admin

from claims.models import Actor, Claim, ClaimHistory, Evidence, Issue


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_ja", "name_en"]
    search_fields = ["slug", "name_ja", "name_en"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_ja", "name_en", "kind"]
    list_filter = ["kind"]
    search_fields = ["slug", "name_ja", "name_en"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    raw_id_fields = ["article", "citation"]
    fields = ["article", "citation", "exact", "start", "end", "stance", "origin", "anchor_ok"]


class HistoryInline(admin.TabularInline):
    model = ClaimHistory
    extra = 0
    can_delete = False
    max_num = 0
    readonly_fields = ["version", "action", "user", "at", "note"]
    fields = readonly_fields


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["text", "status", "event_start", "date_precision", "modality", "confidence"]
    list_filter = ["status", "modality", "date_precision", "issues"]
    search_fields = ["text", "gloss_en"]
    filter_horizontal = ["actors", "speakers", "issues"]
    readonly_fields = ["version", "reviewed_by", "reviewed_at", "status", "proposed_names"]
    inlines = [EvidenceInline, HistoryInline]
