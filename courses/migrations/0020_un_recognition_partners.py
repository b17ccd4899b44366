"""UN recognition as a status with dates and evidence, the UN training packages and their
editions, and partner institutions beside the member centres (issue 19).

Existing data: a course flagged "UN recognised" becomes `recognised`. The flag never said when
the UN recognised it, so its certificate date is taken as the day the course was recorded here
(`created_at`), the latest day it is known to have held, and its expiry four years after that
(the UN's usual term). The host centre corrects both from its certificate; until then the
reminders and the catalog's filter work from these dates rather than losing the course's
recognition (an `applied` status would have dropped it from `un_recognised=1` at once).

The packages are seeded by name (the CPTM and the STMs of the UN's Integrated Training Service);
their editions are left to the network admin, who records each with its release date.
Centres that exist are ASEAN members: `kind` defaults to `member`.
"""

import datetime

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import courses.models.catalog
import courses.models.un

UN_PACKAGES = [
    ("cptm", "Core Pre-Deployment Training Materials", "CPTM", "cptm"),
    (
        "stm",
        "STM for UN Military Experts on Mission",
        "STM UNMEM",
        "stm-military-experts-on-mission",
    ),
    ("stm", "STM for UN Staff Officers", "STM UNSO", "stm-staff-officers"),
    ("stm", "STM for UN Infantry Battalions", "STM UNIBAT", "stm-infantry-battalions"),
    ("stm", "STM for Formed Police Units", "STM FPU", "stm-formed-police-units"),
    ("stm", "STM on Protection of Civilians", "STM POC", "stm-protection-of-civilians"),
    ("stm", "STM on Child Protection", "STM CP", "stm-child-protection"),
    (
        "stm",
        "STM on Conflict-Related Sexual Violence",
        "STM CRSV",
        "stm-conflict-related-sexual-violence",
    ),
]


def _four_years_on(day):
    try:
        return day.replace(year=day.year + 4)
    except ValueError:
        return day.replace(year=day.year + 4, day=28)


