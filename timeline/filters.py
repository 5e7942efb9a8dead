from datetime import date

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from claims.models import Actor, Claim, Issue, Modality


class TimelineFilter(django_filters.FilterSet):
    """The filters shared by the timeline page and the claims API."""

    issue = django_filters.ModelChoiceFilter(
        field_name="issues",
        to_field_name="slug",
        queryset=Issue.objects.all(),
        label=_("Issue"),
        help_text="Issue slug, e.g. territory.",
    )
    actor = django_filters.ModelChoiceFilter(
        field_name="actors",
        to_field_name="slug",
        queryset=Actor.objects.all(),
        label=_("Actor"),
        help_text="Actor slug, e.g. putin.",
    )
    modality = django_filters.ChoiceFilter(choices=Modality.choices, label=_("Modality"))
    date_from = django_filters.DateFilter(
        method="filter_date_from",
        label=_("From"),
        help_text="Events ending on or after (ISO date).",
    )
    date_to = django_filters.DateFilter(
        field_name="event_start",
        lookup_expr="lte",
        label=_("To"),
        help_text="Events starting on or before (ISO date).",
    )

    class Meta:
        model = Claim
        fields = ["issue", "actor", "modality", "date_from", "date_to"]

    def filter_date_from(
        self, queryset: QuerySet[Claim], name: str, value: date
    ) -> QuerySet[Claim]:
        return queryset.filter(
            Q(event_end__gte=value) | Q(event_end__isnull=True, event_start__gte=value)
        )
