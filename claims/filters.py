"""Filters of the review inbox (articles waiting for review)."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from claims.models import Evidence, Issue
from curation.models import Article, Feed, Outlet


class InboxFilter(django_filters.FilterSet):
    outlet = django_filters.ModelChoiceFilter(
        queryset=Outlet.objects.order_by("name"), to_field_name="slug", label=_("Outlet")
    )
    feed = django_filters.ModelChoiceFilter(queryset=Feed.objects.order_by("url"), label=_("Feed"))
    issue = django_filters.ModelChoiceFilter(
        queryset=Issue.objects.order_by("slug"),
        to_field_name="slug",
        method="filter_issue",
        label=_("Issue"),
    )
    published_from = django_filters.DateFilter(
        field_name="published_at", lookup_expr="date__gte", label=_("Published from")
    )
    published_to = django_filters.DateFilter(
        field_name="published_at", lookup_expr="date__lte", label=_("Published until")
    )

    class Meta:
        model = Article
        fields = ["outlet", "feed", "issue", "published_from", "published_to"]

    def filter_issue(
        self, queryset: QuerySet[Article], name: str, value: Issue
    ) -> QuerySet[Article]:
        # A subquery, not a join: a join would multiply the per-status counts of each row.
        tagged = Evidence.objects.filter(article=OuterRef("pk"), claim__issues=value)
        return queryset.filter(Exists(tagged))
