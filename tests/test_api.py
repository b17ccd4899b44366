"""The REST API (/api/v1/): every endpoint for every role, the same rules as the pages, the
same catalog as the page, error bodies, pages and conditional GET."""

from __future__ import annotations

import pytest

from courses.models import SeatRequest, SeatRequestEvent, SeatRequestStatus
from courses.services import seat_request_decline

from .factories import make_centre, make_course, make_offering, make_seat_request
from .resource_factories import make_resource

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "trainer_host",
    "admin_host",
    "trainer_requester",
    "trainer_third",
    "superuser",
]

# What each role gets from each endpoint: an HTTP status, or "listed"/"hidden" for whether the
# host centre's private thing appears in a list (answered 200 either way). The same outcomes as
# the pages' matrix (tests/test_permissions_exchange.py): what a page answers with a 404 is a 404
# here too; a visitor gets 401 where the page asks to log in. The network admin sees every
# request but decides none (403: it may read the request, so "not found" would be untrue).
#                               anonymous  host     host admin requester third    superuser
MATRIX = {
    "root GET": (200, 200, 200, 200, 200, 200),
    "centres GET": (200, 200, 200, 200, 200, 200),
    "themes GET": (200, 200, 200, 200, 200, 200),
    "courses draft": ("hidden", "listed", "listed", "hidden", "hidden", "hidden"),
    "course-detail draft": (404, 200, 200, 404, 404, 200),
    "course-detail published": (200, 200, 200, 200, 200, 200),
    "offering-detail draft": (404, 200, 200, 404, 404, 200),
    "offering-detail published": (200, 200, 200, 200, 200, 200),
    "resources centre-only": ("hidden", "listed", "listed", "hidden", "hidden", "listed"),
    "resources network": ("hidden", "listed", "listed", "listed", "listed", "listed"),
    "resource-detail centre-only": (404, 200, 200, 404, 404, 200),
    "seat-requests list": (401, "listed", "listed", "listed", "hidden", "listed"),
    "seat-request-detail GET": (401, 200, 200, 200, 404, 200),
    "seat-request submit": (401, 400, 400, 409, 201, 403),
    "seat-request approve": (401, 200, 200, 403, 404, 403),
    "seat-request waitlist": (401, 200, 200, 403, 404, 403),
    "seat-request decline": (401, 200, 200, 403, 404, 403),
    "seat-request withdraw": (401, 403, 403, 200, 404, 403),
    "seat-request reopen": (401, 403, 403, 200, 404, 403),
}
CASES = [
    (endpoint, role, expected)
    for endpoint, outcomes in MATRIX.items()
    for role, expected in zip(ROLES, outcomes, strict=True)
]


@pytest.fixture
def world(centre_a, trainer_a, admin_a, trainer_b, trainer_c, network_admin):
    course = make_course(centre_a, title="Host course")
    offering = make_offering(course, partner_seats=6)
    draft = make_course(centre_a, title="Draft course", status="draft")
    draft_offering = make_offering(draft)
    seat_request = make_seat_request(offering, by=trainer_b)
    return {
        "course": course,
        "offering": offering,
        "draft": draft,
        "draft_offering": draft_offering,
        "seat_request": seat_request,
        "private": make_resource(centre_a, visibility="centre", title="Private plan"),
        "network": make_resource(centre_a, visibility="network", title="Network plan"),
        "users": {
            "anonymous": None,
            "trainer_host": trainer_a,
            "admin_host": admin_a,
            "trainer_requester": trainer_b,
            "trainer_third": trainer_c,
            "superuser": network_admin,
        },
    }


def snapshot():
    return (
        list(SeatRequest.objects.order_by("pk").values_list("pk", "status", "seats_approved")),
        SeatRequestEvent.objects.count(),
    )


