"""Tokens in the admin: created through the same service (the token is shown once), revoked
by an action; digests are never shown."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from knox.models import AuthToken

from apitokens.models import ApiToken, Scope
from apitokens.services import create_token, revoke_token

# knox registers its own (swapped-out) model; ours replaces it.
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


TOKEN_FIELDS = (
    "user",
    "name",
    "scope",
    "token_key",
    "expiry",
    "created",
    "last_used_at",
    "revoked_at",
)


class ApiTokenAddForm(forms.ModelForm[ApiToken]):
    class Meta:
        model = ApiToken
        fields = ["user", "name", "scope", "expiry"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "user", "scope", "token_key", "created", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    search_fields = ["name", "token_key", "user__username"]
    raw_id_fields = ["user"]
    readonly_fields = ["user", "token_key", "created", "last_used_at", "revoked_at"]
    fields = TOKEN_FIELDS
    actions = ["revoke"]

    def get_form(
        self, request: HttpRequest, obj: ApiToken | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[ApiToken]]:
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
            kwargs["fields"] = ApiTokenAddForm.Meta.fields
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(
        self, request: HttpRequest, obj: ApiToken | None = None
    ) -> list[str] | tuple[str, ...]:
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> tuple[str, ...]:
        return TOKEN_FIELDS if obj is not None else tuple(ApiTokenAddForm.Meta.fields)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        expiry = form.cleaned_data.get("expiry")
        token, raw = create_token(
            user=form.cleaned_data["user"],
            name=form.cleaned_data["name"],
            scope=form.cleaned_data.get("scope") or Scope.READ,
        )
        if expiry is not None:
            ApiToken.objects.filter(pk=token.pk).update(expiry=expiry)
        obj.pk = token.pk
        obj.digest = token.digest
        messages.info(request, f"Token (shown once): {raw}")

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            revoke_token(token=token)
