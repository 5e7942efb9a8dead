from django import forms
from django.utils.translation import gettext_lazy as _

from claims.models import Actor, DatePrecision, Evidence, Issue, Modality


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


def parse_claim_version(value: str) -> tuple[int, int]:
    """'<claim id>:<version>' as the workspace's checkboxes and buttons submit it."""
    claim_id, _, version = value.partition(":")
    if not (claim_id.isdigit() and version.isdigit()):
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

    def clean(self) -> dict:
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


class UnmergeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RevertForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class PickerForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    on = forms.DateField(required=False)
    # "merge": the results are checkboxes of the claim page's merge-by-hand form.
    purpose = forms.ChoiceField(
        required=False, choices=[("attach", "attach"), ("merge", "merge")], initial="attach"
    )
    exclude = forms.IntegerField(required=False)
