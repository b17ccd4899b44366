"""Forms: validation only. They never write; the views hand their cleaned data to a service.

One module per part of the product; every public name is importable from `courses.forms`.
Field names are part of the public contract (SPEC section 3): keep them exactly.
"""

from .account import PreferencesForm
from .accounts import AdminLoginForm, ApiTokenForm, LoginForm
from .aftercourse import AttendanceForm, CertificateLookupForm, CertificateRevokeForm
from .base import (
    DateInput,
    DomainErrorFormMixin,
    EmptyChoiceLabelsMixin,
    ModelChoicesField,
    SensibleNumbersMixin,
    is_possible_key,
    label_empty_choice,
    limit_number,
)
from .catalog import CourseForm, OfferingForm
from .evaluations import AfterActionForm, EvaluationForm, YearForm
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
from .instructors import (
    INSTRUCTOR_ACTION_LABELS,
    InstructorDecisionForm,
    InstructorForm,
    InstructorRequestForm,
    WindowFormSet,
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
    "INSTRUCTOR_ACTION_LABELS",
    "AccessDecisionForm",
    "AccessRequestForm",
    "AccessWithdrawForm",
    "AdminLoginForm",
    "AfterActionForm",
    "ApiTokenForm",
    "AttendanceForm",
    "BaseParticipantFormSet",
    "CertificateLookupForm",
    "CertificateRevokeForm",
    "CourseForm",
    "DateInput",
    "DomainErrorFormMixin",
    "EmptyChoiceLabelsMixin",
    "EvaluationForm",
    "HeldSeatsForm",
    "HeldSeatsFormSet",
    "InstructorDecisionForm",
    "InstructorForm",
    "InstructorRequestForm",
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
    "SensibleNumbersMixin",
    "SubstituteForm",
    "WindowFormSet",
    "YearForm",
    "is_possible_key",
    "label_empty_choice",
    "limit_number",
    "participant_formset",
]
