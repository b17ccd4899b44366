"""Personal API tokens: the /account/tokens/ page, the services, and how the API reads them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.exceptions import DomainError
from courses.models import ApiToken
from courses.models.api import hash_token_key
from courses.services.tokens import MAX_ACTIVE_TOKENS, api_token_create, api_token_revoke

from .factories import make_course

pytestmark = pytest.mark.django_db


def test_tokens_page_asks_visitors_to_log_in(client):
    response = client.get("/account/tokens/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_member_creates_a_token_and_sees_its_key_once(client, trainer_a):
    client.force_login(trainer_a)
    response = client.post("/account/tokens/", {"name": "Centre website"})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key.startswith("apcn_") and key in response.content.decode()
    token = ApiToken.objects.get(user=trainer_a)
    assert token.name == "Centre website"
    # Only the hash is kept: the key is nowhere in the row.
    assert token.key_hash == hash_token_key(key)
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # Shown once: the list page afterwards shows its start only.
    again = client.get("/account/tokens/").content.decode()
    assert key not in again
    assert token.key_prefix in again and "Centre website" in again


def test_empty_or_repeated_name_is_a_form_error(client, trainer_a):
    client.force_login(trainer_a)
    assert client.post("/account/tokens/", {"name": "  "}).status_code == 400
    client.post("/account/tokens/", {"name": "Website"})
    response = client.post("/account/tokens/", {"name": "Website"})
    assert response.status_code == 400
    assert "already have a token of that name" in response.context["form"].errors["name"][0]
    assert ApiToken.objects.filter(user=trainer_a).count() == 1


def test_a_member_has_at_most_the_allowed_number_of_active_tokens(trainer_a):
    for n in range(MAX_ACTIVE_TOKENS):
        api_token_create(by=trainer_a, name=f"token {n}")
    with pytest.raises(DomainError) as refused:
        api_token_create(by=trainer_a, name="one more")
    assert refused.value.field == "name"
    # A revoked token frees its place (and its name).
    api_token_revoke(token=ApiToken.objects.filter(user=trainer_a).first(), by=trainer_a)
    api_token_create(by=trainer_a, name="one more")


def test_revoking_stops_the_key_at_once(client, api_client, trainer_a):
    token, key = api_token_create(by=trainer_a, name="Website")
    api = api_client()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/seat-requests/").status_code == 200
    client.force_login(trainer_a)
    response = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = api.get("/api/v1/seat-requests/")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "This token is not valid or was revoked."
    assert refused["WWW-Authenticate"] == "Token"


def test_nobody_revokes_another_members_token(client, trainer_a, trainer_b):
    token, _key = api_token_create(by=trainer_a, name="Website")
    client.force_login(trainer_b)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    with pytest.raises(DomainError):
        api_token_revoke(token=token, by=trainer_b)
    token.refresh_from_db()
    assert token.revoked_at is None
    # Nor sees it listed.
    assert "Website" not in client.get("/account/tokens/").content.decode()


def test_last_used_time_is_kept_to_the_minute(api_client, trainer_a):
    token, key = api_token_create(by=trainer_a, name="Website")
    assert token.last_used_at is None
    api = api_client()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    api.get("/api/v1/courses/")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and timezone.now() - first < datetime.timedelta(seconds=10)
    api.get("/api/v1/courses/")
    token.refresh_from_db()
    assert token.last_used_at == first  # not rewritten within the minute
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=5))
    api.get("/api/v1/courses/")
    token.refresh_from_db()
    assert token.last_used_at > first - datetime.timedelta(minutes=1)


@pytest.mark.parametrize(
    "header",
    ["Token", "Token apcn_nope", "Token a b", "token apcn_" + "x" * 43],
)
def test_a_bad_token_is_refused_with_401_not_treated_as_a_visitor(api_client, header):
    api = api_client()
    api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get("/api/v1/courses/")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "field", "errors"}


def test_a_deactivated_members_token_is_refused(api_client, trainer_a):
    api = api_client(trainer_a)
    trainer_a.is_active = False
    trainer_a.save()
    assert api.get("/api/v1/courses/").status_code == 401


def test_a_token_acts_with_exactly_its_members_rights(api_client, centre_a, trainer_a, trainer_b):
    draft = make_course(centre_a, title="Draft course", status="draft")
    own = api_client(trainer_a).get(f"/api/v1/courses/{draft.slug}/")
    assert own.status_code == 200 and own.json()["title"] == "Draft course"
    assert api_client(trainer_b).get(f"/api/v1/courses/{draft.slug}/").status_code == 404
    assert api_client().get(f"/api/v1/courses/{draft.slug}/").status_code == 404


def test_throttling_counts_each_token_and_each_address(monkeypatch, api_client, trainer_a):
    from rest_framework.throttling import SimpleRateThrottle

    # The rates are read once, when DRF loads; the test sets small ones for itself.
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"token": "3/minute", "address": "2/minute"}
    )
    visitor = api_client()
    assert [visitor.get("/api/v1/themes/").status_code for _ in range(3)] == [200, 200, 429]
    refused = visitor.get("/api/v1/themes/")
    assert refused.json()["field"] is None and "Retry-After" in refused
    # Another address is not affected.
    assert visitor.get("/api/v1/themes/", REMOTE_ADDR="10.0.0.9").status_code == 200
    # Each token has its own allowance, whatever the address.
    first, second = api_client(trainer_a), api_client(trainer_a)
    assert [first.get("/api/v1/themes/").status_code for _ in range(4)] == [200] * 3 + [429]
    assert second.get("/api/v1/themes/").status_code == 200
