"""A centre cannot rename itself to read like another centre."""

from __future__ import annotations

import pytest

from courses.exceptions import DomainError
from courses.models import Centre
from courses.services.centres import centre_save

from .admin_world import admin_url


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("short_name", "BPOC"),  # another centre's short name, as it is
        ("short_name", "bpoc"),  # in other case
        ("short_name", "B.P.O.C."),  # with punctuation
        ("short_name", "\uff22\uff30\uff2f\uff23"),  # full-width letters (NFKC)
        ("short_name", "\u0412\u0420\u041e\u0421"),  # Cyrillic capitals drawn like BPOC
        ("name", "BPOC"),  # another centre's short name as a name
        ("name", "bravo peace operations center"),  # another centre's name, lower case
        ("short_name", "Bravo Peace Operations Center"),
    ],
)
def test_renaming_to_another_centres_name_is_refused(centre_a, centre_b, admin_a, field, value):
    with pytest.raises(DomainError) as refused:
        centre_save(centre=centre_a, by=admin_a, **{field: value})
    assert "reads like the name of another centre" in " ".join(refused.value.errors[field])
    centre_a.refresh_from_db()
    assert (centre_a.name, centre_a.short_name) == ("Alpha Peacekeeping Centre", "APC")


@pytest.mark.parametrize("value", ["BP\u200bOC", "A\u200dPC", "\u2067APC\u2069", "AP\u00adC"])
def test_invisible_characters_are_refused(centre_a, centre_b, admin_a, value):
    with pytest.raises(DomainError) as refused:
        centre_save(centre=centre_a, by=admin_a, short_name=value)
    assert "invisible characters" in " ".join(refused.value.errors["short_name"])


def test_a_centre_keeps_its_own_names_and_may_take_a_distinct_one(centre_a, centre_b, admin_a):
    centre_save(centre=centre_a, by=admin_a, short_name="apc", name="Alpha Peacekeeping Centre")
    centre_save(centre=centre_a, by=admin_a, short_name="APKC")
    centre_a.refresh_from_db()
    assert centre_a.short_name == "APKC"


def test_the_admin_form_shows_the_refusal_on_the_field(client, centre_a, centre_b, admin_a):
    client.force_login(admin_a)
    data = {
        "name": "Alpha Peacekeeping Centre",
        "short_name": "B\u200bPOC",
        "country": centre_a.country,
        "city": centre_a.city,
        "website": "",
        "contact_email": "",
        "description": "",
    }
    response = client.post(admin_url(centre_a, "change"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "short_name" in errors
    data["short_name"] = "bpoc"
    response = client.post(admin_url(centre_a, "change"), data)
    assert response.status_code == 200
    assert "reads like the name of another centre" in " ".join(
        response.context["adminform"].form.errors["short_name"]
    )
    assert Centre.objects.get(pk=centre_a.pk).short_name == "APC"


def test_the_network_admin_cannot_add_a_look_alike_centre_either(centre_b, network_admin):
    from courses.services.centres import centre_create

    with pytest.raises(DomainError, match="invisible characters"):
        centre_create(
            by=network_admin,
            name="Bravo Peace Operations Centre\u200b",
            short_name="BPOC2",
            slug="bravo-2",
            country="TH",
            city="Bangkok",
        )
