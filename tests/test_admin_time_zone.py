"""The admin shows times in the member's own time zone and says so once, instead of Django's
"You are 7 hours behind server time" under every date."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.services.preferences import preferences_update

from .factories import make_course, make_offering

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "zone, offset", [("Asia/Ho_Chi_Minh", "25200"), ("Asia/Kolkata", "19800"), ("UTC", "0")]
)
def test_the_admin_works_in_the_members_own_time_zone_and_names_it(
    client, admin_a, centre_a, zone, offset
):
    offering = make_offering(make_course(centre_a))
    preferences_update(user=admin_a, by=admin_a, language="en", time_zone=zone)
    client.force_login(admin_a)
    html = client.get(reverse("admin:courses_offering_change", args=[offering.pk])).content
    html = html.decode()
    # Django's date shortcuts ("Today", the clock) and its offset note read this zone.
    assert f'data-admin-utc-offset="{offset}"' in html
    assert f"Times are shown in the {zone} time zone." in html
    assert f'href="{reverse("account-preferences")}">Change your time zone</a>' in html
