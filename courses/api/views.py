"""The API's endpoints: thin, like the pages. Each read is scoped by the same permission
function as its page before anything is fetched; each write calls the same service."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from ..filters import CourseFilter, ResourceFilter
from ..models import Centre, Course, Offering, SeatRequest, SeatRequestStatus, Theme
from ..permissions import (
    catalog_courses,
    centre_of,
    may_act,
    may_view_seat_requests,
    viewable_courses,
    visible_resources,
    visible_seat_requests,
)
from ..services.exchange import seat_request_act, seat_request_submit
from . import schema as api_schema
from .errors import ApiValidationError, ErrorSerializer
from .pagination import ApiPagination
from .serializers import (
    CentreSerializer,
    CourseDetailSerializer,
    CourseListSerializer,
    OfferingSerializer,
    ResourceSerializer,
    SeatRequestDecisionSerializer,
    SeatRequestDetailSerializer,
    SeatRequestSerializer,
    SeatRequestSubmitSerializer,
    ThemeSerializer,
)

# The largest id a row can have (BigAutoField); a larger one in a path is simply not found.
MAX_ID = 2**63 - 1

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="A parameter or field is wrong."),
    401: OpenApiResponse(ErrorSerializer, description="The token is not valid or was revoked."),
    404: OpenApiResponse(ErrorSerializer, description="Not found, or not visible to the caller."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests: wait and retry."),
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: ERRORS[code] for code in codes}


def form_errors(form) -> dict[str, list[str]]:
    """A Django form's errors as {field: [messages]}."""
    return {
        name: [e["message"] for e in items] for name, items in form.errors.get_json_data().items()
    }


class ApiViewMixin:
    """What every endpoint shares: JSON errors, pages, and conditional GET.

    A GET answer carries an ETag (the hash of its body); a client that sends it back in
    `If-None-Match` gets 304 and no body. Answers depend on who asks, so they vary by the
    Authorization header and the session cookie, and shared caches must not keep them.
    """

    pagination_class = ApiPagination

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Authorization", "Cookie"))
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
            response["ETag"] = etag
            response["Cache-Control"] = "private, no-cache"
            asked = parse_etags(request.headers.get("If-None-Match", ""))
            if etag in asked or "*" in asked:
                not_modified = HttpResponseNotModified()
                for header in ("ETag", "Cache-Control", "Vary"):
                    not_modified[header] = response[header]
                return not_modified
        return response

    def get_object_by_id(self, queryset: QuerySet, pk: str) -> Any:
        try:
            number = int(pk)
        except ValueError:
            number = 0
        if not 1 <= number <= MAX_ID:
            raise exceptions.NotFound()
        obj = queryset.filter(pk=number).first()
        if obj is None:
            raise exceptions.NotFound()
        return obj


@extend_schema(
    summary="The API's entry points",
    responses={200: OpenApiTypes.OBJECT, **errors(401, 429)},
)
@api_view(["GET"])
def api_root(request: Request, format: str | None = None) -> Response:
    names = {
        "centres": "api:centre-list",
        "themes": "api:theme-list",
        "courses": "api:course-list",
        "resources": "api:resource-list",
        "seat_requests": "api:seatrequest-list",
        "schema": "api:schema",
        "docs": "api:docs",
    }
    return Response({key: reverse(name, request=request) for key, name in names.items()})


@extend_schema_view(
    list=extend_schema(
        summary="The member centres",
        responses={200: CentreSerializer(many=True), **errors(400, 401, 404, 429)},
    ),
    retrieve=extend_schema(
        summary="One centre", responses={200: CentreSerializer, **errors(401, 404, 429)}
    ),
)
class CentreViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """The network's active centres, as on `/centres/`."""

    serializer_class = CentreSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self) -> QuerySet[Centre]:
        return Centre.objects.active().order_by("name", "pk")


@extend_schema_view(
    list=extend_schema(
        summary="The themes",
        responses={200: ThemeSerializer(many=True), **errors(400, 401, 404, 429)},
    ),
    retrieve=extend_schema(
        summary="One theme", responses={200: ThemeSerializer, **errors(401, 404, 429)}
    ),
)
class ThemeViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ThemeSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self) -> QuerySet[Theme]:
        return Theme.objects.order_by("-is_priority", "name", "pk")


