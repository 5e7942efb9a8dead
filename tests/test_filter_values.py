"""Filter values that look numeric to Python but are not integers are a clear 400, not a 500."""

from __future__ import annotations

import pytest

# "²".isdigit() is true and int("²") raises: schemathesis found it in the buckets endpoint.
NOT_INTEGERS = ["²", "①", "¹²"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", NOT_INTEGERS)
@pytest.mark.parametrize(
    "path", ["/timeline/", "/api/v1/claims/", "/api/v1/timeline/buckets/", "/api/v1/outlets/"]
)
def test_an_outlet_written_in_superscript_digits_is_a_bad_request(client, path, value):
    response = client.get(path, {"outlet": value})

    assert response.status_code in (400, 404), response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("value", NOT_INTEGERS)
def test_a_page_size_in_superscript_digits_is_a_bad_request(client, value):
    assert client.get("/api/v1/claims/", {"page_size": value}).status_code == 400