def _call(api, endpoint: str, world):
    seat_request = world["seat_request"]
    name, what = endpoint.split(" ")
    if name == "root":
        return api.get("/api/v1/")
    if name in ("centres", "themes"):
        return api.get(f"/api/v1/{name}/")
    if name == "courses":
        return api.get("/api/v1/courses/", {"page_size": 100})
    if name == "course-detail":
        course = world["draft"] if what == "draft" else world["course"]
        return api.get(f"/api/v1/courses/{course.slug}/")
    if name == "offering-detail":
        offering = world["draft_offering"] if what == "draft" else world["offering"]
        return api.get(f"/api/v1/offerings/{offering.pk}/")
    if name == "resources":
        return api.get("/api/v1/resources/")
    if name == "resource-detail":
        return api.get(f"/api/v1/resources/{world['private'].pk}/")
    if name == "seat-requests":
        return api.get("/api/v1/seat-requests/")
    if name == "seat-request-detail":
        return api.get(f"/api/v1/seat-requests/{seat_request.pk}/")
    if what == "submit":
        body = {"offering": world["offering"].pk, "seats_requested": 1}
        return api.post("/api/v1/seat-requests/", body, format="json")
    body = {"action": what}
    return api.post(f"/api/v1/seat-requests/{seat_request.pk}/decision/", body, format="json")


def _listed(response, endpoint: str, world) -> bool:
    results = response.json()["results"]
    if endpoint.startswith("courses"):
        return world["draft"].slug in {c["slug"] for c in results}
    if endpoint.startswith("resources"):
        target = world["private"] if "centre-only" in endpoint else world["network"]
        return target.pk in {r["id"] for r in results}
    return world["seat_request"].pk in {r["id"] for r in results}


@pytest.mark.parametrize(("endpoint", "role", "expected"), CASES)
def test_permission_matrix(api_client, world, trainer_a, endpoint, role, expected):
    if endpoint == "seat-request reopen":
        # Only a declined (or withdrawn) request can be re-opened: decline it first.
        seat_request_decline(seat_request=world["seat_request"], by=trainer_a)
    api = api_client(world["users"][role])
    before = snapshot()
    response = _call(api, endpoint, world)
    if expected in ("listed", "hidden"):
        assert response.status_code == 200, response.content
        assert _listed(response, endpoint, world) is (expected == "listed")
        return
    assert response.status_code == expected, response.content
    if expected >= 400:
        # A refusal changes nothing and says why in the one error body.
        assert snapshot() == before
        body = response.json()
        assert {"detail", "field", "errors"} <= set(body)
        assert body["detail"]


