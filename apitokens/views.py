"""The user's settings page for API tokens: create (shown once), list with last use, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apitokens.forms import NewTokenForm
from apitokens.models import ApiToken
from apitokens.services import create_token, revoke_token
from config.http import SignedInRequest


@login_required
def tokens(request: SignedInRequest) -> HttpResponse:
    new_token = None
    form = NewTokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        _row, new_token = create_token(
            user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
        )
        form = NewTokenForm(user=request.user)
    return render(
        request,
        "apitokens/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
    )


@login_required
@require_POST
def revoke(request: SignedInRequest, token_key: str) -> HttpResponse:
    token = get_object_or_404(ApiToken, user=request.user, token_key=token_key)
    revoke_token(token=token)
    messages.success(request, _("Token revoked."))
    return redirect("apitokens:tokens")
