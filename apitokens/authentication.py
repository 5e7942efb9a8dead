"""`Authorization: Token <token>`: knox's digest check, plus scopes, revocation, last use."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from apitokens.models import ApiToken

# Recording every use would write on every read; once a minute is enough to show.
LAST_USE_RESOLUTION = timedelta(minutes=1)


class ApiTokenAuthentication(TokenAuthentication):
    def _cleanup_token(self, auth_token: Any) -> bool:
        # knox scans (and deletes) all the user's other tokens on every request; an expired
        # or revoked token here is simply refused, and kept for its owner to see.
        return auth_token.revoked_at is not None or (
            auth_token.expiry is not None and auth_token.expiry < timezone.now()
        )

    def validate_user(self, auth_token: ApiToken) -> tuple[Any, ApiToken]:
        if not auth_token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        now = timezone.now()
        if auth_token.last_used_at is None or now - auth_token.last_used_at > LAST_USE_RESOLUTION:
            ApiToken.objects.filter(pk=auth_token.pk).update(last_used_at=now)
            auth_token.last_used_at = now
        return auth_token.user, auth_token
