"""Per-user API tokens: stored as a SHA-512 digest (django-rest-knox), named and scoped."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken, AuthTokenManager


class Scope(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        return self.filter(
            Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()), revoked_at__isnull=True
        )


class ApiToken(AbstractAuthToken):
    """The token itself is shown once, when created; only its SHA-512 digest and its first
    characters (`token_key`, to find the row) are stored."""

    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = AuthTokenManager.from_queryset(ApiTokenQuerySet)()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.token_key}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.WRITE
