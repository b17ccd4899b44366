"""The domain of the APCN Training Catalog, one module per part of it."""

from .catalog import (
    Audience,
    Course,
    CourseQuerySet,
    CourseStatus,
    DeliveryMode,
    Level,
    Offering,
    OfferingQuerySet,
    OfferingStatus,
)
from .centres import (
    ASEAN_MEMBER_STATES,
    COUNTRY_CHOICES,
    COUNTRY_NAMES,
    Centre,
    CentreRole,
    Language,
    Membership,
    Theme,
    country_name,
)
from .exchange import (
    OPEN_SEAT_REQUEST_STATUSES,
    SeatRequest,
    SeatRequestEvent,
    SeatRequestQuerySet,
    SeatRequestStatus,
)

__all__ = [
    "ASEAN_MEMBER_STATES",
    "COUNTRY_CHOICES",
    "COUNTRY_NAMES",
    "OPEN_SEAT_REQUEST_STATUSES",
    "Audience",
    "Centre",
    "CentreRole",
    "Course",
    "CourseQuerySet",
    "CourseStatus",
    "DeliveryMode",
    "Language",
    "Level",
    "Membership",
    "Offering",
    "OfferingQuerySet",
    "OfferingStatus",
    "SeatRequest",
    "SeatRequestEvent",
    "SeatRequestQuerySet",
    "SeatRequestStatus",
    "Theme",
    "country_name",
]