@extend_schema_view(
    list=extend_schema(
        summary="The catalog",
        description=(
            "The courses of the catalog page `/courses/`, with the same query parameters and "
            "the same results for the caller (a member also sees its centre's drafts)."
        ),
        parameters=api_schema.catalog_parameters(),
        responses={200: CourseListSerializer(many=True), **errors(400, 401, 404, 429)},
    ),
    retrieve=extend_schema(
        summary="One course with its offerings",
        responses={200: CourseDetailSerializer, **errors(401, 404, 429)},
    ),
)
class CourseViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    serializer_class = CourseListSerializer

    def get_serializer_class(self):
        return CourseDetailSerializer if self.action == "retrieve" else CourseListSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The very FilterSet of the catalog page: one definition of every parameter.
        filterset = CourseFilter(
            request.query_params, queryset=catalog_courses(request.user), request=request
        )
        if not filterset.is_valid():
            raise ApiValidationError(form_errors(filterset.form))
        courses = filterset.qs.for_listing()
        page = self.paginator.paginate_queryset(
            courses, request, view=self, count=filterset.result_count
        )
        data = self.get_serializer(page, many=True).data
        return self.paginator.get_paginated_response(data)

    def get_object(self) -> Course:
        course = (
            viewable_courses(self.request.user)
            .select_related("centre")
            .prefetch_related(
                "themes",
                "languages",
                Prefetch("offerings", queryset=Offering.objects.order_by("start_date", "pk")),
            )
            .filter(slug=self.kwargs["slug"])
            .first()
        )
        if course is None:
            raise exceptions.NotFound()
        return course


@extend_schema_view(
    retrieve=extend_schema(
        summary="One offering", responses={200: OfferingSerializer, **errors(401, 404, 429)}
    ),
)
class OfferingViewSet(ApiViewMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An offering of a course the caller may see (another centre's draft is not found)."""

    serializer_class = OfferingSerializer
    lookup_value_regex = r"[0-9]+"

    def get_object(self) -> Offering:
        offerings = Offering.objects.filter(
            course__in=viewable_courses(self.request.user)
        ).select_related("course")
        return self.get_object_by_id(offerings, self.kwargs["pk"])


@extend_schema_view(
    list=extend_schema(
        summary="The resource library",
        description="The current resources the caller may see, newest first, with the "
        "library page's filters.",
        parameters=api_schema.resource_parameters(),
        responses={200: ResourceSerializer(many=True), **errors(400, 401, 404, 429)},
    ),
    retrieve=extend_schema(
        summary="One resource", responses={200: ResourceSerializer, **errors(401, 404, 429)}
    ),
)
class ResourceViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ResourceSerializer
    lookup_value_regex = r"[0-9]+"

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        resources = visible_resources(request.user).current().for_listing()
        filterset = ResourceFilter(request.query_params, queryset=resources)
        if not filterset.is_valid():
            raise ApiValidationError(form_errors(filterset.form))
        results = filterset.qs.distinct().order_by("-created_at", "-pk")
        page = self.paginator.paginate_queryset(results, request, view=self)
        return self.paginator.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self):
        resources = visible_resources(self.request.user).for_listing()
        return self.get_object_by_id(resources, self.kwargs["pk"])


class SeatRequestFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=SeatRequestStatus.values, required=False)
    direction = serializers.ChoiceField(
        choices=["incoming", "outgoing"],
        required=False,
        help_text="incoming: on the caller's centre's offerings; outgoing: its centre's requests.",
    )
    offering = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)


