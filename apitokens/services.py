"""Creating and revoking API tokens (the settings page and the admin both call these)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from apitokens.models import ApiToken, Scope


def create_token(
    *, user: User, name: str, scope: str = Scope.READ, ttl: timedelta | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the token string, shown only this once."""
    if scope not in Scope.values:
        raise ValueError(f"unknown scope {scope!r}")
    token, raw = ApiToken.objects.create(user=user, expiry=ttl, name=name.strip(), scope=scope)
    return token, raw


def revoke_token(*, token: ApiToken) -> None:
    """Stop a token working at once; the row stays so its owner sees when it was revoked."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
