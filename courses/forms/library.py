"""Forms of the resource library: upload, edit, new version and access requests."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import (
    Centre,
    Course,
    Language,
    Resource,
    ResourceKind,
    ResourceVisibility,
    Theme,
    UNPackageEdition,
)
from ..permissions import relatable_courses
from ..uploads import ALLOWED_EXTENSIONS_TEXT, UploadRefused, check_upload, max_upload_bytes
from .base import DomainErrorFormMixin, ModelChoicesField

ACCEPT_ATTR = (
    ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.gif,.webp,.mp4,.zip"
)


class ResourceCourseChoiceField(ModelChoicesField):
    def label_from_instance(self, obj: Course) -> str:
        return f"{obj.title} ({obj.centre.short_name})"


def _upload_help() -> str:
    return gettext("%(formats)s; up to %(size)d MB.") % {
        "formats": ALLOWED_EXTENSIONS_TEXT,
        "size": max_upload_bytes() // (1024 * 1024),
    }


class ResourceForm(DomainErrorFormMixin, forms.Form):
    """Upload a resource, or edit one (then without the file: a new file is a new version)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices)
    themes = ModelChoicesField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Themes"),
        error_messages={"required": _("Choose at least one theme.")},
    )
    language = forms.ModelChoiceField(
        label=_("Language"), queryset=Language.objects.all(), empty_label=None
    )
    file = forms.FileField(
        label=_("A file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTR}),
        help_text=f"{ALLOWED_EXTENSIONS_TEXT}.",
    )
    external_url = forms.URLField(
        label=_("Or an external link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "A page or file on another site (http or https), e.g. the UN's training materials."
        ),
    )
    version_label = forms.CharField(
        label=_("Version"),
        max_length=40,
        required=False,
        help_text=_("Optional, e.g. 1.0 or 2026 edition."),
    )
    un_edition = forms.ModelChoiceField(
        queryset=UNPackageEdition.objects.for_choices(),
        required=False,
        label=_("UN training package edition"),
        empty_label=_("None"),
        help_text=_("The edition of the UN training package this resource is, or is made from."),
    )
    # Ticked, never Ctrl-clicked: the centre's own courses first, every other centre's folded
    # under its name (see `related_course_groups`), all in one page without JavaScript.
    related_courses = ResourceCourseChoiceField(
        label=_("Related courses"),
        queryset=Course.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick the courses this material is used in: your centre's courses first; open "
            "another centre to tick one of its courses."
        ),
    )
    visibility = forms.ChoiceField(
        label=_("Visible to"),
        choices=ResourceVisibility.choices,
        widget=forms.RadioSelect,
        initial=ResourceVisibility.NETWORK,
        help_text=_(
            "Centre only: your centre and the centres you grant access to. "
            "Network: members of every APCN centre. Public: anyone, without logging in."
        ),
    )

    def __init__(
        self, *args, centre: Centre | None = None, resource: Resource | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.resource = resource
        self.centre = centre
        self.fields["related_courses"].queryset = (
            relatable_courses(centre).select_related("centre").order_by("centre__name", "title")
        )
        if resource is None and "language" not in self.initial:
            # Most shared material is in English, the network's working language; the
            # alphabetical first choice (Arabic) was a trap for a hurried upload.
            self.fields["language"].initial = (
                Language.objects.filter(code="en").values_list("pk", flat=True).first()
            )
        self.fields["file"].help_text = _upload_help()
        if resource is not None:
            # Editing never swaps the file: a new file is a new version with its own history.
            del self.fields["file"]
            if resource.is_link:
                self.fields["external_url"].label = _("External link")
                self.fields["external_url"].required = True
            else:
                del self.fields["external_url"]

    def related_course_groups(self) -> list[dict]:
        """The related-course checkboxes by centre: the form's centre first (open), then every
        other centre by name, each saying how many of its courses are ticked."""
        groups: dict[int, dict] = {}
        for option in self["related_courses"]:
            course = option.data["value"].instance
            group = groups.setdefault(
                course.centre_id,
                {
                    "centre": course.centre,
                    "own": self.centre is not None and course.centre_id == self.centre.pk,
                    "options": [],
                    "chosen": 0,
                },
            )
            group["options"].append(option)
            group["chosen"] += bool(option.data["selected"])
        return sorted(groups.values(), key=lambda g: not g["own"])

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                check_upload(upload)
            except UploadRefused as refusal:
                raise forms.ValidationError(refusal.message) from refusal
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.resource is None:
            has_file = bool(cleaned.get("file")) or "file" in self.errors
            has_link = bool(cleaned.get("external_url")) or "external_url" in self.errors
            if not has_file and not has_link:
                self.add_error("file", _("Upload a file or give an external link."))
            elif cleaned.get("file") and cleaned.get("external_url"):
                self.add_error(
                    "external_url", _("Give a file or a link, not both: one resource is one thing.")
                )
        return cleaned


class NewVersionForm(DomainErrorFormMixin, forms.Form):
    version_label = forms.CharField(
        label=_("Version"), max_length=40, help_text=_("e.g. 2.0 or 2026 edition.")
    )
    file = forms.FileField(
        label=_("A file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTR}),
    )
    external_url = forms.URLField(
        label=_("Or an external link"), required=False, max_length=500, assume_scheme="https"
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What changed in this version, and the description of the material."),
    )

    clean_file = ResourceForm.clean_file

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _upload_help()

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("file")) or "file" in self.errors
        has_link = bool(cleaned.get("external_url")) or "external_url" in self.errors
        if not has_file and not has_link:
            self.add_error("file", _("Upload the new file or give the new link."))
        elif cleaned.get("file") and cleaned.get("external_url"):
            self.add_error("external_url", _("Give a file or a link, not both."))
        return cleaned


class AccessRequestForm(DomainErrorFormMixin, forms.Form):
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        help_text=_("Why your centre needs this material and how it will be used."),
    )


class AccessWithdrawForm(forms.Form):
    """The requesting centre takes its pending request back; a note to the owner is optional."""

    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=3000,
        label=_("Note to the owner centre"),
        help_text=_("For example: we found another material."),
    )
    # Set by the confirmation page: withdrawing is asked twice, as for seat requests.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class AccessDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), choices=[("grant", _("Grant access")), ("refuse", _("Refuse"))]
    )
    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=3000,
        label=_("Answer to the requesting centre"),
    )
