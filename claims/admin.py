"""The admin keeps the taxonomy (issues, actors); claims and evidence are read-only here.

Every write to a claim goes through the workspace's services, which bump its version and
record its history; an admin form would bypass both. The claim's page links to the workspace.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from claims.models import Actor, Claim, ClaimHistory, Evidence, Issue


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin[Issue]):
    list_display = ["slug", "name_ja", "name_en"]
    search_fields = ["slug", "name_ja", "name_en"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin[Actor]):
    list_display = ["slug", "name_ja", "name_en", "kind"]
    list_filter = ["kind"]
    search_fields = ["slug", "name_ja", "name_en"]


class ReadOnlyMixin:
    """View only, for everyone: no add, change or delete (nor the bulk delete action)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EvidenceInline(ReadOnlyMixin, admin.TabularInline[Evidence, Claim]):
    model = Evidence
    extra = 0
    # Every field shown, none editable.
    fields = readonly_fields = (
        "article",
        "citation",
        "exact",
        "start",
        "end",
        "stance",
        "origin",
        "anchor_ok",
    )


class HistoryInline(ReadOnlyMixin, admin.TabularInline[ClaimHistory, Claim]):
    model = ClaimHistory
    extra = 0
    # Every field shown, none editable.
    fields = readonly_fields = (
        "version",
        "action",
        "user",
        "at",
        "note",
    )


@admin.register(Claim)
class ClaimAdmin(ReadOnlyMixin, admin.ModelAdmin[Claim]):
    list_display = ["text", "status", "event_start", "date_precision", "modality", "confidence"]
    list_filter = ["status", "modality", "date_precision", "issues"]
    search_fields = ["text", "gloss_en"]
    # Every field shown, none editable.
    fields = readonly_fields = (
        "workspace",
        "text",
        "gloss_en",
        "time_expression",
        "event_start",
        "event_end",
        "date_precision",
        "modality",
        "actors",
        "speakers",
        "issues",
        "confidence",
        "proposed_names",
        "issue_keywords",
        "status",
        "rejection_reason",
        "merged_into",
        "version",
        "reviewed_by",
        "reviewed_at",
    )
    inlines = [EvidenceInline, HistoryInline]

    @admin.display(description=_("Edit in the workspace"))
    def workspace(self, claim: Claim) -> str:
        url = reverse("review:claim", args=[claim.pk])
        return format_html('<a href="{}">{}</a>', url, url)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyMixin, admin.ModelAdmin[Evidence]):
    list_display = ["exact", "claim", "article", "stance", "origin", "anchor_ok"]
    list_filter = ["stance", "origin", "anchor_ok"]
    search_fields = ["exact"]
    list_select_related = ["claim", "article"]
    # Every field shown, none editable.
    fields = readonly_fields = (
        "claim",
        "article",
        "citation",
        "exact",
        "prefix",
        "suffix",
        "start",
        "end",
        "stance",
        "origin",
        "anchor_ok",
        "created_by",
        "created_at",
    )
