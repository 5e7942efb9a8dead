from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from curation import services
from curation.fetching import UnsafeURL, check_url_safe
from curation.models import Feed

# Only http(s) URLs enter the system (the default URLField also lets ftp through).
WEB_URL = URLValidator(schemes=["http", "https"])

# The SSRF guard's refusal in the UI's language (its own message is for the logs).
UNSAFE_MESSAGE = _(
    "Ronten does not fetch this address: it is not a public web address (this machine or a "
    "private network). An administrator can allow it with FETCH_ALLOWED_HOSTS."
)


def public_web_address(url: str) -> str:
    """The form's one check that Ronten may fetch `url` (the services check it again)."""
    try:
        check_url_safe(url, settings.FETCH_ALLOWED_HOSTS)
    except UnsafeURL as error:
        raise forms.ValidationError(UNSAFE_MESSAGE, code="unsafe") from error
    return url


class IngestURLForm(forms.Form):
    url = forms.URLField(
        label=_("Article URL"), max_length=2000, assume_scheme="https", validators=[WEB_URL]
    )

    def clean_url(self) -> str:
        return public_web_address(self.cleaned_data["url"])


class FeedForm(forms.ModelForm[Feed]):
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

    def clean_url(self) -> str:
        return public_web_address(self.cleaned_data["url"])

    def save(self, commit: bool = True) -> Feed:
        """A new feed is created by `services.create_feed`; an edited one saved in place."""
        if self.instance.pk is not None or not commit:
            return super().save(commit=commit)
        data: dict[str, Any] = {name: self.cleaned_data[name] for name in self.Meta.fields}
        self.instance = services.create_feed(**data)
        return self.instance
