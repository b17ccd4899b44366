"""Centres of the network, the people who belong to them, and the shared vocabularies."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from .preferences import validate_time_zone

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Enter a two-letter ISO 3166-1 country code in capitals, e.g. VN.")
)

# ISO 3166-1 alpha-2 codes of the ten ASEAN member states and of the partners whose centres and
# staff take part in APCN training (the EU members listed are those that send trainers most).
COUNTRY_NAMES: dict[str, str] = {
    "BN": gettext_noop("Brunei Darussalam"),
    "KH": gettext_noop("Cambodia"),
    "ID": gettext_noop("Indonesia"),
    "LA": gettext_noop("Lao PDR"),
    "MY": gettext_noop("Malaysia"),
    "MM": gettext_noop("Myanmar"),
    "PH": gettext_noop("Philippines"),
    "SG": gettext_noop("Singapore"),
    "TH": gettext_noop("Thailand"),
    "VN": gettext_noop("Viet Nam"),
    "TL": gettext_noop("Timor-Leste"),
    "AU": gettext_noop("Australia"),
    "CN": gettext_noop("China"),
    "IN": gettext_noop("India"),
    "JP": gettext_noop("Japan"),
    "KR": gettext_noop("Republic of Korea"),
    "NZ": gettext_noop("New Zealand"),
    "US": gettext_noop("United States"),
    "GB": gettext_noop("United Kingdom"),
    "FR": gettext_noop("France"),
    "DE": gettext_noop("Germany"),
    "IT": gettext_noop("Italy"),
    "NL": gettext_noop("Netherlands"),
    "SE": gettext_noop("Sweden"),
    "FI": gettext_noop("Finland"),
    "IE": gettext_noop("Ireland"),
    "BE": gettext_noop("Belgium"),
    "CA": gettext_noop("Canada"),
    "CH": gettext_noop("Switzerland"),
    "NO": gettext_noop("Norway"),
}
ASEAN_MEMBER_STATES = frozenset({"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"})
# The names are English in the code (sorted by them), shown in the reader's language.
COUNTRY_CHOICES = [
    (code, _(name)) for code, name in sorted(COUNTRY_NAMES.items(), key=lambda item: item[1])
]

# The time zone a centre of each ASEAN member state keeps unless its profile names another
# (Indonesia spans three zones: a centre in Makassar or Jayapura sets its own).
COUNTRY_TIME_ZONES: dict[str, str] = {
    "BN": "Asia/Brunei",
    "KH": "Asia/Phnom_Penh",
    "ID": "Asia/Jakarta",
    "LA": "Asia/Vientiane",
    "MY": "Asia/Kuala_Lumpur",
    "MM": "Asia/Yangon",
    "PH": "Asia/Manila",
    "SG": "Asia/Singapore",
    "TH": "Asia/Bangkok",
    "VN": "Asia/Ho_Chi_Minh",
}


def country_time_zone(code: str) -> str:
    """The time zone of a country's centres; the site's own zone for a country not listed."""
    return COUNTRY_TIME_ZONES.get(code, settings.TIME_ZONE)


def country_name(code: str) -> str:
    """The country's name in the active language (the code itself for an unknown country)."""
    name = COUNTRY_NAMES.get(code)
    return gettext(name) if name else code


def has_invisible_characters(text: str) -> bool:
    """Whether `text` holds characters a reader cannot see (zero-width spaces, joiners,
    direction marks, soft hyphens, control characters): Unicode categories Cf and Cc."""
    return any(unicodedata.category(char) in ("Cf", "Cc") for char in text)


# Cyrillic and Greek letters drawn like Latin ones (after case folding), which NFKC keeps apart:
# the Cyrillic capitals EM, ER, ES read exactly like "MPC".
_LOOK_ALIKES = str.maketrans(
    {
        "\u0430": "a",
        "\u0432": "b",
        "\u0435": "e",
        "\u0456": "i",
        "\u0458": "j",
        "\u043a": "k",
        "\u043c": "m",
        "\u043d": "h",
        "\u043e": "o",
        "\u0440": "p",
        "\u0441": "c",
        "\u0455": "s",
        "\u0442": "t",
        "\u0443": "y",
        "\u0445": "x",
        "\u03b1": "a",
        "\u03b2": "b",
        "\u03b5": "e",
        "\u03b9": "i",
        "\u03ba": "k",
        "\u03bc": "m",
        "\u03b7": "h",
        "\u03bd": "v",
        "\u03bf": "o",
        "\u03c1": "p",
        "\u03c4": "t",
        "\u03c5": "y",
        "\u03c7": "x",
        "\u03b6": "z",
    }
)


