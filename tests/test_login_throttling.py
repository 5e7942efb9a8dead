"""Login throttling (django-axes): wrong passwords lock a username out from an address."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.reliability]


def attempt(client, username: str, password: str, language: str = "ja"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_wrong_passwords_lock_the_account_out_even_for_the_right_one(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, editor.username, "wrong")
        assert response.status_code == 200  # the form again, with its error

    locked = attempt(client, editor.username, "wrong")
    right_but_locked = attempt(client, editor.username, "pw-" + editor.username)

    for response in (locked, right_but_locked):
        assert response.status_code == 429
        assert "ログインの失敗が多すぎます" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_message_is_in_english_for_an_english_reader(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, editor.username, "wrong", language="en")

    response = attempt(client, editor.username, "pw-" + editor.username, language="en")

    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many failed logins" in body
    assert f"After {settings.AXES_FAILURE_LIMIT} wrong passwords" in body


def test_a_lockout_does_not_shut_out_another_user_and_success_resets_the_count(
    client, editor, second_editor
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, editor.username, "wrong")

    other = attempt(client, second_editor.username, "pw-" + second_editor.username)
    assert other.status_code == 302

    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, second_editor.username, "wrong")
    assert (
        attempt(client, second_editor.username, "pw-" + second_editor.username).status_code == 302
    )
    client.logout()
    # The success reset the count: as many failures again do not lock yet.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, second_editor.username, "wrong").status_code == 200
