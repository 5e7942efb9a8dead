"""The four roles of Ronten, kept as Django groups (admins are staff users)."""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User

# Whoever sends a request: a signed-in user or an anonymous visitor (`request.user`).
Visitor = User | AnonymousUser


class Role(StrEnum):
    EDITOR = "editor"
    ANALYST = "analyst"
    API_CLIENT = "api_client"
    ADMIN = "admin"


def user_roles(user: Visitor) -> frozenset[Role]:
    """The roles a user holds; cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[Role] | None = getattr(user, "_ronten_roles", None)
    if cached is not None:
        return cached
    names = set(user.groups.values_list("name", flat=True))
    roles = {role for role in Role if role.value in names}
    if user.is_superuser or user.is_staff:
        roles.add(Role.ADMIN)
    result = frozenset(roles)
    # A per-request cache on the user object, an attribute Django's User does not declare.
    user._ronten_roles = result  # type: ignore[attr-defined]
    return result


def can_curate(user: Visitor) -> bool:
    """Editors and admins change claims and evidence."""
    return bool(user_roles(user) & {Role.EDITOR, Role.ADMIN})


def can_read(user: Visitor) -> bool:
    """Every role reads approved claims."""
    return bool(user_roles(user))


def can_read_published(user: Visitor) -> bool:
    """Approved claims are the published product: anyone when RONTEN_PUBLIC_READ is on."""
    return settings.RONTEN_PUBLIC_READ or can_read(user)


def can_read_candidates(user: Visitor) -> bool:
    """Editors, analysts and admins see the review queue; API clients do not."""
    return bool(user_roles(user) & {Role.EDITOR, Role.ANALYST, Role.ADMIN})


def can_manage_feeds(user: Visitor) -> bool:
    """Editors add and edit feeds (issue #3), so feed management follows curation rights."""
    return can_curate(user)
