"""After the course: the host's attendance on the roll, revoking a certificate, and the public
"check a certificate" form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Attendance, Participant
from ..models.certificates import normalize_certificate_code
from .base import DomainErrorFormMixin

NOT_RECORDED = ""


def attendance_choices() -> list[tuple[str, str]]:
    return [(NOT_RECORDED, _("Not recorded")), *Attendance.choices]


class AttendanceForm(DomainErrorFormMixin, forms.Form):
    """One select a participant on the roll (`attendance-<id>`), what the page showed for each
    (`seen-<id>`, so that a change made meanwhile by someone else is not overwritten), and
    "mark all as" (`all`) for the whole roll at once."""

    all = forms.ChoiceField(label=_("Mark everyone as"), required=False)

    def __init__(self, *args, participants: list[Participant], **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = participants
        self.fields["all"].choices = [("", "—"), *Attendance.choices]
        for p in participants:
            self.fields[f"attendance-{p.pk}"] = forms.ChoiceField(
                label=_("Attendance of %(name)s") % {"name": p.display_name or _("a participant")},
                choices=attendance_choices(),
                required=False,
                initial=p.attendance,
            )
            self.fields[f"seen-{p.pk}"] = forms.ChoiceField(
                choices=attendance_choices(),
                required=False,
                initial=p.attendance,
                widget=forms.HiddenInput,
            )

    def clean(self):
        cleaned = super().clean()
        if self.data.get("apply") == "all" and not cleaned.get("all"):
            self.add_error("all", _("Choose what to mark everyone as."))
        return cleaned

    def bound_row(self, participant: Participant) -> tuple[forms.BoundField, forms.BoundField]:
        return self[f"attendance-{participant.pk}"], self[f"seen-{participant.pk}"]

    def changes(self) -> tuple[dict[int, str], dict[int, str]]:
        """What to record (participant id -> attendance) and what the page showed."""
        everyone = self.cleaned_data.get("all") if self.data.get("apply") == "all" else None
        changes: dict[int, str] = {}
        seen: dict[int, str] = {}
        for p in self.participants:
            seen[p.pk] = self.cleaned_data.get(f"seen-{p.pk}") or NOT_RECORDED
            field = f"attendance-{p.pk}"
            if everyone:
                changes[p.pk] = everyone
            elif field in self.data:
                changes[p.pk] = self.cleaned_data.get(field) or NOT_RECORDED
        return changes, seen


class CertificateRevokeForm(DomainErrorFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the certificate's public page. Do not include personal details."),
    )


class CertificateLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=64,
        help_text=_("As printed on the certificate, for example APCN-7K3M-Q9XD-2HTR-PW4N."),
    )

    def clean_code(self) -> str:
        code = normalize_certificate_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _(
                    "A certificate code has 16 letters and digits after APCN, "
                    "for example APCN-7K3M-Q9XD-2HTR-PW4N."
                )
            )
        return code
