"""Partner institutions beside the member centres: a partner publishes courses open to the
network and takes seat requests like any centre; it is marked "partner", filterable in the
catalog, and the participation report separates members and partners."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from courses.exceptions import DomainError
from courses.models import Centre
from courses.reports import participation_report
from courses.services import centre_create, centre_save, seat_request_approve

from .factories import make_centre, make_course, make_offering, make_seat_request, make_user
from .pages import result_titles

pytestmark = pytest.mark.django_db

CATALOG = "/courses/"


@pytest.fixture
def esdc(db):
    return make_centre(
        name="European Security and Defence College",
        short_name="ESDC",
        slug="esdc",
        country="BE",
        city="Brussels",
        kind="partner",
        partner_type="eu-csdp",
    )


def listed(client, **params) -> list[str]:
    return sorted(result_titles(client.get(CATALOG, params)))


def test_a_partner_may_be_outside_asean_or_have_no_country_a_member_may_not(client, network_admin):
    un = centre_create(
        by=network_admin,
        name="UN Integrated Training Service",
        short_name="ITS",
        slug="un-its",
        country="",
        city="New York",
        kind="partner",
        partner_type="un",
    )
    assert un.is_partner and un.country == ""
    make_course(un, title="UN course")
    response = client.get(CATALOG)
    assert listed(client) == ["UN course"]
    assert [code for code, _name in response.context["facets"]["country"]] == []
    with pytest.raises(DomainError) as refused:
        centre_create(
            by=network_admin,
            name="Belgian Centre",
            short_name="BEC",
            slug="bec",
            country="BE",
            city="Brussels",
        )
    assert "ASEAN member state" in str(refused.value)
    member = Centre(name="X", short_name="X", slug="x", country="MY", partner_type="un", city="A")
    with pytest.raises(ValidationError):
        member.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Centre.objects.create(name="Y", short_name="Y", slug="y", country="", city="B")


def test_the_centre_kind_filter_and_the_partner_mark(client, centre_a, esdc):
    make_course(centre_a, title="Member course")
    make_course(esdc, title="CSDP Orientation Course")
    assert listed(client, centre_kind="partner") == ["CSDP Orientation Course"]
    assert listed(client, centre_kind="member") == ["Member course"]
    assert listed(client) == ["CSDP Orientation Course", "Member course"]
    assert client.get(CATALOG, {"centre_kind": "ally"}).status_code == 400

    catalog = client.get(CATALOG, {"centre_kind": "partner"}).content.decode()
    assert catalog.count('class="badge badge--partner"') == 1
    assert (
        'class="badge badge--partner"'
        not in client.get(CATALOG, {"centre_kind": "member"}).content.decode()
    )
    centres = client.get("/centres/").content.decode()
    assert "Partner institutions" in centres
    assert centres.index("Alpha Peacekeeping Centre") < centres.index("Partner institutions")
    assert centres.index("Partner institutions") < centres.index("European Security")
    assert 'badge--partner"' in client.get(esdc.get_absolute_url()).content.decode()
    course = esdc.courses.get()
    assert 'badge--partner"' in client.get(course.get_absolute_url()).content.decode()
    api = client.get("/api/v1/courses/", {"centre_kind": "partner"}).json()
    assert [row["centre"]["kind"] for row in api["results"]] == ["partner"]


def test_a_centre_that_becomes_a_partner_is_marked_in_its_cached_catalog_rows(
    client, centre_a, network_admin
):
    make_course(centre_a, title="Member course")
    assert 'badge--partner"' not in client.get(CATALOG).content.decode()
    assert 'badge--partner"' not in client.get(CATALOG, {"sort": "-created"}).content.decode()
    # Written by SQL, as a migration or a script would: the rows follow the centre.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE courses_centre SET kind = 'partner', partner_type = 'national' WHERE id = %s",
            [centre_a.pk],
        )
    assert listed(client, centre_kind="partner") == ["Member course"]
    # Another page of the same rows (the page's own cache is keyed by its address): the row,
    # rendered and cached above, is rendered afresh for the centre's new kind.
    assert 'badge--partner"' in client.get(CATALOG, {"sort": "title"}).content.decode()


def test_a_partner_takes_seat_requests_like_any_centre(centre_a, esdc):
    offering = make_offering(make_course(esdc), partner_seats=4)
    trainer = make_user(centre=centre_a)
    seat_request = make_seat_request(offering, by=trainer, seats_requested=2)
    host = make_user(centre=esdc)
    seat_request_approve(seat_request=seat_request, by=host, seats_approved=2)
    offering.refresh_from_db()
    assert offering.partner_seats_taken == 2


def test_the_report_separates_members_and_partners_with_the_right_figures(centre_a, centre_b, esdc):
    year = timezone.localdate().year + 1
    start_in = (datetime.date(year, 6, 1) - timezone.localdate()).days
    member_run = make_offering(make_course(centre_a), start_in_days=start_in, partner_seats=6)
    partner_run = make_offering(make_course(esdc), start_in_days=start_in, partner_seats=8)
    sender_b = make_user(centre=centre_b)
    sender_esdc = make_user(centre=esdc)
    host_a = make_user(centre=centre_a)
    host_esdc = make_user(centre=esdc)
    on_partner = make_seat_request(partner_run, by=sender_b, seats_requested=3)
    seat_request_approve(seat_request=on_partner, by=host_esdc, seats_approved=3)
    on_member = make_seat_request(member_run, by=sender_esdc, seats_requested=2)
    seat_request_approve(seat_request=on_member, by=host_a, seats_approved=1)

    report = participation_report(year=year)
    hosts = {row.key: row.figures for row in report.by_host_kind}
    assert (hosts["member"].offered, hosts["member"].requested, hosts["member"].approved) == (
        6,
        2,
        1,
    )
    assert (hosts["partner"].offered, hosts["partner"].requested) == (8, 3)
    assert hosts["partner"].approved == 3
    senders = {row.key: row.figures for row in report.by_sender_kind}
    assert (senders["member"].requested, senders["partner"].requested) == (3, 2)
    # The two kinds add up to the totals, which stay what they were.
    assert hosts["member"].offered + hosts["partner"].offered == report.totals.offered == 14
    assert hosts["member"].approved + hosts["partner"].approved == report.totals.approved == 4
    assert [row.is_partner for row in report.by_host if row.key == "esdc"] == [True]


def test_the_report_page_shows_members_and_partners(client, centre_a, esdc, network_admin):
    year = timezone.localdate().year + 1
    start_in = (datetime.date(year, 6, 1) - timezone.localdate()).days
    make_offering(make_course(esdc), start_in_days=start_in, partner_seats=8)
    make_offering(make_course(centre_a), start_in_days=start_in, partner_seats=5)
    client.force_login(network_admin)
    page = client.get("/reports/", {"year": year}).content.decode()
    assert "Member centres and partner institutions" in page
    assert "Partner institutions" in page
    csv = client.get(f"/reports/host-kind.csv?year={year}").content.decode()
    assert "Member centres" in csv and "Partner institutions" in csv


def test_only_the_network_admin_makes_a_centre_a_partner(centre_a, admin_a, network_admin):
    with pytest.raises(DomainError):
        centre_save(centre=centre_a, by=admin_a, kind="partner", partner_type="national")
    assert Centre.objects.get(pk=centre_a.pk).kind == "member"
    centre_save(
        centre=centre_a, by=network_admin, kind="partner", partner_type="national", country="AU"
    )
    assert Centre.objects.get(pk=centre_a.pk).is_partner
