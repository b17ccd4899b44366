"""`permission_required_for`: views declare what they need; scope first, then the decision."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from courses.models import Course
from courses.permissions import may_edit_course, may_post_course, viewable_courses
from courses.views import posting
from courses.views.decorators import permission_required_for

from .factories import make_course

pytestmark = pytest.mark.django_db


@permission_required_for(may_edit_course, lookup=viewable_courses, url_kwarg="slug")
def course_view(request, course: Course) -> HttpResponse:
    return HttpResponse(course.title)


@permission_required_for(may_post_course)
def posting_view(request) -> HttpResponse:
    return HttpResponse("posting")


def _request(user):
    request = RequestFactory().get("/somewhere/?x=1")
    request.user = user or AnonymousUser()
    return request


def test_a_visitor_is_sent_to_log_in_first():
    response = posting_view(_request(None))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/somewhere/")


def test_the_view_gets_the_looked_up_object_when_the_decision_allows(centre_a, trainer_a):
    course = make_course(centre_a, title="Alpha course")
    assert course_view(_request(trainer_a), slug=course.slug).content == b"Alpha course"


def test_an_object_outside_the_scope_is_a_404_before_any_decision(centre_a, trainer_b):
    draft = make_course(centre_a, status="draft")
    asked = []

    @permission_required_for(
        lambda user, obj: asked.append(obj) or True, lookup=viewable_courses, url_kwarg="slug"
    )
    def view(request, course):
        return HttpResponse("seen")

    with pytest.raises(Http404):
        view(_request(trainer_b), slug=draft.slug)
    assert asked == []  # another centre's draft is never even handed to the decision


def test_a_visible_object_the_decision_refuses_is_a_404(centre_a, trainer_b):
    course = make_course(centre_a)  # published: B sees it, but may not edit it
    with pytest.raises(Http404):
        course_view(_request(trainer_b), slug=course.slug)


def test_a_decision_without_an_object_refuses_with_a_404(outsider, trainer_a):
    with pytest.raises(Http404):
        posting_view(_request(outsider))
    assert posting_view(_request(trainer_a)).content == b"posting"


def test_the_posting_pages_declare_their_permission():
    # What each page needs is read from the view itself, not from its body.
    assert posting.course_create_view.permission_decision is may_post_course
    assert posting.course_edit_view.permission_decision is may_edit_course
