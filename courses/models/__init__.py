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

__all__ = [
    "ASEAN_MEMBER_STATES",
    "COUNTRY_CHOICES",
    "COUNTRY_NAMES",
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
    "Theme",
    "country_name",
]
