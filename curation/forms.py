from django import forms
from django.utils.translation import gettext_lazy as _

from curation.models import Feed


class IngestURLForm(forms.Form):
    url = forms.URLField(label=_("Article URL"), max_length=2000, assume_scheme="https")


class FeedForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=2000, assume_scheme="https")

    class Meta:
        model = Feed
        fields = ["url", "kind", "title", "enabled", "interval", "link_selector", "url_pattern"]
