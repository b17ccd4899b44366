"""Forms: validation only. They never write; the views hand their cleaned data to a service.

One module per part of the product; every public name is importable from `courses.forms`.
Field names are part of the public contract (SPEC section 3): keep them exactly.
"""

from .account import PreferencesForm
from .accounts import AdminLoginForm, ApiTokenForm, LoginForm
from .aftercourse import AttendanceForm, CertificateLookupForm, CertificateRevokeForm
from .base import DateInput, DomainErrorFormMixin, ModelChoicesField, is_possible_key
from .catalog import CourseForm, OfferingForm
from .exchange import (
    ACTION_LABELS,
    DESTRUCTIVE_ACTIONS,
    BaseParticipantFormSet,
    HeldSeatsForm,
    HeldSeatsFormSet,
    ParticipantForm,
    SeatRequestDecisionForm,
    SeatRequestFilterForm,
    SeatRequestForm,
    SubstituteForm,
    participant_formset,
)
from .library import (
    AccessDecisionForm,
    AccessRequestForm,
    AccessWithdrawForm,
    NewVersionForm,
    ResourceCourseChoiceField,
    ResourceForm,
)
from .reports import ReportForm

__all__ = [
    "ACTION_LABELS",
    "DESTRUCTIVE_ACTIONS",
    "AccessDecisionForm",
    "AccessRequestForm",
    "AccessWithdrawForm",
    "AdminLoginForm",
    "ApiTokenForm",
    "AttendanceForm",
    "BaseParticipantFormSet",
    "CertificateLookupForm",
    "CertificateRevokeForm",
    "CourseForm",
    "DateInput",
    "DomainErrorFormMixin",
    "HeldSeatsForm",
    "HeldSeatsFormSet",
    "LoginForm",
    "ModelChoicesField",
    "NewVersionForm",
    "OfferingForm",
    "ParticipantForm",
    "PreferencesForm",
    "ReportForm",
    "ResourceCourseChoiceField",
    "ResourceForm",
    "SeatRequestDecisionForm",
    "SeatRequestFilterForm",
    "SeatRequestForm",
    "SubstituteForm",
    "is_possible_key",
    "participant_formset",
]
