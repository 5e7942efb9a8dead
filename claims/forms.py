from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.models import Actor, Claim, DatePrecision, Evidence, Issue, Modality


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


# What each precision means, in the editor beside its choice.
PRECISION_HINTS = {
    "": _("No date: the claim does not say when."),
    DatePrecision.DAY: _("One day: 2月12日."),
    DatePrecision.MONTH_PART: _("A third of a month: 上旬 (1–10), 中旬 (11–20), 下旬 (21–end)."),
    DatePrecision.MONTH: _("A whole month: 2025年2月."),
    DatePrecision.YEAR: _("A whole year: 2025年."),
    DatePrecision.RANGE: _("An explicit span: 15〜16日, 先週."),
    DatePrecision.BEFORE: _("Open start, up to a day: 2014年以前."),
    DatePrecision.AFTER: _("Open end, from a day on: 2月12日以降."),
    DatePrecision.DURATION: _("A length counted from a start: 100日以内."),
}
MODALITY_DEFINITIONS = {
    Modality.ASSERTED: _("Stated as fact by the outlet or a named speaker."),
    Modality.REPORTED: _("Hearsay: attributed to unnamed sources or other reports (〜とされる)."),
    Modality.PLANNED: _("Announced or scheduled, not yet happened (〜する方針, 〜予定)."),
    Modality.SPECULATIVE: _("A possibility or a forecast (〜可能性, 〜見通し)."),
    Modality.DENIED: _("Someone denies that it happened (否定した)."),
}
MONTH_PARTS = [
    ("early", _("early (上旬)")),
    ("mid", _("middle (中旬)")),
    ("late", _("late (下旬)")),
]
# Which date inputs each precision uses; the editor shows only those.
PRECISION_INPUTS = {
    "": (),
    DatePrecision.DAY: ("event_start",),
    DatePrecision.MONTH_PART: ("month", "month_part"),
    DatePrecision.MONTH: ("month",),
    DatePrecision.YEAR: ("year",),
    DatePrecision.RANGE: ("event_start", "event_end"),
    DatePrecision.BEFORE: ("event_end",),
    DatePrecision.AFTER: ("event_start",),
    DatePrecision.DURATION: ("event_start", "event_end"),
}


def _month_bounds(month: str) -> tuple[date, date]:
    year, number = (int(part) for part in month.split("-"))
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


