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
        labels = {
            "kind": _("Kind"),
            "title": _("Title"),
            "enabled": _("Enabled"),
            "interval": _("Polling interval"),
            "link_selector": _("Link selector (HTML listings)"),
            "url_pattern": _("URL pattern (HTML listings)"),
        }
        help_texts = {
            "interval": _("How often to poll, as HH:MM:SS (e.g. 00:15:00)."),
            "link_selector": _("CSS selector of the article links on a listing page."),
            "url_pattern": _("Regular expression an article URL must match."),
        }