def identity_key(text: str) -> str:
    """What a centre's name or short name looks like to a reader, for telling centres apart.

    NFKC folds compatibility forms (full-width letters, ligatures, superscripts) into plain
    letters; invisible characters, spaces and punctuation go; case is folded. "M.P.C.",
    "mpc" and the full-width "MPC" all read as "mpc".
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_LOOK_ALIKES)
    return "".join(char for char in folded if char.isalnum())


class CentreQuerySet(models.QuerySet):
    def active(self) -> CentreQuerySet:
        return self.filter(is_active=True)

    def with_published_course_count(self) -> CentreQuerySet:
        """Annotate `published_course_count`: one aggregate query for a whole list of centres."""
        return self.annotate(
            published_course_count=models.Count(
                "courses", filter=models.Q(courses__status="published")
            )
        )


class CentreKind(models.TextChoices):
    MEMBER = "member", _("Member")
    PARTNER = "partner", _("Partner")


class PartnerType(models.TextChoices):
    EU_CSDP = "eu-csdp", _("EU CSDP (European Security and Defence College)")
    UN = "un", _("United Nations")
    NATIONAL = "national", _("National centre outside ASEAN")


class Centre(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, help_text=_("Acronym, e.g. MPC."))
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    # A member is the centre of one of the ten ASEAN member states; a partner (the EU's
    # ESDC, the UN, a national centre outside ASEAN) publishes courses open to the network and
    # takes seat requests like a member. A partner may have no country (the UN).
    kind = models.CharField(
        _("kind"), max_length=10, choices=CentreKind.choices, default=CentreKind.MEMBER
    )
    partner_type = models.CharField(
        _("partner type"), max_length=20, choices=PartnerType.choices, blank=True
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=COUNTRY_CHOICES,
        validators=[country_code_validator],
        blank=True,
        help_text=_("Empty only for a partner without a country (such as the UN)."),
    )
    city = models.CharField(_("city"), max_length=120)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Empty means the country's zone (COUNTRY_TIME_ZONES): the default follows the country
    # when it is corrected, instead of a copy going stale.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Empty: the usual time zone of the centre's country."),
    )

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=CentreKind.values), name="centre_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind=CentreKind.MEMBER, partner_type="")
                | (
                    models.Q(kind=CentreKind.PARTNER)
                    & models.Q(partner_type__in=PartnerType.values)
                ),
                name="centre_partner_type_for_partners",
                violation_error_message=_(
                    "A partner has a partner type; a member centre has none."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(kind=CentreKind.PARTNER) | ~models.Q(country=""),
                name="centre_member_has_country",
                violation_error_message=_("A member centre has a country."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centre-detail", kwargs={"slug": self.slug})

    @property
    def is_partner(self) -> bool:
        return self.kind == CentreKind.PARTNER

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def effective_time_zone(self) -> str:
        """The centre's time zone: its own setting, else its country's."""
        return self.time_zone or country_time_zone(self.country)

    def clean(self) -> None:
        # A centre is known by its name and short name on every page, mail and feed: one that
        # reads like another centre's (another's acronym as its name, "MPC" with a zero-width
        # space, full-width letters) could pass for it. The network admin sees the refusal too.
        errors: dict[str, str] = {}
        if self.kind == CentreKind.PARTNER and not self.partner_type:
            errors["partner_type"] = _("Choose the partner type.")
        if self.kind == CentreKind.MEMBER and self.partner_type:
            errors["partner_type"] = _("A member centre has no partner type.")
        if self.kind == CentreKind.MEMBER and not self.country:
            errors["country"] = _("A member centre has a country.")
        elif self.kind == CentreKind.MEMBER and self.country not in ASEAN_MEMBER_STATES:
            errors["country"] = _(
                "A member centre is in an ASEAN member state; a centre elsewhere is a partner."
            )
        for field in ("name", "short_name"):
            if has_invisible_characters(getattr(self, field) or ""):
                errors[field] = _("Remove the invisible characters (such as zero-width spaces).")
        others: dict[str, Centre] = {}
        for other in Centre.objects.exclude(pk=self.pk).only("pk", "name", "short_name"):
            for value in (other.name, other.short_name):
                others.setdefault(identity_key(value), other)
        for field in ("name", "short_name"):
            key = identity_key(getattr(self, field) or "")
            if field in errors or not key or key not in others:
                continue
            errors[field] = _(
                "This reads like the name of another centre (%(centre)s); choose one that "
                "cannot be mistaken for it."
            ) % {"centre": others[key].name}
        if errors:
            raise ValidationError(errors)


class CentreRole(models.TextChoices):
    TRAINER = "trainer", _("Trainer")
    CENTRE_ADMIN = "centre-admin", _("Centre admin")


class Membership(models.Model):
    """A user's place in one centre. A user belongs to at most one centre."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("user"),
    )
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("centre")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=CentreRole.choices, default=CentreRole.TRAINER
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When the member last opened its centre's requests: the home page tells it what changed
    # on them since (decisions, promotions, participants named). Null: never opened.
    requests_seen_at = models.DateTimeField(
        _("requests last seen"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["centre__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.centre.short_name}"

    @property
    def is_centre_admin(self) -> bool:
        return self.role == CentreRole.CENTRE_ADMIN


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_priority = models.BooleanField(
        _("network priority"),
        default=False,
        help_text=_("One of the priorities the APCN conference sets for joint training."),
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self) -> str:
        # The network's own themes are in the catalogs (courses/reference.py); others as named.
        return gettext(self.name)

    def get_absolute_url(self) -> str:
        return f"{reverse('course-list')}?theme={self.slug}"


class Language(models.Model):
    """A language of instruction or of a resource, by its ISO 639-1 code."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name"]

    def __str__(self) -> str:
        return gettext(self.name)