@extend_schema_view(
    list=extend_schema(
        summary="The caller's centre's seat requests",
        description="Incoming (on its offerings) and outgoing (its own), newest first; the "
        "network admin sees every request.",
        parameters=[SeatRequestFilterSerializer],
        responses={
            200: SeatRequestSerializer(many=True),
            403: OpenApiResponse(ErrorSerializer, description="The caller belongs to no centre."),
            **errors(400, 401, 404, 429),
        },
    ),
    retrieve=extend_schema(
        summary="One seat request with its timeline",
        responses={200: SeatRequestDetailSerializer, **errors(401, 404, 429)},
    ),
    create=extend_schema(
        summary="Request seats on another centre's offering",
        request=SeatRequestSubmitSerializer,
        responses={
            201: SeatRequestDetailSerializer,
            403: OpenApiResponse(ErrorSerializer, description="The caller belongs to no centre."),
            409: OpenApiResponse(
                ErrorSerializer,
                description="The centre has an open request for this offering (`existing`).",
            ),
            **errors(400, 401, 429),
        },
    ),
)
class SeatRequestViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """`/requests/` of the site: the same requests, the same services, the same rules."""

    permission_classes = [IsAuthenticated]
    serializer_class = SeatRequestSerializer
    lookup_value_regex = r"[0-9]+"

    def get_serializer_class(self):
        if self.action == "list":
            return SeatRequestSerializer
        return SeatRequestDetailSerializer

    def _visible(self) -> QuerySet[SeatRequest]:
        return (
            visible_seat_requests(self.request.user)
            .for_listing()
            .with_named_count()
            .with_women_count()
        )

    def get_object(self) -> SeatRequest:
        return self.get_object_by_id(
            self._visible().prefetch_related("events__actor"), self.kwargs["pk"]
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may_view_seat_requests(request.user):
            raise exceptions.PermissionDenied(_("Seat requests belong to centres."))
        filters = SeatRequestFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        requests = self._visible()
        if wanted.get("status"):
            requests = requests.filter(status=wanted["status"])
        if wanted.get("offering"):
            requests = requests.filter(offering_id=wanted["offering"])
        centre = centre_of(request.user)
        if wanted.get("direction") and centre is not None:
            if wanted["direction"] == "incoming":
                requests = requests.incoming_for(centre)
            else:
                requests = requests.outgoing_for(centre)
        page = self.paginator.paginate_queryset(
            requests.order_by("-created_at", "-pk"), request, view=self
        )
        return self.paginator.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = SeatRequestSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        centre = centre_of(request.user)
        if centre is None:
            raise exceptions.PermissionDenied(_("Only members of a centre can request seats."))
        offering = (
            Offering.objects.filter(course__in=viewable_courses(request.user))
            .select_related("course__centre")
            .filter(pk=data.pop("offering"))
            .first()
        )
        if offering is None:
            raise ApiValidationError({"offering": [_("There is no such offering.")]})
        seat_request = seat_request_submit(
            offering=offering, centre=centre, by=request.user, **data
        )
        seat_request = self._visible().prefetch_related("events__actor").get(pk=seat_request.pk)
        serializer = SeatRequestDetailSerializer(
            seat_request, context=self.get_serializer_context()
        )
        location = reverse(
            "api:seatrequest-detail", kwargs={"pk": seat_request.pk}, request=request
        )
        return Response(
            serializer.data, status=status.HTTP_201_CREATED, headers={"Location": location}
        )

    @extend_schema(
        summary="Decide on, withdraw or re-open a seat request",
        description=(
            "The host centre approves (all or `seats_approved` seats), waitlists, declines or "
            "changes the approved seats (`adjust` with `seats_approved`); the requesting centre "
            "withdraws, re-opens or asks for more seats (`ask-more` with `seats_requested`, "
            "the seats asked for in all). The request's `actions` say which the caller may take "
            "now."
        ),
        request=SeatRequestDecisionSerializer,
        responses={
            200: SeatRequestDetailSerializer,
            403: OpenApiResponse(
                ErrorSerializer, description="The caller's side may not take this action."
            ),
            **errors(400, 401, 404, 429),
        },
    )
    @action(detail=True, methods=["post"], url_path="decision")
    def decision(self, request: Request, pk: str) -> Response:
        seat_request = self.get_object()
        body = SeatRequestDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if not may_act(request.user, seat_request, data["action"]):
            raise exceptions.PermissionDenied(_("You cannot take this action on this request."))
        seat_request_act(
            seat_request=seat_request,
            by=request.user,
            action=data["action"],
            response=data.get("response", ""),
            seats_approved=data.get("seats_approved"),
            seats_requested=data.get("seats_requested"),
        )
        seat_request = self._visible().prefetch_related("events__actor").get(pk=seat_request.pk)
        return Response(
            SeatRequestDetailSerializer(seat_request, context=self.get_serializer_context()).data
        )


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([])
def not_found(request: Request, *args: Any, **kwargs: Any) -> Response:
    """Any other path under /api/v1/: a JSON 404, like every other answer of the API."""
    raise exceptions.NotFound()
