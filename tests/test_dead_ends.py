"""Links lead somewhere: a visitor following a link to a members' resource is asked to log in
(and comes back), not told "Page not found"."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.urls import reverse

from .resource_factories import make_resource


def test_a_visitor_following_a_network_resource_link_is_asked_to_log_in(client, centre_a):
    resource = make_resource(centre_a, title="Network lesson plan", visibility="network")
    for name in ("resource-detail", "resource-download"):
        url = reverse(name, args=[resource.pk])
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"] == f"{reverse('login')}?next={quote(url)}"


def test_after_logging_in_the_member_reaches_the_resource(client, centre_a, trainer_b):
    resource = make_resource(centre_a, title="Network lesson plan", visibility="network")
    url = reverse("resource-detail", args=[resource.pk])
    client.force_login(trainer_b)
    response = client.get(url)
    assert response.status_code == 200
    assert "Network lesson plan" in response.content.decode()


def test_a_member_still_gets_404_for_what_is_not_theirs_to_see(client, centre_a, trainer_b):
    hidden = make_resource(centre_a, title="Centre only plan", visibility="centre")
    client.force_login(trainer_b)
    assert client.get(reverse("resource-download", args=[hidden.pk])).status_code == 404


def test_post_a_course_is_in_the_main_navigation_of_members_who_may(client, trainer_a):
    nav = r'<nav class="site-nav".*?</nav>'
    html = client.get(reverse("course-list")).content.decode()
    assert reverse("course-create") not in re.search(nav, html, re.S).group(0)
    client.force_login(trainer_a)
    html = client.get(reverse("course-list")).content.decode()
    menu = re.search(nav, html, re.S).group(0)
    assert f'href="{reverse("course-create")}"' in menu and "Post a course" in menu
