"""What the API shows of each thing, and what it accepts in a request body.

Reads only: every write goes through a service (courses/services), which checks the rules and
raises `DomainError`. The serializers of request bodies check only the shape of the input.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from ..forms.base import MAX_SEATS
from ..models import (
    Centre,
    Course,
    Offering,
    Participant,
    Resource,
    SeatRequest,
    SeatRequestEvent,
    Theme,
)
from ..people import person_name
from ..permissions import may_view_participants, seat_request_actions
from ..services.exchange import SEAT_REQUEST_ACTIONS, allowed_transitions


class CentreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Centre
        fields = [
            "slug",
            "name",
            "short_name",
            "country",
            "city",
            "website",
            "contact_email",
            "description",
            "kind",
            "partner_type",
        ]


class CentreRefSerializer(serializers.ModelSerializer):
    """A centre named inside another object."""

    class Meta:
        model = Centre
        fields = ["slug", "name", "short_name", "country", "kind"]


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name", "description", "is_priority"]


class OfferingSerializer(serializers.ModelSerializer):
    course = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partner_seats_open = serializers.IntegerField(
        read_only=True, help_text="Partner seats not yet approved for a centre."
    )
    is_open_to_partners = serializers.BooleanField(
        read_only=True,
        help_text="Another centre may still request seats: scheduled, not started, deadline "
        "not passed, partner seats free.",
    )

    class Meta:
        model = Offering
        fields = [
            "id",
            "course",
            "start_date",
            "end_date",
            "city",
            "country",
            "application_deadline",
            "seats_total",
            "partner_seats",
            "partner_seats_open",
            "is_open_to_partners",
            "status",
            "notes",
        ]


class UNEditionSerializer(serializers.Serializer):
    """The edition of a UN training package a course teaches or a resource is made from."""

    package = serializers.CharField(
        source="package.slug", read_only=True, help_text="The package's slug, e.g. `cptm`."
    )
    package_name = serializers.CharField(source="package.name", read_only=True)
    label = serializers.CharField(read_only=True)
    release_date = serializers.DateField(read_only=True)


class CourseListSerializer(serializers.ModelSerializer):
    """A catalog row: the course and its next offering."""

    centre = CentreRefSerializer(read_only=True)
    un_recognised = serializers.BooleanField(
        read_only=True,
        help_text="The UN recognises the course today: recognised and not past its expiry.",
    )
    un_edition = UNEditionSerializer(read_only=True, allow_null=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    languages = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    next_offering = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Course
        fields = [
            "slug",
            "url",
            "title",
            "summary",
            "centre",
            "themes",
            "audience",
            "level",
            "languages",
            "delivery_mode",
            "duration_days",
            "un_recognised",
            "un_status",
            "un_certificate_date",
            "un_expiry_date",
            "un_edition",
            "status",
            "next_offering",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OfferingSerializer(allow_null=True))
    def get_next_offering(self, course: Course) -> dict | None:
        offering = course.next_offering
        return OfferingSerializer(offering, context=self.context).data if offering else None

    def get_url(self, course: Course) -> str:
        return reverse("api:course-detail", kwargs={"slug": course.slug}, request=None)


class CourseDetailSerializer(CourseListSerializer):
    """One course with every offering, past and upcoming, soonest first."""

    offerings = OfferingSerializer(many=True, read_only=True)

    class Meta(CourseListSerializer.Meta):
        fields = [
            *[f for f in CourseListSerializer.Meta.fields if f != "next_offering"],
            "description",
            "prerequisites",
            "offerings",
        ]


class ResourceSerializer(serializers.ModelSerializer):
    owner_centre = CentreRefSerializer(read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    language = serializers.SlugRelatedField(slug_field="code", read_only=True)
    download_url = serializers.SerializerMethodField(
        help_text="The file, for a signed-in member on the site (null for an external link)."
    )
    un_edition = UNEditionSerializer(read_only=True, allow_null=True)
    newer_un_edition = serializers.CharField(
        source="newer_edition_label",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="The label of a newer edition of the resource's UN package, when one exists.",
    )

    class Meta:
        model = Resource
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "owner_centre",
            "themes",
            "language",
            "visibility",
            "version_label",
            "un_edition",
            "newer_un_edition",
            "external_url",
            "download_url",
            "content_type",
            "file_size",
            "is_archived",
            "created_at",
            "updated_at",
        ]

    def get_download_url(self, resource: Resource) -> str | None:
        if not resource.file:
            return None
        return reverse("resource-download", kwargs={"pk": resource.pk})


class SeatRequestEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = SeatRequestEvent
        fields = ["action", "from_status", "to_status", "seats_approved", "note", "actor"]

    def get_actor(self, event: SeatRequestEvent) -> str | None:
        return person_name(event.actor)


class SeatRequestSerializer(serializers.ModelSerializer):
    offering = serializers.PrimaryKeyRelatedField(read_only=True)
    course = serializers.SlugRelatedField(
        source="offering.course", slug_field="slug", read_only=True
    )
    host_centre = CentreRefSerializer(source="offering.course.centre", read_only=True)
    requesting_centre = CentreRefSerializer(read_only=True)
    actions = serializers.SerializerMethodField(
        help_text="What the caller may do with the request now (POST to its decision URL)."
    )
    participants_named = serializers.IntegerField(
        source="named_count",
        read_only=True,
        help_text="How many participants are named (and still come) on the request.",
    )
    women = serializers.IntegerField(
        source="women_count",
        read_only=True,
        help_text="The women of the request: among its named participants once any are named, "
        "otherwise `women_nominated`, the number given in advance.",
    )

    class Meta:
        model = SeatRequest
        fields = [
            "id",
            "offering",
            "course",
            "host_centre",
            "requesting_centre",
            "seats_requested",
            "women_nominated",
            "participants_named",
            "women",
            "participant_profile",
            "message",
            "status",
            "seats_approved",
            "response",
            "decided_at",
            "created_at",
            "updated_at",
            "actions",
        ]

    def get_actions(self, seat_request: SeatRequest) -> list[str]:
        return seat_request_actions(
            self.context["request"].user, seat_request, allowed=allowed_transitions(seat_request)
        )


class ParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participant
        fields = ["id", "rank", "full_name", "gender", "email", "position", "service", "named_at"]


class SeatRequestDetailSerializer(SeatRequestSerializer):
    timeline = SeatRequestEventSerializer(source="events.all", many=True, read_only=True)
    participants = serializers.SerializerMethodField(
        help_text="Who comes (personal data): for the request's two centres and the network "
        "admin only; null for anyone else."
    )

    class Meta(SeatRequestSerializer.Meta):
        fields = [*SeatRequestSerializer.Meta.fields, "participants", "timeline"]

    @extend_schema_field(ParticipantSerializer(many=True, allow_null=True))
    def get_participants(self, seat_request: SeatRequest) -> list[dict] | None:
        if not may_view_participants(self.context["request"].user, seat_request):
            return None
        people = seat_request.participants.active().order_by("full_name", "pk")
        return ParticipantSerializer(people, many=True).data


# --- Request bodies ------------------------------------------------------------------------
# A JSON body says what it means: a number where a number is asked for (not `true`, not "5"),
# text where text is asked for (not 0). DRF's own fields would quietly turn one into the other.


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictChoiceField(serializers.ChoiceField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class SeatRequestSubmitSerializer(serializers.Serializer):
    """Ask for seats on another centre's offering, for the caller's centre."""

    offering = StrictIntegerField(min_value=1, max_value=2**31 - 1, help_text="The offering's id.")
    seats_requested = StrictIntegerField(min_value=1, max_value=MAX_SEATS)
    women_nominated = StrictIntegerField(min_value=0, max_value=MAX_SEATS, default=0)
    participant_profile = StrictCharField(
        required=False, allow_blank=True, default="", max_length=5000
    )
    message = StrictCharField(required=False, allow_blank=True, default="", max_length=5000)

    def validate(self, data: dict) -> dict:
        if data["women_nominated"] > data["seats_requested"]:
            raise serializers.ValidationError(
                {"women_nominated": [_("The number of women cannot exceed the seats requested.")]}
            )
        return data


class SeatRequestDecisionSerializer(serializers.Serializer):
    """A decision on a request, one of those its `actions` list: the host approves, waitlists,
    declines or changes the approved seats (`adjust`); the requesting centre withdraws,
    re-opens or asks for more seats (`ask-more`)."""

    action = StrictChoiceField(choices=list(SEAT_REQUEST_ACTIONS))
    seats_approved = StrictIntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_SEATS,
        help_text=(
            "With `approve`: fewer seats than requested; leave out to approve them all. With "
            "`adjust`: the new number of seats approved."
        ),
    )
    seats_requested = StrictIntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_SEATS,
        help_text="With `ask-more`: the seats asked for in all.",
    )
    response = StrictCharField(required=False, allow_blank=True, default="", max_length=5000)