def test_a_visitor_is_asked_for_a_token(api_client):
    response = api_client().get("/api/v1/seat-requests/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_user_of_no_centre_has_no_seat_requests(api_client, outsider):
    response = api_client(outsider).get("/api/v1/seat-requests/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Seat requests belong to centres."


# --- Seat requests through the API: the same services as the pages -------------------------


def test_submit_creates_the_request_through_the_service(
    api_client, world, trainer_c, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(trainer_c).post(
            "/api/v1/seat-requests/",
            {
                "offering": world["offering"].pk,
                "seats_requested": 2,
                "women_nominated": 1,
                "participant_profile": "Two majors",
                "message": "For our next rotation.",
            },
            format="json",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    seat_request = SeatRequest.objects.get(pk=body["id"])
    assert seat_request.requesting_centre == trainer_c.membership.centre
    assert (seat_request.seats_requested, seat_request.women_nominated) == (2, 1)
    assert seat_request.status == SeatRequestStatus.PENDING
    assert response["Location"].endswith(f"/api/v1/seat-requests/{seat_request.pk}/")
    assert body["timeline"][0]["action"] == "submit"
    # The requesting centre may ask for more seats on its request, or withdraw it.
    assert body["actions"] == ["ask-more", "withdraw"]
    from courses.models import OutboxMessage

    # The host centre is told, as from the page: a notice queued with the request.
    assert OutboxMessage.objects.filter(kind="email", topic__startswith="seat").exists()


def test_a_duplicate_request_names_the_open_one(api_client, world, trainer_b):
    response = api_client(trainer_b).post(
        "/api/v1/seat-requests/",
        {"offering": world["offering"].pk, "seats_requested": 1},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["existing"] == world["seat_request"].pk


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"seats_requested": 1}, "offering"),
        ({"offering": "abc", "seats_requested": 1}, "offering"),
        ({"offering": 10**20, "seats_requested": 1}, "offering"),
        ({"offering": "OFFERING", "seats_requested": 0}, "seats_requested"),
        ({"offering": "OFFERING", "seats_requested": 2, "women_nominated": 3}, "women_nominated"),
        ({"offering": "OFFERING", "seats_requested": 7}, "seats_requested"),  # > partner seats
        ({"offering": "DRAFT", "seats_requested": 1}, "offering"),  # not visible to C
    ],
)
def test_a_bad_submission_is_a_400_naming_its_field(api_client, world, trainer_c, body, field):
    body = {
        key: {"OFFERING": world["offering"].pk, "DRAFT": world["draft_offering"].pk}.get(
            value, value
        )
        if isinstance(value, str)
        else value
        for key, value in body.items()
    }
    before = snapshot()
    response = api_client(trainer_c).post("/api/v1/seat-requests/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert snapshot() == before


def test_the_host_approves_fewer_seats_and_cannot_overbook(api_client, world, trainer_a, trainer_c):
    api = api_client(trainer_a)
    url = f"/api/v1/seat-requests/{world['seat_request'].pk}/decision/"
    response = api.post(
        url, {"action": "approve", "seats_approved": 1, "response": "One seat."}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["seats_approved"], body["response"]) == (
        "approved",
        1,
        "One seat.",
    )
    world["offering"].refresh_from_db()
    assert world["offering"].partner_seats_taken == 1
    # Another centre asks for the 6 partner seats; only 5 are free.
    other = make_seat_request(world["offering"], by=trainer_c, seats_requested=6)
    refused = api.post(
        f"/api/v1/seat-requests/{other.pk}/decision/", {"action": "approve"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "seats_approved"
    assert "Only 5 of the 6 partner seats are still free" in refused.json()["detail"]
    other.refresh_from_db()
    assert other.status == SeatRequestStatus.PENDING


def test_every_action_a_request_lists_is_taken_by_its_decision_url(
    api_client, world, trainer_a, trainer_b
):
    url = f"/api/v1/seat-requests/{world['seat_request'].pk}/decision/"
    host, requester = api_client(trainer_a), api_client(trainer_b)
    detail = f"/api/v1/seat-requests/{world['seat_request'].pk}/"
    assert host.post(url, {"action": "approve"}, format="json").status_code == 200
    assert requester.get(detail).json()["actions"] == ["ask-more", "withdraw"]
    asked = requester.post(url, {"action": "ask-more", "seats_requested": 3}, format="json")
    assert asked.status_code == 200, asked.content
    assert (asked.json()["seats_requested"], asked.json()["seats_approved"]) == (3, 2)
    assert host.get(detail).json()["actions"] == ["adjust", "decline"]
    adjusted = host.post(url, {"action": "adjust", "seats_approved": 1}, format="json")
    assert adjusted.status_code == 200, adjusted.content
    assert (adjusted.json()["status"], adjusted.json()["seats_approved"]) == ("approved", 1)
    # Without its number, an adjustment is refused on the field, and nothing changes.
    refused = host.post(url, {"action": "adjust"}, format="json")
    assert (refused.status_code, refused.json()["field"]) == (400, "seats_approved")
    world["seat_request"].refresh_from_db()
    assert world["seat_request"].seats_approved == 1


def test_an_action_the_status_does_not_allow_is_a_400(api_client, world, trainer_b):
    api = api_client(trainer_b)
    url = f"/api/v1/seat-requests/{world['seat_request'].pk}/decision/"
    assert api.post(url, {"action": "withdraw"}, format="json").status_code == 200
    again = api.post(url, {"action": "withdraw"}, format="json")
    assert again.status_code == 400
    assert "already closed" in again.json()["detail"]


def test_an_unknown_action_is_a_400_on_action(api_client, world, trainer_a):
    url = f"/api/v1/seat-requests/{world['seat_request'].pk}/decision/"
    response = api_client(trainer_a).post(url, {"action": "delete"}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "action"


def test_seat_request_list_filters(api_client, world, trainer_a, trainer_b):
    api = api_client(trainer_a)
    incoming = api.get("/api/v1/seat-requests/", {"direction": "incoming"}).json()["results"]
    assert [r["id"] for r in incoming] == [world["seat_request"].pk]
    assert api.get("/api/v1/seat-requests/", {"direction": "outgoing"}).json()["results"] == []
    assert api.get("/api/v1/seat-requests/", {"status": "approved"}).json()["count"] == 0
    bad = api.get("/api/v1/seat-requests/", {"status": "lost"})
    assert bad.status_code == 400 and bad.json()["field"] == "status"


# --- Reads -------------------------------------------------------------------------------------


def test_course_detail_has_its_offerings(api_client, world):
    body = api_client().get(f"/api/v1/courses/{world['course'].slug}/").json()
    assert body["title"] == "Host course"
    assert [o["id"] for o in body["offerings"]] == [world["offering"].pk]
    assert body["offerings"][0]["partner_seats_open"] == 6


def test_an_inactive_centre_is_not_listed(api_client, centre_a):
    make_centre(name="Paused Centre", slug="paused", is_active=False)
    slugs = [c["slug"] for c in api_client().get("/api/v1/centres/").json()["results"]]
    assert "alpha" in slugs and "paused" not in slugs


def test_resources_filter_like_the_library(api_client, world):
    api = api_client()
    public = make_resource(
        world["course"].centre, visibility="public", title="Public handbook", kind="handbook"
    )
    listed = api.get("/api/v1/resources/").json()["results"]
    assert [r["id"] for r in listed] == [public.pk]
    assert api.get("/api/v1/resources/", {"kind": "video"}).json()["count"] == 0
    bad = api.get("/api/v1/resources/", {"kind": "poster"})
    assert bad.status_code == 400 and bad.json()["field"] == "kind"


def test_the_api_gives_only_what_its_caller_may_see_not_what_the_library_lists(
    api_client, world, client, trainer_c
):
    # The library lists another centre's centre-only resource to a member (title, owner, kind,
    # to ask for it); the API, whose rows carry the description and the download, does not.
    private = make_resource(world["course"].centre, visibility="centre", title="Closed scenario")
    client.force_login(trainer_c)
    library = client.get("/resources/").context["resources"]
    assert private.pk in [r.pk for r in library]
    api = api_client(trainer_c)
    assert private.pk not in [r["id"] for r in api.get("/api/v1/resources/").json()["results"]]
    assert api.get(f"/api/v1/resources/{private.pk}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/offerings/99999999999999999999999/",
        "/api/v1/resources/0/",
        "/api/v1/nowhere/",
        "/api/v1/courses/%E2%9C%93/",
    ],
)
def test_unknown_paths_are_json_404s(api_client, path):
    response = api_client().get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["field"] is None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"theme": "no-such-theme"}, "theme"),
        ({"starts_after": "2026-13-01"}, "starts_after"),
        ({"sort": "price"}, "sort"),
        ({"open_seats": "yes"}, "open_seats"),
        ({"audience": "children"}, "audience"),
    ],
)
def test_bad_catalog_parameters_are_400s_naming_the_field(api_client, world, query, field):
    response = api_client().get("/api/v1/courses/", query)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == field and body["errors"][field] and body["detail"]


