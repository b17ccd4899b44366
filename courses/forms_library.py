"""Forms and filters of the resource library: validation only, no writes."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .forms import DomainErrorFormMixin, ModelChoicesField
from .models import (
    Centre,
    Course,
    Language,
    Resource,
    ResourceKind,
    ResourceVisibility,
    Theme,
)
from .uploads import ALLOWED_EXTENSIONS_TEXT, UploadRefused, check_upload, max_upload_bytes

ACCEPT_ATTR = (
    ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.gif,.webp,.mp4,.zip"
)


class ResourceFilter(django_filters.FilterSet):
    """The library's query parameters (a public contract): q, theme, kind, language, centre,
    visibility. Each filter is declared; a bad value is shown on the form, never a 500."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    theme = django_filters.ModelMultipleChoiceFilter(
        field_name="themes__slug",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        label=_("Theme"),
        widget=forms.CheckboxSelectMultiple,
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=ResourceKind.choices, label=_("Kind"), widget=forms.CheckboxSelectMultiple
    )
    language = django_filters.ModelChoiceFilter(
        field_name="language",
        to_field_name="code",
        queryset=Language.objects.all(),
        label=_("Language"),
        empty_label=_("Any language"),
    )
    centre = django_filters.ModelChoiceFilter(
        field_name="owner_centre",
        to_field_name="slug",
        queryset=Centre.objects.active(),
        label=_("Centre"),
        empty_label=_("Any centre"),
    )
    visibility = django_filters.MultipleChoiceFilter(
        choices=ResourceVisibility.choices,
        label=_("Visibility"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Resource
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split()[:10]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(owner_centre__name__icontains=word)
                | Q(owner_centre__short_name__icontains=word)
            )
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Several themes join the M2M table; distinct keeps each resource once.
        queryset = super().filter_queryset(queryset)
        return queryset.distinct() if self.form.cleaned_data.get("theme") else queryset


def _course_choices(centre: Centre | None) -> QuerySet:
    published = Q(status="published")
    if centre is not None:
        published |= Q(centre=centre)
    return Course.objects.filter(published).exclude(status="archived").select_related("centre")


class ResourceCourseChoiceField(ModelChoicesField):
    def label_from_instance(self, obj: Course) -> str:
        return f"{obj.title} ({obj.centre.short_name})"


class ResourceForm(DomainErrorFormMixin, forms.Form):
    """Upload a resource, or edit one (then without the file: a new file is a new version)."""

    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)
    kind = forms.ChoiceField(choices=ResourceKind.choices)
    themes = ModelChoicesField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme.")},
    )
    language = forms.ModelChoiceField(queryset=Language.objects.all(), empty_label=None)
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
        max_length=40, required=False, help_text=_("Optional, e.g. 1.0 or 2026 edition.")
    )
    related_courses = ResourceCourseChoiceField(
        queryset=Course.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Courses this material is used in. Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    visibility = forms.ChoiceField(
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
        self.fields["related_courses"].queryset = _course_choices(centre)
        if resource is None and "language" not in self.initial:
            # Most shared material is in English, the network's working language; the
            # alphabetical first choice (Arabic) was a trap for a hurried upload.
            self.fields["language"].initial = (
                Language.objects.filter(code="en").values_list("pk", flat=True).first()
            )
        self.fields[
            "file"
        ].help_text = f"{ALLOWED_EXTENSIONS_TEXT}; up to {max_upload_bytes() // (1024 * 1024)} MB."
        if resource is not None:
            # Editing never swaps the file: a new file is a new version with its own history.
            del self.fields["file"]
            if resource.is_link:
                self.fields["external_url"].label = _("External link")
                self.fields["external_url"].required = True
            else:
                del self.fields["external_url"]

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
    version_label = forms.CharField(max_length=40, help_text="e.g. 2.0 or 2026 edition.")
    file = forms.FileField(
        required=False, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTR})
    )
    external_url = forms.URLField(
        label=_("Or an external link"), required=False, max_length=500, assume_scheme="https"
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What changed in this version, and the description of the material."),
    )

    clean_file = ResourceForm.clean_file

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "file"
        ].help_text = f"{ALLOWED_EXTENSIONS_TEXT}; up to {max_upload_bytes() // (1024 * 1024)} MB."

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


class AccessDecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("grant", _("Grant access")), ("refuse", _("Refuse"))])
    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=3000,
        label=_("Answer to the requesting centre"),
    )
