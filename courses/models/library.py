"""The resource library: training materials the centres share, who may see them, who asked."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .catalog import Course
from .centres import Centre, Language, Theme
from .timeline import event_caption


class ResourceKind(models.TextChoices):
    LESSON_PLAN = "lesson-plan", _("Lesson plan")
    PRESENTATION = "presentation", _("Presentation")
    HANDBOOK = "handbook", _("Handbook")
    EXERCISE_SCENARIO = "exercise-scenario", _("Exercise scenario")
    VIDEO = "video", _("Video")
    ASSESSMENT = "assessment", _("Assessment")
    OTHER = "other", _("Other")


class ResourceVisibility(models.TextChoices):
    CENTRE = "centre", _("Centre only")
    NETWORK = "network", _("Network members")
    PUBLIC = "public", _("Public")


def resource_upload_to(instance: Resource, filename: str) -> str:
    """A generated name: the user's file name never reaches the disk.

    `filename` is already reduced to a known extension by courses.uploads; only that extension
    is kept, so a name like `../../etc/passwd.pdf` cannot steer where the file is written.
    """
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"resources/{uuid.uuid4().hex}.{extension}"


class ResourceQuerySet(models.QuerySet):
    def current(self) -> ResourceQuerySet:
        """What the library lists: the latest version of each resource, not archived."""
        return self.filter(is_archived=False, is_superseded=False)

    def for_listing(self) -> ResourceQuerySet:
        return (
            self.select_related("owner_centre", "language", "un_edition__package")
            .prefetch_related("themes")
            .with_newer_edition()
        )

    def with_newer_edition(self) -> ResourceQuerySet:
        """Annotate `newer_edition_label`: the label of the newest edition of the resource's UN
        package when it is newer than the edition the resource is made from (else None).
        Derived when read: a new edition marks every older resource at once."""
        from .un import UNPackageEdition

        newer = (
            UNPackageEdition.objects.filter(
                package_id=OuterRef("un_edition__package_id"),
                release_date__gt=OuterRef("un_edition__release_date"),
            )
            .order_by("-release_date")
            .values("label")[:1]
        )
        return self.annotate(newer_edition_label=Subquery(newer))


class Resource(models.Model):
    owner_centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="resources", verbose_name=_("owner centre")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ResourceKind.choices)
    themes = models.ManyToManyField(Theme, related_name="resources", verbose_name=_("themes"))
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="resources", verbose_name=_("language")
    )
    file = models.FileField(_("file"), upload_to=resource_upload_to, blank=True, max_length=200)
    # Kept only for the Content-Disposition of a download, sanitised; never used on disk.
    original_filename = models.CharField(_("original filename"), max_length=200, blank=True)
    # Decided by courses.uploads from the file's content and extension, never from the browser.
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    external_url = models.URLField(_("external link"), max_length=500, blank=True)
    version_label = models.CharField(
        _("version"), max_length=40, blank=True, help_text=_("e.g. 2.0 or 2026 edition.")
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="newer_versions",
        verbose_name=_("replaces version"),
    )
    # Set, under a lock, when a newer version replaces this one; the library lists only the
    # latest version while the older ones stay reachable from its history.
    is_superseded = models.BooleanField(_("superseded"), default=False, editable=False)
    un_edition = models.ForeignKey(
        "courses.UNPackageEdition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("UN training package edition"),
        help_text=_("The edition of the UN training package this resource is, or is made from."),
    )
    related_courses = models.ManyToManyField(
        Course, related_name="resources", blank=True, verbose_name=_("related courses")
    )
    visibility = models.CharField(
        _("visible to"),
        max_length=20,
        choices=ResourceVisibility.choices,
        default=ResourceVisibility.NETWORK,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    is_archived = models.BooleanField(_("archived"), default=False)
    download_count = models.PositiveIntegerField(_("download count"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Who changed what and when (admin and web UI alike). Downloads are counted with an
    # UPDATE, not a save, so they add no history rows.
    history = HistoricalRecords()

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["visibility", "is_archived"], name="resource_visibility"),
            models.Index(fields=["owner_centre", "is_archived"], name="resource_owner"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(file="") & Q(external_url="")) | (Q(file="") & ~Q(external_url="")),
                name="resource_file_xor_external_url",
                violation_error_message=_(
                    "A resource is either an uploaded file or an external link, not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=ResourceVisibility.values),
                name="resource_visibility_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ResourceKind.values), name="resource_kind_valid"
            ),
            # A version is replaced at most once: the history is a chain, not a tree.
            models.UniqueConstraint(
                fields=["replaces"],
                condition=Q(replaces__isnull=False),
                name="resource_replaced_once",
                violation_error_message=_("This version already has a newer version."),
            ),
        ]

    def __str__(self) -> str:
        label = f" (v{self.version_label})" if self.version_label else ""
        return f"{self.title}{label}"

    def get_absolute_url(self) -> str:
        return reverse("resource-detail", kwargs={"pk": self.pk})

    @property
    def is_link(self) -> bool:
        return bool(self.external_url)

    @property
    def is_centre_only(self) -> bool:
        return self.visibility == ResourceVisibility.CENTRE

    @property
    def file_extension(self) -> str:
        name = self.original_filename or self.file.name
        return name.rsplit(".", 1)[-1].upper() if "." in name else ""

    def version_history(self) -> list[Resource]:
        """Every version of this resource, newest first (a short chain: one query per step)."""
        latest = self
        while True:
            newer = Resource.objects.filter(replaces=latest).first()
            if newer is None:
                break
            latest = newer
        chain = [latest]
        while chain[-1].replaces_id:
            chain.append(chain[-1].replaces)
        return chain


class ResourceAccessGrant(models.Model):
    """The owner centre lets every member of `centre` see one centre-only resource."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="access_grants", verbose_name=_("resource")
    )
    centre = models.ForeignKey(
        Centre,
        on_delete=models.CASCADE,
        related_name="resource_access_grants",
        verbose_name=_("centre"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("resource access grant")
        verbose_name_plural = _("resource access grants")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "centre"], name="resource_grant_once_per_centre"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(centre)s may see %(resource)s") % {
            "centre": self.centre.short_name,
            "resource": self.resource,
        }


class AccessRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    # The requesting centre took its request back before the owner answered.
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ResourceAccessRequestQuerySet(models.QuerySet):
    def incoming_for(self, centre: Centre) -> ResourceAccessRequestQuerySet:
        """Requests addressed to `centre`: for resources it owns."""
        return self.filter(resource__owner_centre=centre)

    def outgoing_for(self, centre: Centre) -> ResourceAccessRequestQuerySet:
        return self.filter(requesting_centre=centre)

    def involving(self, centre: Centre) -> ResourceAccessRequestQuerySet:
        return self.filter(Q(resource__owner_centre=centre) | Q(requesting_centre=centre))

    def pending(self) -> ResourceAccessRequestQuerySet:
        return self.filter(status=AccessRequestStatus.PENDING)

    def for_listing(self) -> ResourceAccessRequestQuerySet:
        return self.select_related(
            "resource", "resource__owner_centre", "requesting_centre", "requested_by"
        )


class ResourceAccessRequest(models.Model):
    """Another centre asks the owner centre for one of its centre-only resources."""

    resource = models.ForeignKey(
        Resource,
        on_delete=models.CASCADE,
        related_name="access_requests",
        verbose_name=_("resource"),
    )
    requesting_centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        related_name="outgoing_resource_requests",
        verbose_name=_("requesting centre"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    message = models.TextField(
        _("message"), help_text=_("Why your centre needs it and how it will be used.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AccessRequestStatus.choices,
        default=AccessRequestStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ResourceAccessRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource access request")
        verbose_name_plural = _("resource access requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AccessRequestStatus.values),
                name="accessrequest_status_valid",
            ),
            # Only a pending request blocks a new one: after a refusal or a withdrawal the
            # centre may ask again.
            models.UniqueConstraint(
                fields=["resource", "requesting_centre"],
                condition=Q(status="pending"),
                name="accessrequest_one_pending_per_centre",
                violation_error_message=_("Your centre has already asked for this resource."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(centre)s asks for %(resource)s") % {
            "centre": self.requesting_centre.short_name,
            "resource": self.resource,
        }

    def get_absolute_url(self) -> str:
        return reverse("access-request-detail", kwargs={"pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status == AccessRequestStatus.PENDING


class ResourceAccessRequestEvent(models.Model):
    """One change in an access request's life, for its timeline: who did what, when."""

    access_request = models.ForeignKey(
        ResourceAccessRequest,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("resource access request"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(
        _("from status"), max_length=20, blank=True, choices=AccessRequestStatus.choices
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=AccessRequestStatus.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("resource access request event")
        verbose_name_plural = _("resource access request events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return event_caption(self)


class ResourceDownload(models.Model):
    """One download (or follow of an external link): who, when, for which centre."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="downloads", verbose_name=_("resource")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    centre = models.ForeignKey(
        Centre,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("centre"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["resource", "-created_at"], name="download_resource_time")]

    def __str__(self) -> str:
        who = self.user or gettext("a visitor")
        return f"{who} downloaded {self.resource} ({self.created_at:%Y-%m-%d %H:%M})"
