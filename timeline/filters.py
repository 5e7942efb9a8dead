"""The one definition of the timeline's filters, shared by the page, the exports and the API.

Every parameter is validated: an unknown issue, actor, outlet or modality, a malformed date or
a bad number is a form error (shown on the page, a 400 from the exports and the API), never a
silently wider result. Each filter is written so that an index serves it at a million claims:
issues, actors and outlets as `EXISTS` (no join, no DISTINCT), the date range as an overlap of
date spans (a GiST index on PostgreSQL), `q` as a substring (pg_trgm on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelMultipleChoiceField

from claims.models import Actor, Claim, Evidence, Issue, Modality
from curation.models import Outlet, OutletDomain
from timeline.selectors import SpanOverlaps, independent_sources

FILTER_PARAMETERS = (
    "issue",
    "issue_mode",
    "actor",
    "outlet",
    "modality",
    "date_from",
    "date_to",
    "min_sources",
    "q",
)
Q_MAX_LENGTH = 200


class ActorChoiceField(ModelMultipleChoiceField):
    """Actors by slug, or by their Japanese name or one of their Japanese aliases."""

    def _check_values(self, value: Iterable[Any]) -> QuerySet[Actor]:
        wanted = {str(item).strip() for item in value if str(item).strip()}
        by_slug = {actor.slug: actor for actor in Actor.objects.filter(slug__in=wanted)}
        missing = wanted - by_slug.keys()
        found = list(by_slug.values())
        if missing:
            # Names and aliases: a small table, matched here so SQLite (no JSON containment)
            # behaves as PostgreSQL does.
            for actor in Actor.objects.all():
                names = {actor.name_ja, actor.name_en, *actor.aliases}
                if names & missing:
                    found.append(actor)
                    missing -= names
        if missing:
            raise ValidationError(
                _("Unknown actor: %(values)s."),
                code="invalid_choice",
                params={"values": ", ".join(sorted(missing))},
            )
        return Actor.objects.filter(pk__in=[actor.pk for actor in found])


class OutletChoiceField(ModelMultipleChoiceField):
    """Outlets by id or by one of their domains (www. ignored)."""

    def _check_values(self, value: Iterable[Any]) -> QuerySet[Outlet]:
        wanted = {str(item).strip().lower() for item in value if str(item).strip()}
        # ASCII digits only: "²".isdigit() is true, and int("²") raises.
        numeric = {item for item in wanted if item.isascii() and item.isdigit()}
        ids = {int(item) for item in numeric}
        domains = {item.removeprefix("www.") for item in wanted - numeric}
        found_ids = set(Outlet.objects.filter(pk__in=ids).values_list("pk", flat=True))
        by_domain = dict(
            OutletDomain.objects.filter(
                domain__in=domains | {f"www.{domain}" for domain in domains}
            ).values_list("domain", "outlet_id")
        )
        missing = {str(item) for item in ids - found_ids}
        missing |= {d for d in domains if d not in by_domain and f"www.{d}" not in by_domain}
        if missing:
            raise ValidationError(
                _("Unknown outlet: %(values)s."),
                code="invalid_choice",
                params={"values": ", ".join(sorted(missing))},
            )
        return Outlet.objects.filter(pk__in=found_ids | set(by_domain.values()))


class IntegerFilter(django_filters.NumberFilter):
    # The stubs say a NumberFilter's field is a DecimalField; any number field serves.
    field_class = forms.IntegerField  # type: ignore[assignment]


class ActorFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = ActorChoiceField


class OutletFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = OutletChoiceField


class TimelineForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError(
                {"date_to": _("The end of the date range is before its start.")},
                code="invalid_range",
            )
        return data


class TimelineFilter(django_filters.FilterSet):
    """The filters shared by the timeline page, its exports and the claims API."""

    issue = django_filters.ModelMultipleChoiceFilter(
        to_field_name="slug",
        queryset=Issue.objects.all(),
        method="filter_issues",
        label=_("Issue"),
        help_text="Issue slug, e.g. territory; repeat for several (see issue_mode).",
    )
    issue_mode = django_filters.ChoiceFilter(
        choices=[("any", _("any of them")), ("all", _("all of them"))],
        method="filter_nothing",
        empty_label=None,
        label=_("Issues"),
        help_text="With several issues: claims on any of them (default) or on all of them.",
    )
    actor = ActorFilter(
        to_field_name="slug",
        queryset=Actor.objects.all(),
        method="filter_actors",
        label=_("Actor"),
        help_text="Actor slug (or Japanese name or alias), e.g. putin; repeat for any of several.",
    )
    outlet = OutletFilter(
        queryset=Outlet.objects.all(),
        method="filter_outlets",
        label=_("Outlet"),
        help_text="Outlet id or domain, e.g. nhk.or.jp; repeat for any of several.",
    )
    modality = django_filters.MultipleChoiceFilter(
        choices=Modality.choices,
        method="filter_modalities",
        label=_("Modality"),
        help_text="Repeat for any of several.",
    )
    date_from = django_filters.DateFilter(
        method="filter_nothing",
        label=_("From"),
        help_text="Claims whose date span ends on or after this day (ISO date).",
    )
    date_to = django_filters.DateFilter(
        method="filter_nothing",
        label=_("To"),
        help_text="Claims whose date span starts on or before this day (ISO date).",
    )
    min_sources = IntegerFilter(
        method="filter_min_sources",
        min_value=1,
        max_value=100,
        label=_("Minimum independent sources"),
        help_text="At least this many independent outlets support the claim.",
    )
    q = django_filters.CharFilter(
        method="filter_text",
        max_length=Q_MAX_LENGTH,
        label=_("Text"),
        help_text="A substring of the claim's Japanese text.",
    )

    class Meta:
        model = Claim
        fields = list(FILTER_PARAMETERS)
        form = TimelineForm

    def filter_nothing(self, queryset: QuerySet[Claim], name: str, value: Any) -> QuerySet[Claim]:
        # Read by the filters that combine them (issue, date range) below.
        return queryset

    def filter_issues(
        self, queryset: QuerySet[Claim], name: str, value: QuerySet[Issue]
    ) -> QuerySet[Claim]:
        issue_ids = [issue.pk for issue in value]
        if not issue_ids:
            return queryset
        through = Claim.issues.through.objects
        if self.form.cleaned_data.get("issue_mode") == "all":
            for issue_id in issue_ids:
                queryset = queryset.filter(
                    Exists(through.filter(claim_id=OuterRef("pk"), issue_id=issue_id))
                )
            return queryset
        return queryset.filter(
            Exists(through.filter(claim_id=OuterRef("pk"), issue_id__in=issue_ids))
        )

    def filter_actors(
        self, queryset: QuerySet[Claim], name: str, value: QuerySet[Actor]
    ) -> QuerySet[Claim]:
        actor_ids = [actor.pk for actor in value]
        if not actor_ids:
            return queryset
        through = Claim.actors.through.objects
        return queryset.filter(
            Exists(through.filter(claim_id=OuterRef("pk"), actor_id__in=actor_ids))
        )

    def filter_outlets(
        self, queryset: QuerySet[Claim], name: str, value: QuerySet[Outlet]
    ) -> QuerySet[Claim]:
        outlet_ids = [outlet.pk for outlet in value]
        if not outlet_ids:
            return queryset
        # An aggregator's section counts for the outlet it cites, not the aggregator.
        sources = Evidence.objects.filter(claim_id=OuterRef("pk")).filter(
            Q(citation__isnull=True, article__outlet_id__in=outlet_ids)
            | Q(citation__outlet_id__in=outlet_ids)
        )
        return queryset.filter(Exists(sources))

    def filter_modalities(
        self, queryset: QuerySet[Claim], name: str, value: list[str]
    ) -> QuerySet[Claim]:
        return queryset.filter(modality__in=value) if value else queryset

    def filter_min_sources(
        self, queryset: QuerySet[Claim], name: str, value: int | None
    ) -> QuerySet[Claim]:
        if value is None:
            return queryset
        if value == 1:
            # Any source at all: cheaper than counting them.
            return queryset.filter(Exists(Evidence.objects.filter(claim_id=OuterRef("pk"))))
        return queryset.alias(source_count=independent_sources()).filter(source_count__gte=value)

    def filter_text(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        value = value.strip()
        # icontains: UPPER(text) LIKE UPPER(%…%), served by the pg_trgm index on upper(text).
        return queryset.filter(text__icontains=value) if value else queryset

    def filter_queryset(self, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        return self._filtered(queryset, skip=())

    def without_issues(self) -> QuerySet[Claim]:
        """Claims matching every filter but the issue selection: what the issue pills count
        (each pill says how many claims it would add, whatever issues are chosen already)."""
        assert self.queryset is not None  # the views always give one
        return self._filtered(self.queryset.all(), skip=("issue", "issue_mode"))

    def narrows_beyond_issues(self) -> bool:
        """Whether a filter other than the issues is given (else the pills show the totals)."""
        return any(
            any(value.strip() for value in values)
            for name, values in self.active().items()
            if name not in {"issue", "issue_mode"}
        )

    def _filtered(self, queryset: QuerySet[Claim], skip: tuple[str, ...]) -> QuerySet[Claim]:
        for name, value in self.form.cleaned_data.items():
            if name not in skip:
                queryset = self.filters[name].filter(queryset, value)
        start: date | None = self.form.cleaned_data.get("date_from")
        end: date | None = self.form.cleaned_data.get("date_to")
        if start or end:
            queryset = queryset.filter(SpanOverlaps(start, end))
        return queryset

    def active(self) -> dict[str, list[str]]:
        """The filter parameters given (valid or not), as lists: for links that keep them."""
        data = self.data
        if not isinstance(data, MultiValueDict):
            return {}
        return {
            key: [value for value in data.getlist(key) if value != ""]
            for key in FILTER_PARAMETERS
            if any(v != "" for v in data.getlist(key))
        }
