"""The four roles of Ronten, kept as Django groups (admins are staff users)."""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Role(StrEnum):
    EDITOR = "editor"
    ANALYST = "analyst"
    API_CLIENT = "api_client"
    ADMIN = "admin"


def user_roles(user: AbstractBaseUser | AnonymousUser) -> frozenset[Role]:
    """The roles a user holds; cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_ronten_roles", None)
    if cached is not None:
        return cached
    names = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
    roles = {role for role in Role if role.value in names}
    if user.is_superuser or user.is_staff:  # type: ignore[attr-defined]
        roles.add(Role.ADMIN)
    result = frozenset(roles)
    user._ronten_roles = result  # type: ignore[union-attr]
    return result


def can_curate(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Editors and admins change claims and evidence."""
    return bool(user_roles(user) & {Role.EDITOR, Role.ADMIN})


def can_read(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Every role reads approved claims."""
    return bool(user_roles(user))


def can_read_published(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Approved claims are the published product: anyone when RONTEN_PUBLIC_READ is on."""
    return settings.RONTEN_PUBLIC_READ or can_read(user)


def can_read_candidates(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Editors, analysts and admins see the review queue; API clients do not."""
    return bool(user_roles(user) & {Role.EDITOR, Role.ANALYST, Role.ADMIN})


def can_manage_feeds(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Editors add and edit feeds (issue #3), so feed management follows curation rights."""
    return can_curate(user)