def test_a_page_past_the_last_is_not_found(api_client, world):
    response = api_client().get("/api/v1/courses/", {"page": 99})
    assert response.status_code == 404
    assert response.json()["field"] == "page"
    assert response.json()["detail"] == "There is no page 99: the results fill 1 page."


def test_pages(api_client, centre_a):
    for n in range(5):
        make_course(centre_a, title=f"Paged course {n}")
    api = api_client()
    first = api.get("/api/v1/courses/", {"page_size": 2, "sort": "title"}).json()
    assert (first["count"], first["page"], first["pages"]) == (5, 1, 3)
    assert first["previous"] is None and "page=2" in first["next"]
    last = api.get(first["next"].replace("page=2", "page=3")).json()
    assert [c["title"] for c in last["results"]] == ["Paged course 4"]


def test_lists_answer_304_to_a_matching_etag(api_client, world, trainer_a):
    api = api_client()
    first = api.get("/api/v1/courses/")
    etag = first["ETag"]
    assert etag and "Authorization" in first["Vary"]
    again = api.get("/api/v1/courses/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    # A change to the catalog gives a new body, so a new tag.
    make_course(world["course"].centre, title="Brand new course")
    assert api.get("/api/v1/courses/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    # Another caller's view differs (a member sees its drafts): its own tag.
    assert api_client(trainer_a).get("/api/v1/courses/")["ETag"] != etag


def test_schema_and_docs_are_served_by_the_app(client):
    schema = client.get("/api/v1/schema/", {"format": "json"})
    assert schema.status_code == 200
    document = schema.json()
    paths = document["paths"]
    for path in [
        "/api/v1/centres/",
        "/api/v1/themes/",
        "/api/v1/courses/",
        "/api/v1/courses/{slug}/",
        "/api/v1/offerings/{id}/",
        "/api/v1/resources/",
        "/api/v1/seat-requests/",
        "/api/v1/seat-requests/{id}/",
        "/api/v1/seat-requests/{id}/decision/",
    ]:
        assert path in paths, path
    catalog = {p["name"] for p in paths["/api/v1/courses/"]["get"]["parameters"]}
    assert {
        "q",
        "theme",
        "centre",
        "country",
        "audience",
        "level",
        "language",
        "mode",
        "starts_after",
        "starts_before",
        "open_seats",
        "sort",
        "page",
        "page_size",
    } <= catalog
    assert document["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"
    assert "400" in paths["/api/v1/courses/"]["get"]["responses"]
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    # Swagger UI from the app's own static files, and no inline script or style for the CSP.
    assert "/static/drf_spectacular_sidecar/" in html and "cdn" not in html.lower()
    assert "<style" not in html and "<script>" not in html
    assert "script-src 'self'" in docs["Content-Security-Policy"]


# --- Named participants: personal data for the request's two centres only ------------------


@pytest.fixture
def named(world, trainer_a, trainer_b):
    from courses.models.participants import ParticipantDetails
    from courses.services import seat_request_approve
    from courses.services.participants import participants_update

    seat_request = seat_request_approve(seat_request=world["seat_request"], by=trainer_a)
    participants_update(
        seat_request=seat_request,
        by=trainer_b,
        add=[
            ParticipantDetails(
                full_name="Somchai Prasert",
                gender="male",
                service="military",
                rank="Captain",
                email="somchai@example.org",
            )
        ],
    )
    return seat_request


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("trainer_host", True),
        ("admin_host", True),
        ("trainer_requester", True),
        ("superuser", True),  # the network admin, as on the pages (SPEC §5)
    ],
)
def test_participants_are_in_the_detail_for_the_two_centres(api_client, world, named, role, sees):
    body = api_client(world["users"][role]).get(f"/api/v1/seat-requests/{named.pk}/").json()
    assert [p["full_name"] for p in body["participants"]] == ["Somchai Prasert"]
    assert body["participants"][0]["email"] == "somchai@example.org"


def test_participants_appear_nowhere_else(api_client, world, named, trainer_c, trainer_a):
    third = api_client(trainer_c)
    assert third.get(f"/api/v1/seat-requests/{named.pk}/").status_code == 404
    for path in (
        "/api/v1/seat-requests/",
        f"/api/v1/courses/{world['course'].slug}/",
        f"/api/v1/offerings/{world['offering'].pk}/",
        "/api/v1/courses/",
    ):
        for api in (api_client(), third, api_client(trainer_a)):
            response = api.get(path)
            assert "Somchai" not in response.content.decode(), (path, response.status_code)


def test_a_seat_request_reports_the_women_it_names_once_participants_are_named(
    api_client, trainer_a, trainer_b
):
    """The API says who comes as the pages do: the women announced in advance until people are
    named, then the women among the named participants (and how many are named)."""
    from courses.services import ParticipantDetails, participants_update, seat_request_approve

    offering = make_offering(make_course(trainer_a.membership.centre), partner_seats=6)
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=3, women_nominated=2)
    seat_request_approve(seat_request=seat_request, by=trainer_a, seats_approved=3)
    url = f"/api/v1/seat-requests/{seat_request.pk}/"

    body = api_client(trainer_b).get(url).json()
    assert (body["women_nominated"], body["women"], body["participants_named"]) == (2, 2, 0)

    participants_update(
        seat_request=seat_request,
        by=trainer_b,
        add=[
            ParticipantDetails(full_name="Siti Rahma", gender="female", service="police"),
            ParticipantDetails(full_name="Budi Santoso", gender="male", service="military"),
        ],
    )
    for user in (trainer_a, trainer_b):
        body = api_client(user).get(url).json()
        assert (body["women_nominated"], body["women"], body["participants_named"]) == (2, 1, 2)
    listed = api_client(trainer_a).get("/api/v1/seat-requests/").json()["results"]
    assert [(row["id"], row["women"]) for row in listed] == [(seat_request.pk, 1)]
