"""The demo data: contract names, a catalog worth browsing, working accounts, idempotence."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from courses.demo import PARTS, seed_all
from courses.demo.accounts import demo_usernames
from courses.models import (
    Centre,
    CentreRole,
    Course,
    CourseStatus,
    Language,
    Membership,
    Offering,
    Participant,
    SeatRequest,
    SeatRequestEvent,
    Theme,
)
from courses.reference import THEMES

CONTRACT_CENTRE_SLUGS = {
    "vdpo",
    "mpc",
    "ipsc",
    "poc",
    "npmec",
    "afppkoc",
    "bn-focal-point",
    "la-focal-point",
    "mm-focal-point",
    "sg-focal-point",
}
CONTRACT_THEME_SLUGS = {
    "protection-of-civilians",
    "women-peace-security",
    "peacekeeper-safety",
    "conflict-related-sexual-violence",
    "child-protection",
    "human-rights",
    "military-observers",
    "staff-officers",
    "pre-deployment",
    "medical-support",
    "engineering",
    "police",
    "civil-military-coordination",
    "crisis-management",
    "mine-action",
    "logistics",
}
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module, inside a transaction rolled back at its end.

    Every test's own transaction is a savepoint inside this one, so tests see the demo data,
    undo their own changes, and leave nothing behind for other modules.
    """
    # The test runner turns DEBUG off; seed_demo is a development command and wants it on.
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER, DEBUG=True):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            call_command("seed_demo", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def snapshot() -> dict[str, list[tuple]]:
    """Every row and field the demo data writes, to compare two runs exactly."""
    User = get_user_model()
    return {
        "centres": list(Centre.objects.order_by("pk").values_list()),
        "users": list(User.objects.order_by("pk").values_list()),
        "memberships": list(Membership.objects.order_by("pk").values_list()),
        "themes": list(Theme.objects.order_by("pk").values_list()),
        "languages": list(Language.objects.order_by("pk").values_list()),
        "courses": list(Course.objects.order_by("pk").values_list()),
        "course themes": list(Course.themes.through.objects.order_by("pk").values_list()),
        "course languages": list(Course.languages.through.objects.order_by("pk").values_list()),
        "offerings": list(Offering.objects.order_by("pk").values_list()),
        "seat requests": list(SeatRequest.objects.order_by("pk").values_list()),
        "seat request events": list(SeatRequestEvent.objects.order_by("pk").values_list()),
        "participants": list(Participant.objects.order_by("pk").values_list()),
    }


def test_the_contract_centres_and_themes_exist(seeded, db):
    assert set(Centre.objects.values_list("slug", flat=True)) >= CONTRACT_CENTRE_SLUGS
    assert set(Theme.objects.values_list("slug", flat=True)) >= CONTRACT_THEME_SLUGS
    mpc = Centre.objects.get(slug="mpc")
    assert (mpc.name, mpc.country, mpc.city) == (
        "Malaysian Peacekeeping Centre",
        "MY",
        "Port Dickson",
    )
    # Demo addresses never point at a real organisation's domain.
    assert all(c.contact_email.endswith(".example.org") for c in Centre.objects.all())


def test_the_catalog_holds_enough_courses_over_every_centre_and_theme(seeded, db):
    assert Course.objects.count() >= 60
    assert Course.objects.published().count() >= 60
    assert Course.objects.filter(status=CourseStatus.DRAFT).exists()
    assert Course.objects.filter(status=CourseStatus.ARCHIVED).exists()
    assert set(Course.objects.values_list("centre__slug", flat=True)) == CONTRACT_CENTRE_SLUGS | {
        "esdc"  # the partner institution of the demo (courses.demo.partners)
    }
    assert set(Course.objects.values_list("themes__slug", flat=True)) == {s for s, *_ in THEMES}
    # Written by the centre's trainer, in more than one language, with a Markdown description.
    course = Course.objects.get(slug="protection-of-civilians-course")
    assert course.created_by.username == "mpc-trainer"
    assert "## Content\n\n- " in course.description
    assert Course.objects.filter(languages__code="km").exists()


def test_offerings_span_a_year_back_to_eighteen_months_ahead(seeded, db):
    today = timezone.localdate()
    starts = list(Offering.objects.values_list("start_date", flat=True))
    assert min(starts) >= today - datetime.timedelta(days=366)
    assert min(starts) <= today - datetime.timedelta(days=300)
    assert max(starts) <= today + datetime.timedelta(days=549)
    assert max(starts) >= today + datetime.timedelta(days=450)


def test_offerings_cover_every_case_a_partner_centre_meets(seeded, db):
    today = timezone.localdate()
    offerings = Offering.objects.all()
    assert offerings.filter(start_date__lt=today).count() >= 20
    assert offerings.upcoming().count() >= 40
    assert offerings.open_to_partners().count() >= 20
    assert offerings.upcoming().filter(partner_seats=0).exists()
    assert offerings.upcoming().filter(application_deadline__lt=today).exists()
    assert offerings.filter(status="cancelled").count() >= 1
    # Runs of an archived course lie in the past.
    archived = offerings.filter(course__status=CourseStatus.ARCHIVED)
    assert archived.exists()
    assert not archived.filter(start_date__gte=today).exists()


def test_demo_accounts_sign_in_with_the_demo_password(seeded, db):
    for username in demo_usernames():
        assert authenticate(username=username, password="peacekeeping") is not None, username
    assert authenticate(username="mpc-trainer", password="wrong") is None


def test_centre_admins_are_staff_with_the_centre_admin_membership(seeded, db):
    User = get_user_model()
    for slug in CONTRACT_CENTRE_SLUGS:
        admin = User.objects.get(username=f"{slug}-admin")
        assert admin.is_staff and not admin.is_superuser
        assert (admin.membership.centre.slug, admin.membership.role) == (
            slug,
            CentreRole.CENTRE_ADMIN,
        )
        trainer = User.objects.get(username=f"{slug}-trainer")
        assert not trainer.is_staff
        assert (trainer.membership.centre.slug, trainer.membership.role) == (
            slug,
            CentreRole.TRAINER,
        )
        assert trainer.first_name and trainer.email.endswith(f"@{slug}.example.org")


def test_secretariat_is_a_superuser_of_no_centre(seeded, db):
    secretariat = get_user_model().objects.get(username="secretariat")
    assert secretariat.is_superuser and secretariat.is_staff
    assert not Membership.objects.filter(user=secretariat).exists()


def test_the_summary_tells_what_was_created(seeded, db):
    assert "centres: 10 centres" in seeded
    assert "accounts: 10 trainers, 10 centre admins, 1 network admin" in seeded
    members = Course.objects.filter(centre__kind="member")
    member_offerings = Offering.objects.filter(course__centre__kind="member")
    assert f"catalog: {members.count()} courses, {member_offerings.count()} offerings" in seeded
    assert (
        "partners and UN packages: 1 partner centre, 2 partner accounts, 2 partner courses, "
        "3 partner offerings, 2 UN package editions" in seeded
    )


def test_running_twice_changes_nothing(seeded, db):
    before = snapshot()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert snapshot() == before
    assert out.getvalue().count("nothing new") == len(PARTS)


def test_a_run_on_another_day_leaves_existing_offerings_alone(seeded, db):
    before = snapshot()
    seed_all(today=timezone.localdate() + datetime.timedelta(days=40))
    assert snapshot() == before


def test_demo_password_comes_from_the_settings_and_resets_on_request(seeded, db, settings):
    settings.DEMO_PASSWORD = "another-demo-password"
    call_command("seed_demo", stdout=io.StringIO())
    # Existing accounts keep their password...
    assert authenticate(username="poc-admin", password="peacekeeping") is not None
    out = io.StringIO()
    call_command("seed_demo", "--reset-passwords", stdout=out)
    # ...until the run asks to reset them.
    assert f"{len(demo_usernames())} password resets" in out.getvalue()
    assert authenticate(username="poc-admin", password="peacekeeping") is None
    assert authenticate(username="poc-admin", password="another-demo-password") is not None
    assert authenticate(username="secretariat", password="another-demo-password") is not None


def test_new_accounts_get_the_overridden_demo_password(seeded, db, settings):
    get_user_model().objects.filter(username__endswith="-trainer").delete()
    settings.DEMO_PASSWORD = "override-for-new-accounts"
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "10 trainers" in out.getvalue()
    assert authenticate(username="la-focal-point-trainer", password="override-for-new-accounts")
    assert authenticate(username="la-focal-point-admin", password="peacekeeping")


def test_refuses_to_run_without_debug(seeded, db, settings):
    settings.DEBUG = False
    Course.objects.filter(slug="protection-of-civilians-course").delete()
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Course.objects.filter(slug="protection-of-civilians-course").exists()


def test_runs_without_debug_when_forced(seeded, db, settings):
    settings.DEBUG = False
    Course.objects.filter(slug="protection-of-civilians-course").delete()
    out = io.StringIO()
    call_command("seed_demo", "--force", stdout=out)
    assert Course.objects.filter(slug="protection-of-civilians-course").exists()
    assert "catalog: 1 course," in out.getvalue()


def test_last_years_exchange_gives_the_report_a_year_behind_it(seeded, db):
    from courses.models import SeatRequest

    today = timezone.localdate()
    past = SeatRequest.objects.filter(
        offering__start_date__lt=today,
        offering__start_date__gte=today - datetime.timedelta(days=366),
    )
    assert past.filter(status="approved").count() >= 20
    assert past.filter(status="declined").exists()
    # Every approval stayed within the offering's partner seats.
    for offering in Offering.objects.filter(seat_requests__in=past).distinct():
        assert offering.partner_seats_taken <= offering.partner_seats


def test_the_demo_names_participants_on_some_approved_seats(seeded, db):
    named = Participant.objects.active().select_related("seat_request")
    assert named.exists()
    assert all(p.seat_request.status == "approved" for p in named)
    assert all(p.email.endswith("@example.org") for p in named)


def test_the_demo_evaluates_last_years_runs_and_shows_the_anonymity_rule(seeded, db):
    from courses.evaluations import offering_evaluation
    from courses.models import AfterActionReport, EvaluationInvitation

    offerings = Offering.objects.filter(evaluation_invitations__isnull=False).distinct()
    assert offerings.exists()
    assert all(o.end_date < timezone.localdate() for o in offerings)
    shown = [offering_evaluation(o).shown for o in offerings]
    # Figures on some runs, and one run below three answers that shows only the count.
    assert any(shown) and not all(shown)
    assert EvaluationInvitation.objects.filter(is_answered=False).exists()
    report = AfterActionReport.objects.get()
    assert offering_evaluation(report.offering).shown


def test_last_years_rolls_have_attendance_and_certificates_one_revoked(seeded, db):
    from courses.models import Certificate

    today = timezone.localdate()
    past = Participant.objects.filter(seat_request__offering__end_date__lt=today)
    assert past.exclude(attendance="").exists()
    assert set(past.exclude(attendance="").values_list("attendance", flat=True)) >= {
        "completed",
        "attended",
    }
    certificates = Certificate.objects.select_related("participant")
    assert certificates.count() >= 5
    # Only completed participants hold valid certificates.
    assert all(c.participant.attendance == "completed" for c in certificates.valid())
    revoked = certificates.filter(revoked_at__isnull=False)
    assert revoked.count() == 1 and revoked.get().revoke_reason
    names = set(certificates.values_list("participant_name", flat=True))
    assert any("Nguyễn Thị Hồng Nhung" in n for n in names)
    assert any("สมศรี ใจดี" in n for n in names)
