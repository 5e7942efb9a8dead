"""Role checks for the REST API (the HTML views use config.roles directly)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.permissions import BasePermission

from config.roles import can_read

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class CanReadClaims(BasePermission):
    """Any Ronten role (API client, analyst, editor, admin) may read curated claims."""

    message = "Reading claims needs an API client, analyst, editor or admin account."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return can_read(request.user)
