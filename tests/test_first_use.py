"""What a first-time user stumbles on: wording, labels and breadcrumbs found by walking the site."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.models import Language, Theme
from courses.services import seat_request_approve, seat_request_decline

from .factories import make_course, make_offering, make_seat_request
from .resource_factories import make_resource

pytestmark = pytest.mark.django_db

HOME_CRUMB = '<nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="/">Home</a> \u203a '


@pytest.fixture
def offering(centre_a):
    return make_offering(make_course(centre_a, title="Peacekeeper Safety"), partner_seats=4)


def test_the_request_confirmation_counts_seats_in_plain_words(client, offering, trainer_b):
    client.force_login(trainer_b)
    url = reverse("offering-request", kwargs={"pk": offering.pk})
    form = {"women_nominated": "0", "participant_profile": "", "message": ""}
    response = client.post(url, {**form, "seats_requested": "1"}, follow=True)
    text = response.content.decode()
    assert "Your request for 1 seat is sent to" in text
    assert "seat(s)" not in text


def test_the_request_confirmation_pluralises_several_seats(client, offering, trainer_b):
    client.force_login(trainer_b)
    url = reverse("offering-request", kwargs={"pk": offering.pk})
    form = {"women_nominated": "0", "participant_profile": "", "message": ""}
    response = client.post(url, {**form, "seats_requested": "3"}, follow=True)
    assert "Your request for 3 seats is sent to" in response.content.decode()


def test_a_lone_action_is_named_on_the_button_not_a_bare_confirm(
    client, offering, trainer_a, trainer_b
):
    seat_request = make_seat_request(offering, by=trainer_b)
    # A declined request leaves its requester one action: re-open it.
    seat_request_decline(seat_request=seat_request, by=trainer_a)
    client.force_login(trainer_b)
    page = client.get(seat_request.get_absolute_url()).content.decode()
    assert ">Re-open the request</button>" in page
    assert ">Confirm</button>" not in page


def test_after_a_decision_the_host_is_asked_to_change_it(client, offering, trainer_a, trainer_b):
    seat_request = make_seat_request(offering, by=trainer_b)
    client.force_login(trainer_a)
    page = client.get(seat_request.get_absolute_url()).content.decode()
    assert ">Your decision</h2>" in page
    assert ">Confirm</button>" in page  # several actions: the radio says which
    seat_request_approve(seat_request=seat_request, by=trainer_a, seats_approved=1, response="")
    page = client.get(seat_request.get_absolute_url()).content.decode()
    assert ">Change your decision</h2>" in page


def test_every_library_page_starts_its_breadcrumbs_at_home(client, centre_a, trainer_a):
    resource = make_resource(centre_a, by=trainer_a)
    client.force_login(trainer_a)
    for url in (
        reverse("resource-list"),
        reverse("resource-create"),
        resource.get_absolute_url(),
        reverse("resource-edit", kwargs={"pk": resource.pk}),
        reverse("resource-new-version", kwargs={"pk": resource.pk}),
    ):
        assert HOME_CRUMB in client.get(url).content.decode(), url


def test_a_new_resource_defaults_to_english_not_the_first_language_alphabetically(
    client, trainer_a
):
    client.force_login(trainer_a)
    form = client.get(reverse("resource-create")).context["form"]
    assert form["language"].value() == Language.objects.get(code="en").pk


def test_a_resource_without_a_theme_says_which_choice_is_missing(client, trainer_a):
    client.force_login(trainer_a)
    response = client.post(
        reverse("resource-create"),
        {
            "title": "No theme",
            "kind": "other",
            "language": Language.objects.get(code="en").pk,
            "visibility": "network",
            "external_url": "https://example.org/material",
        },
    )
    assert response.context["form"].errors["themes"] == ["Choose at least one theme."]


def test_a_resource_of_kind_other_does_not_read_other_shared_by(client, centre_a):
    resource = make_resource(
        centre_a, kind="other", visibility="public", themes=[Theme.objects.first()]
    )
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "Other shared by" not in page
    assert "Shared by" in page


def test_a_visitor_is_shown_how_to_request_seats_on_an_open_offering(client, offering):
    page = client.get(offering.course.get_absolute_url()).content.decode()
    assert "Log in to request seats" in page
    assert f'href="/accounts/login/?next=/courses/{offering.course.slug}/"' in page


def test_a_visitor_gets_no_login_prompt_once_applications_are_closed(client, centre_a):
    closed = make_offering(make_course(centre_a), partner_seats=0)
    page = client.get(closed.course.get_absolute_url()).content.decode()
    assert "Log in to request seats" not in page


def test_a_member_sees_the_request_button_not_the_login_prompt(client, offering, trainer_b):
    client.force_login(trainer_b)
    page = client.get(offering.course.get_absolute_url()).content.decode()
    assert "Log in to request seats" not in page
    assert "Request seats" in page


def test_a_single_theme_page_introduces_the_theme(client, centre_a):
    theme = Theme.objects.get(slug="protection-of-civilians")
    make_course(centre_a, themes=[theme])
    page = client.get(reverse("course-list") + "?theme=protection-of-civilians").content.decode()
    assert "<h1>Courses on protection of civilians</h1>" in page
    assert theme.description[:40] in page


def test_several_themes_or_a_bad_theme_keep_the_plain_catalog_heading(client, centre_a):
    for query in ("?theme=protection-of-civilians&theme=police", "?theme=no-such-theme"):
        page = client.get(reverse("course-list") + query).content.decode()
        assert "<h1>Courses</h1>" in page, query


def test_the_home_page_count_of_pending_requests_links_to_them(
    client, offering, trainer_a, trainer_b
):
    make_seat_request(offering, by=trainer_b)
    client.force_login(trainer_a)
    page = client.get(reverse("home")).content.decode()
    assert "1 request waits for your decision." in page
    assert '<a href="/requests/?status=pending">Decide it</a>' in page


def test_admin_pages_name_the_site_icon_like_the_rest_of_the_site(client, admin_a):
    client.force_login(admin_a)
    page = client.get(reverse("admin:index")).content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in page
    assert "APCN Training Catalog — administration" in page  # still the admin's own header


def test_the_network_admin_reads_every_request_by_pages_with_the_filter_kept(
    client, centre_a, trainer_b, network_admin, monkeypatch, django_assert_max_num_queries
):
    from courses.views import exchange

    monkeypatch.setattr(exchange, "NETWORK_REQUESTS_PER_PAGE", 2)
    course = make_course(centre_a)
    made = [
        make_seat_request(
            make_offering(course, start_in_days=60 + n, partner_seats=4), by=trainer_b
        )
        for n in range(3)
    ]
    client.force_login(network_admin)
    url = reverse("request-list") + "?status=pending"
    first = client.get(url)
    assert [r.pk for r in first.context["all_requests"]] == [made[2].pk, made[1].pk]
    assert 'href="?status=pending&amp;page=2" rel="next"' in first.content.decode()
    with django_assert_max_num_queries(12):
        second = client.get(url + "&page=2")
    assert [r.pk for r in second.context["all_requests"]] == [made[0].pk]
    assert "Page 2 of 2" in second.content.decode()
    # A page number out of range shows the last page rather than an error.
    assert client.get(url + "&page=99").context["all_requests"] == second.context["all_requests"]


def test_the_upload_and_edit_pages_name_themselves_in_the_breadcrumbs(client, centre_a, trainer_a):
    resource = make_resource(centre_a, by=trainer_a)
    client.force_login(trainer_a)
    page = client.get(reverse("resource-create")).content.decode()
    assert "\u203a Share a resource</nav>" in page
    page = client.get(reverse("resource-edit", kwargs={"pk": resource.pk})).content.decode()
    assert f"{resource.title}</a> \u203a Edit</nav>" in page


def test_the_login_page_says_why_a_visitor_was_sent_there(client):
    response = client.get(reverse("request-list"), follow=True)
    assert "Log in to see that page" in response.content.decode()
    assert "Log in to see that page" not in client.get(reverse("login")).content.decode()


def test_the_login_page_tells_a_logged_in_user_who_they_are(client, trainer_a):
    client.force_login(trainer_a)
    page = client.get(reverse("login")).content.decode()
    assert "You are logged in as" in page


def test_a_request_shows_its_offering_dates_as_a_short_range(client, centre_a, trainer_b):
    import datetime

    offering = make_offering(make_course(centre_a), partner_seats=4)
    start = offering.start_date
    offering.end_date = start + datetime.timedelta(days=1 if start.day < 27 else 0)
    offering.save()
    seat_request = make_seat_request(offering, by=trainer_b)
    client.force_login(trainer_b)
    page = client.get(seat_request.get_absolute_url()).content.decode()
    assert f"{start:%-d} {start:%b %Y} \u2013" not in page  # not the start month and year twice
