from django import forms
from django.utils.translation import gettext_lazy as _

from claims.models import Actor, DatePrecision, Issue, Modality


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class ClaimEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Claim"), widget=forms.Textarea(attrs={"rows": 3}))
    gloss_en = forms.CharField(
        label=_("English gloss"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    time_expression = forms.CharField(label=_("Time expression"), required=False, max_length=100)
    event_start = forms.DateField(label=_("Start"), required=False)
    event_end = forms.DateField(label=_("End"), required=False)
    date_precision = forms.ChoiceField(
        label=_("Precision"), required=False, choices=[("", "—"), *DatePrecision.choices]
    )
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices)
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

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("event_start"), data.get("event_end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data