class ClaimDateForm(forms.Form):
    """A claim's date as the editor gives it: the precision says which inputs count (a
    month, a part of a month, a year, a start and an end), `clean` turns them into the
    stored span."""

    time_expression = forms.CharField(
        label=_("Time expression"),
        required=False,
        max_length=100,
        help_text=_("The words of the article that date it, e.g. 先週12日."),
    )
    date_precision = forms.ChoiceField(
        label=_("Precision"),
        required=False,
        choices=[("", _("Undated")), *DatePrecision.choices],
        widget=forms.RadioSelect,
    )
    event_start = forms.DateField(
        label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    event_end = forms.DateField(
        label=_("End"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    month = forms.RegexField(
        label=_("Month"),
        required=False,
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2025-02"}),
    )
    month_part = forms.ChoiceField(
        label=_("Part of the month"), required=False, choices=MONTH_PARTS
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)

    @staticmethod
    def initial_dates(start: date | None, end: date | None, precision: str) -> dict[str, Any]:
        """The inputs that show a stored span (each precision reads the ones it needs)."""
        initial: dict[str, Any] = {
            "event_start": start,
            "event_end": end,
            "date_precision": precision,
        }
        if start is not None:
            initial["month"] = start.strftime("%Y-%m")
            initial["year"] = start.year
            initial["month_part"] = (
                "early" if start.day <= 10 else "mid" if start.day <= 20 else "late"
            )
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        precision = data.get("date_precision") or ""
        start, end = data.get("event_start"), data.get("event_end")
        required = _("This precision needs this field.")
        for name in PRECISION_INPUTS.get(precision, ()):
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, required)
        if self.errors:
            return data
        if precision == "":
            start = end = None
        elif precision == DatePrecision.DAY:
            end = start
        elif precision == DatePrecision.MONTH:
            start, end = _month_bounds(data["month"])
        elif precision == DatePrecision.MONTH_PART:
            first, last = _month_bounds(data["month"])
            days = {"early": (1, 10), "mid": (11, 20), "late": (21, last.day)}[data["month_part"]]
            start, end = first.replace(day=days[0]), first.replace(day=days[1])
        elif precision == DatePrecision.YEAR:
            start, end = date(data["year"], 1, 1), date(data["year"], 12, 31)
        elif precision == DatePrecision.BEFORE:
            start = None
        elif precision == DatePrecision.AFTER:
            end = None
        if start and end and start > end:
            self.add_error("event_end", _("The end must not be before the start."))
        data["event_start"], data["event_end"] = start, end
        return data


class ClaimEditForm(ClaimDateForm):
    """The claim editor: the date speaks its precision, pickers take slugs."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Claim"), widget=forms.Textarea(attrs={"rows": 4, "lang": "ja"}))
    gloss_en = forms.CharField(
        label=_("English gloss"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "en"}),
    )
    modality = forms.ChoiceField(
        label=_("Modality"), choices=Modality.choices, widget=forms.RadioSelect
    )
    actors = forms.ModelMultipleChoiceField(
        label=_("Actors"),
        queryset=Actor.objects.order_by("slug"),
        to_field_name="slug",
        required=False,
    )
    issues = forms.ModelMultipleChoiceField(
        label=_("Issues"),
        queryset=Issue.objects.order_by("slug"),
        to_field_name="slug",
        required=False,
    )

    @classmethod
    def initial_for(cls, claim: Claim) -> dict[str, Any]:
        return {
            "version": claim.version,
            "text": claim.text,
            "gloss_en": claim.gloss_en,
            "time_expression": claim.time_expression,
            **cls.initial_dates(claim.event_start, claim.event_end, claim.date_precision),
            "modality": claim.modality,
            "actors": list(claim.actors.all()),
            "issues": list(claim.issues.all()),
        }


def parse_claim_version(value: str) -> tuple[int, int]:
    """'<claim id>:<version>' as the workspace's checkboxes and buttons submit it."""
    claim_id, _colon, version = value.partition(":")
    if not (claim_id.isdecimal() and version.isdecimal()):
        raise forms.ValidationError(_("Malformed claim reference."))
    return int(claim_id), int(version)


class ClaimVersionsField(forms.Field):
    """Many '<id>:<version>' values -> {id: version}."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: object) -> dict[int, int]:
        if not value:
            return {}
        values = value if isinstance(value, list | tuple) else [value]
        return dict(parse_claim_version(str(item)) for item in values)

    def validate(self, value: dict[int, int]) -> None:
        if self.required and not value:
            raise forms.ValidationError(_("Select at least one claim."), code="required")


class BulkReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject")), ("reopen", _("Reopen"))]
    )
    claims = ClaimVersionsField()
    reason = forms.CharField(required=False, max_length=2000)


class SelectionForm(forms.Form):
    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    text = forms.CharField(required=False, max_length=2000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and start >= end:
            raise forms.ValidationError(_("Select some text first."))
        return data


class AttachEvidenceForm(SelectionForm):
    stance = forms.ChoiceField(choices=Evidence.Stance.choices, initial=Evidence.Stance.SUPPORTS)
    target = forms.CharField(max_length=40)

    def clean_target(self) -> tuple[int, int]:
        return parse_claim_version(self.cleaned_data["target"])


class MergeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    sources = ClaimVersionsField()


class MergeGroupForm(forms.Form):
    """A proposed merge from the inbox: the claim kept, and the others folded into it."""

    target = forms.CharField(max_length=40)
    sources = ClaimVersionsField()

    def clean_target(self) -> tuple[int, int]:
        return parse_claim_version(self.cleaned_data["target"])


class RepairAnchorForm(SelectionForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class UnmergeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RevertForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class LexiconPickerForm(forms.Form):
    kind = forms.ChoiceField(choices=[("actor", "actor"), ("issue", "issue")])
    q = forms.CharField(required=False, max_length=100)


class PickerForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    on = forms.DateField(required=False)
    # "merge": the results are checkboxes of the claim page's merge-by-hand form.
    purpose = forms.ChoiceField(
        required=False, choices=[("attach", "attach"), ("merge", "merge")], initial="attach"
    )
    exclude = forms.IntegerField(required=False)


class DuplicateWindowForm(forms.Form):
    """Which claims the proposed merges are looked for among: the most recently changed, or
    those whose event starts in a date range."""

    dated_from = forms.DateField(required=False, label=_("Events from"))
    dated_to = forms.DateField(required=False, label=_("to"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("dated_from"), data.get("dated_to")
        if start and end and end < start:
            raise forms.ValidationError(_("The end of the date range is before its start."))
        return data
