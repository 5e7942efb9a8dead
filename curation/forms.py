from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from curation.models import Feed

# Only http(s) URLs enter the system (the default URLField also lets ftp through).
WEB_URL = URLValidator(schemes=["http", "https"])


class IngestURLForm(forms.Form):
    url = forms.URLField(
        label=_("Article URL"), max_length=2000, assume_scheme="https", validators=[WEB_URL]
    )


class FeedForm(forms.ModelForm):
    url = forms.URLField(
        label=_("URL"), max_length=2000, assume_scheme="https", validators=[WEB_URL]
    )

    class Meta:
        model = Feed
        fields = ["url", "kind", "title", "enabled", "interval", "link_selector", "url_pattern"]