def recognition_from_flag(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The catalog's deferred triggers (0012) would otherwise wait for the commit, and
        # PostgreSQL refuses to alter the table below while they are pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    Course = apps.get_model("courses", "Course")
    for course in Course.objects.filter(un_recognised=True).only("pk", "created_at"):
        certificate = course.created_at.date() if course.created_at else datetime.date.today()
        Course.objects.filter(pk=course.pk).update(
            un_status="recognised",
            un_certificate_date=certificate,
            un_expiry_date=_four_years_on(certificate),
        )


def flag_from_recognition(apps, schema_editor):
    Course = apps.get_model("courses", "Course")
    Course.objects.filter(un_status="recognised").update(un_recognised=True)


def seed_packages(apps, schema_editor):
    Package = apps.get_model("courses", "UNTrainingPackage")
    for kind, name, short_name, slug in UN_PACKAGES:
        Package.objects.get_or_create(
            slug=slug, defaults={"kind": kind, "name": name, "short_name": short_name}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0018_certificates"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="UNPackageEdition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        help_text="As the UN names it, e.g. 2017 or 2nd edition.",
                        max_length=40,
                        verbose_name="edition",
                    ),
                ),
                ("release_date", models.DateField(verbose_name="release date")),
            ],
            options={
                "verbose_name": "UN package edition",
                "verbose_name_plural": "UN package editions",
                "ordering": ["package__name", "-release_date"],
            },
        ),
        migrations.CreateModel(
            name="UNRecognitionReminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("expiry_date", models.DateField()),
                ("months_before", models.PositiveSmallIntegerField()),
                ("sent_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["sent_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="UNTrainingPackage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
                (
                    "short_name",
                    models.CharField(blank=True, max_length=40, verbose_name="short name"),
                ),
                ("slug", models.SlugField(max_length=80, unique=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("cptm", "Core pre-deployment training materials (CPTM)"),
                            ("stm", "Specialised training materials (STM)"),
                        ],
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
            ],
            options={
                "verbose_name": "UN training package",
                "verbose_name_plural": "UN training packages",
                "ordering": ["kind", "name"],
            },
        ),
        migrations.AddField(
            model_name="centre",
            name="kind",
            field=models.CharField(
                choices=[("member", "Member"), ("partner", "Partner")],
                default="member",
                max_length=10,
                verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="centre",
            name="partner_type",
            field=models.CharField(
                blank=True,
                choices=[
                    ("eu-csdp", "EU CSDP (European Security and Defence College)"),
                    ("un", "United Nations"),
                    ("national", "National centre outside ASEAN"),
                ],
                max_length=20,
                verbose_name="partner type",
            ),
        ),
        migrations.AddField(
            model_name="course",
            name="un_certificate_date",
            field=models.DateField(
                blank=True,
                null=True,
                validators=[courses.models.catalog.validate_plausible_date],
                verbose_name="date of the UN recognition certificate",
            ),
        ),
        migrations.AddField(
            model_name="course",
            name="un_evidence",
            field=models.FileField(
                blank=True,
                max_length=200,
                upload_to=courses.models.un.un_evidence_upload_to,
                verbose_name="UN recognition evidence",
            ),
        ),
        migrations.AddField(
            model_name="course",
            name="un_evidence_name",
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name="course",
            name="un_evidence_type",
            field=models.CharField(blank=True, editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name="course",
            name="un_expiry_date",
            field=models.DateField(
                blank=True,
                help_text="Empty: four years after the certificate date.",
                null=True,
                validators=[courses.models.catalog.validate_plausible_date],
                verbose_name="UN recognition expires on",
            ),
        ),
        migrations.AddField(
            model_name="course",
            name="un_status",
            field=models.CharField(
                choices=[
                    ("not-recognised", "Not recognised"),
                    ("applied", "Applied for"),
                    ("recognised", "Recognised"),
                ],
                default="not-recognised",
                max_length=20,
                verbose_name="UN recognition",
            ),
        ),
        migrations.AddField(
            model_name="historicalcourse",
            name="un_certificate_date",
            field=models.DateField(
                blank=True,
                null=True,
                validators=[courses.models.catalog.validate_plausible_date],
                verbose_name="date of the UN recognition certificate",
            ),
        ),
        migrations.AddField(
            model_name="historicalcourse",
            name="un_evidence",
            field=models.TextField(
                blank=True, max_length=200, verbose_name="UN recognition evidence"
            ),
        ),
        migrations.AddField(
            model_name="historicalcourse",
            name="un_evidence_name",
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name="historicalcourse",
            name="un_evidence_type",
            field=models.CharField(blank=True, editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name="historicalcourse",
            name="un_expiry_date",
            field=models.DateField(
                blank=True,
                help_text="Empty: four years after the certificate date.",
                null=True,
                validators=[courses.models.catalog.validate_plausible_date],
                verbose_name="UN recognition expires on",
            ),
        ),
        migrations.AddField(
            model_name="historicalcourse",
            name="un_status",
            field=models.CharField(
                choices=[
                    ("not-recognised", "Not recognised"),
                    ("applied", "Applied for"),
                    ("recognised", "Recognised"),
                ],
                default="not-recognised",
                max_length=20,
                verbose_name="UN recognition",
            ),
        ),
        migrations.AlterField(
            model_name="centre",
            name="country",
            field=models.CharField(
                blank=True,
                choices=[
                    ("AU", "Australia"),
                    ("BE", "Belgium"),
                    ("BN", "Brunei Darussalam"),
                    ("KH", "Cambodia"),
                    ("CA", "Canada"),
                    ("CN", "China"),
                    ("FI", "Finland"),
                    ("FR", "France"),
                    ("DE", "Germany"),
                    ("IN", "India"),
                    ("ID", "Indonesia"),
                    ("IE", "Ireland"),
                    ("IT", "Italy"),
                    ("JP", "Japan"),
                    ("LA", "Lao PDR"),
                    ("MY", "Malaysia"),
                    ("MM", "Myanmar"),
                    ("NL", "Netherlands"),
                    ("NZ", "New Zealand"),
                    ("NO", "Norway"),
                    ("PH", "Philippines"),
                    ("KR", "Republic of Korea"),
                    ("SG", "Singapore"),
                    ("SE", "Sweden"),
                    ("CH", "Switzerland"),
                    ("TH", "Thailand"),
                    ("TL", "Timor-Leste"),
                    ("GB", "United Kingdom"),
                    ("US", "United States"),
                    ("VN", "Viet Nam"),
                ],
                help_text="Empty only for a partner without a country (such as the UN).",
                max_length=2,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[A-Z]{2}$",
                        "Enter a two-letter ISO 3166-1 country code in capitals, e.g. VN.",
                    )
                ],
                verbose_name="country",
            ),
        ),
        migrations.RunPython(recognition_from_flag, flag_from_recognition),
        migrations.RunPython(seed_packages, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="course",
            name="un_recognised",
        ),
        migrations.RemoveField(
            model_name="historicalcourse",
            name="un_recognised",
        ),
        migrations.AddConstraint(
            model_name="centre",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["member", "partner"])), name="centre_kind_valid"
            ),
        ),
        migrations.AddConstraint(
            model_name="centre",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "member"), ("partner_type", "")),
                    models.Q(
                        ("kind", "partner"), ("partner_type__in", ["eu-csdp", "un", "national"])
                    ),
                    _connector="OR",
                ),
                name="centre_partner_type_for_partners",
                violation_error_message="A partner has a partner type; a member centre has none.",
            ),
        ),
        migrations.AddConstraint(
            model_name="centre",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind", "partner"), models.Q(("country", ""), _negated=True), _connector="OR"
                ),
                name="centre_member_has_country",
                violation_error_message="A member centre has a country.",
            ),
        ),
        migrations.AddField(
            model_name="course",
            name="un_edition",
            field=models.ForeignKey(
                blank=True,
                help_text="The edition of the UN training package the course teaches, if any.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="courses",
                to="courses.unpackageedition",
                verbose_name="UN training package edition",
            ),
        ),
        migrations.AddField(
            model_name="historicalcourse",
            name="un_edition",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The edition of the UN training package the course teaches, if any.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="courses.unpackageedition",
                verbose_name="UN training package edition",
            ),
        ),
        migrations.AddField(
            model_name="historicalresource",
            name="un_edition",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The edition of the UN training package this resource is, or is made from.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="courses.unpackageedition",
                verbose_name="UN training package edition",
            ),
        ),
        migrations.AddField(
            model_name="resource",
            name="un_edition",
            field=models.ForeignKey(
                blank=True,
                help_text="The edition of the UN training package this resource is, or is made from.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="resources",
                to="courses.unpackageedition",
                verbose_name="UN training package edition",
            ),
        ),
        migrations.AddConstraint(
            model_name="course",
            constraint=models.CheckConstraint(
                condition=models.Q(("un_status__in", ["not-recognised", "applied", "recognised"])),
                name="course_un_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="course",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("un_status", "recognised"), _negated=True),
                    models.Q(
                        ("un_certificate_date__isnull", False), ("un_expiry_date__isnull", False)
                    ),
                    _connector="OR",
                ),
                name="course_un_recognised_has_dates",
                violation_error_message="A recognised course needs the date of its UN recognition certificate.",
            ),
        ),
        migrations.AddConstraint(
            model_name="course",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("un_expiry_date__isnull", True),
                    ("un_certificate_date__isnull", True),
                    ("un_expiry_date__gt", models.F("un_certificate_date")),
                    _connector="OR",
                ),
                name="course_un_expiry_after_certificate",
                violation_error_message="The UN recognition expires after the date of its certificate.",
            ),
        ),
        migrations.AddField(
            model_name="unrecognitionreminder",
            name="course",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="un_reminders",
                to="courses.course",
            ),
        ),
        migrations.AddConstraint(
            model_name="untrainingpackage",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["cptm", "stm"])), name="un_package_kind_valid"
            ),
        ),
        migrations.AddField(
            model_name="unpackageedition",
            name="package",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="editions",
                to="courses.untrainingpackage",
                verbose_name="package",
            ),
        ),
        migrations.AddConstraint(
            model_name="unrecognitionreminder",
            constraint=models.UniqueConstraint(
                fields=("course", "expiry_date", "months_before"), name="un_reminder_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="unpackageedition",
            constraint=models.UniqueConstraint(
                fields=("package", "label"), name="un_edition_label_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="unpackageedition",
            constraint=models.UniqueConstraint(
                fields=("package", "release_date"), name="un_edition_release_once"
            ),
        ),
    ]
