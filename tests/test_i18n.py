"""The site in the network's languages: catalogs, marked templates, the language menu, a member's
language and time zone, pages and e-mails in the reader's language."""

from __future__ import annotations

import datetime
import re
import unicodedata
import zoneinfo
from html import unescape
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.models import SeatRequest, UserPreference
from courses.services.preferences import preferences_update

from .factories import make_course, make_offering, make_seat_request
from .resource_factories import make_resource
from .test_instructors import ask, make_instructor

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = ["vi", "id", "th"]
PLACEHOLDER = re.compile(r"%\([a-zA-Z_]+\)[sd]")


def _catalog(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


# --- The catalogs -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_has_no_untranslated_or_fuzzy_entry(language):
    catalog = _catalog(language)
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert len(catalog) > 500, "the catalog lost its strings: run `make messages`"
    assert not untranslated, f"{len(untranslated)} untranslated in {language}: {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:5]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_translations_keep_every_placeholder(language):
    # A lost %(centre)s shows the reader a sentence without its centre; an extra one crashes.
    wrong = []
    for entry in _catalog(language).translated_entries():
        wanted = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        allowed = wanted | set(PLACEHOLDER.findall(entry.msgid))
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            found = set(PLACEHOLDER.findall(text)) if text else wanted
            if not wanted <= found <= allowed:
                wrong.append(entry.msgid)
    assert not wrong, f"placeholders differ in {language}: {wrong[:5]}"


def test_catalogs_cover_every_marked_string_of_the_code():
    """Every msgid the code and templates mark is in the catalogs (`make messages` was run)."""
    from django.utils import translation

    from courses.models import Offering

    msgids = {entry.msgid for entry in _catalog("vi")}
    # One string from each kind of source: a template, a model, a form, a service, an e-mail.
    assert "Peacekeeping training across ASEAN" in msgids
    with translation.override("en"):
        assert str(Offering._meta.verbose_name_plural) in msgids
    assert "Languages of instruction" in msgids
    assert "You can only request seats for your own centre." in msgids
    assert "[APCN] Offering cancelled: %(course)s (%(start)s)" in msgids


# --- No unmarked text in templates ------------------------------------------------------------

# Tokens that are the same in every language: the network's name, formats, a version prefix.
UNTRANSLATED_TOKENS = {"APCN", "CSV", "iCal", "v"}
# Attributes a person reads (or hears, through a screen reader).
READ_ATTRIBUTES = re.compile(r'\b(title|placeholder|aria-label|alt)="([^"]*)"')


def unmarked_template_text(source: str) -> list[str]:
    """The pieces of a template's text a reader sees that no translation tag covers."""
    text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", " ", source, flags=re.S)
    text = re.sub(r"{#.*?#}", " ", text, flags=re.S)
    text = re.sub(r"{%\s*blocktranslate\b.*?{%\s*endblocktranslate\s*%}", " ", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    # Tags and variables go first, so that a {% translate "..." %} inside an attribute is gone.
    text = re.sub(r"{%.*?%}|{{.*?}}", " ", text, flags=re.S)
    found = []
    for match in READ_ATTRIBUTES.finditer(text):
        if _words(match.group(2)):
            found.append(match.group(0))
    for chunk in re.split(r"\n", re.sub(r"<[^>]*>", "\n", text)):
        if _words(chunk):
            found.append(chunk.strip())
    return found


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]+", text) if w not in UNTRANSLATED_TOKENS]


def test_no_template_holds_unmarked_text():
    # Pages (.html) and e-mails (.txt and .html under templates/mail/).
    templates = sorted(
        path for path in (ROOT / "templates").rglob("*") if path.suffix in {".html", ".txt"}
    )
    assert templates
    unmarked = {
        str(path.relative_to(ROOT)): pieces
        for path in templates
        if (pieces := unmarked_template_text(path.read_text(encoding="utf-8")))
    }
    assert not unmarked, f"text outside {{% translate %}}: {unmarked}"


def test_the_template_scanner_finds_unmarked_text_and_ignores_marked_text():
    assert unmarked_template_text("<p>Seats left</p>") == ["Seats left"]
    assert unmarked_template_text('<a title="Remove this filter">·</a>') == [
        'title="Remove this filter"'
    ]
    marked = (
        '{% load i18n %}<p title="{% translate \'Remove\' %}">{% translate "Seats" %}</p>'
        "{% blocktranslate count n=x %}{{ n }} seat{% plural %}{{ n }} seats{% endblocktranslate %}"
        "{# a comment #}<span>{{ course.title }}</span> APCN"
    )
    assert unmarked_template_text(marked) == []


# --- Choosing the language --------------------------------------------------------------------


@pytest.mark.django_db
def test_accept_language_chooses_the_language_and_english_is_the_fallback(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="vi,en;q=0.5").content.decode()
    assert '<html lang="vi">' in page
    assert "Đào tạo gìn giữ hòa bình khắp ASEAN" in page
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert '<html lang="th">' in page
    assert "การฝึกการรักษาสันติภาพทั่วอาเซียน" in page
    # A language the site does not serve: English.
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="en">' in page
    assert "Peacekeeping training across ASEAN" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, english",
    [
        ("sort=zzz", "“zzz” is not a sort order: use start, -created or title."),
        (
            "starts_after=2027-01-01&starts_before=2026-01-01",
            "“Starts before” must be on or after “Starts after”.",
        ),
        ("open_seats=maybe", "“maybe” is not understood: use 1, or leave it out."),
        ("centre=..%2F..%2F", "“../../” is not a valid value here."),
    ],
)
@pytest.mark.parametrize("language", ["vi", "th"])
def test_a_refused_catalog_filter_is_explained_in_the_readers_language(
    client, query, english, language
):
    from django.utils import translation

    response = client.get(f"/courses/?{query}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    page = unescape(response.content.decode())
    assert english not in page
    msgid = re.sub(r"“[^”]*” is", "“%(value)s” is", english)
    with translation.override(language):
        translated = translation.gettext(msgid)
    assert translated != msgid
    assert translated.replace("%(value)s", re.search("“([^”]*)”", english)[1]) in page


@pytest.mark.django_db
def test_every_page_has_a_language_menu_that_works_without_javascript(client):
    page = client.get(reverse("course-list")).content.decode()
    form = re.search(r'<form method="post" action="/i18n/setlang/".*?</form>', page, re.S)
    assert form, "no language menu"
    menu = form.group(0)
    assert 'name="language"' in menu and 'type="submit"' in menu
    assert 'name="next" value="/courses/"' in menu
    # Each language named in itself, so a reader finds their own whatever the page's language.
    menu = unicodedata.normalize("NFC", menu)
    for code, name in [("en", "English"), ("vi", "Tiếng Việt"), ("id", "Indonesia"), ("th", "ไทย")]:
        option = re.search(f'<option value="{code}" lang="{code}"[^>]*>([^<]*)</option>', menu)
        assert option and name in option.group(1), code


@pytest.mark.django_db
def test_setlang_switches_the_language_and_returns_to_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "id", "next": "/courses/"})
    assert response.status_code == 302
    assert response["Location"] == "/courses/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"
    # The choice beats the browser's Accept-Language from then on.
    page = client.get("/courses/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<html lang="id">' in page
    assert "Terapkan filter" in page


@pytest.mark.django_db
def test_setlang_refuses_an_unknown_language_and_a_foreign_next(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert '<html lang="en">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_setlang_stores_a_signed_in_members_choice(client, trainer_a):
    client.force_login(trainer_a)
    client.post("/i18n/setlang/", {"language": "th", "next": "/"})
    assert UserPreference.objects.get(user=trainer_a).language == "th"
    # Another browser, no cookie, an English Accept-Language: the member's choice still holds.
    other = Client()
    other.force_login(trainer_a)
    page = other.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="th">' in page
    assert "ออกจากระบบ" in page


@pytest.mark.django_db
def test_the_admin_speaks_the_users_language(client, network_admin):
    client.force_login(network_admin)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<html lang="vi"' in page
    # Django's own catalog ("Log out") and ours (the site header, a model's name).
    assert "Đăng xuất" in page
    assert "Danh mục đào tạo APCN — quản trị" in page
    assert "Khóa học" in page


# --- A member's preferences -------------------------------------------------------------------


@pytest.mark.django_db
def test_preferences_page_stores_language_and_time_zone(client, trainer_a):
    client.force_login(trainer_a)
    page = client.get(reverse("account-preferences")).content.decode()
    # The default names the centre's zone (a Malaysian centre: Kuala Lumpur).
    assert "Asia/Kuala_Lumpur" in page
    response = client.post(
        reverse("account-preferences"), {"language": "vi", "time_zone": "Asia/Ho_Chi_Minh"}
    )
    assert response.status_code == 302
    preferences = UserPreference.objects.get(user=trainer_a)
    assert (preferences.language, preferences.time_zone) == ("vi", "Asia/Ho_Chi_Minh")
    page = client.get(response["Location"]).content.decode()
    assert "Đã lưu tùy chọn của bạn." in page


@pytest.mark.django_db
def test_preferences_refuse_an_unknown_time_zone_and_keep_what_was_stored(client, trainer_a):
    preferences_update(user=trainer_a, by=trainer_a, language="id", time_zone="Asia/Jakarta")
    client.force_login(trainer_a)
    response = client.post(
        reverse("account-preferences"), {"language": "th", "time_zone": "Mars/Olympus"}
    )
    assert response.status_code == 200
    assert "Mars/Olympus" in response.content.decode()  # named in the error
    preferences = UserPreference.objects.get(user=trainer_a)
    assert (preferences.language, preferences.time_zone) == ("id", "Asia/Jakarta")


@pytest.mark.django_db
def test_preferences_need_a_signed_in_member(client):
    response = client.get(reverse("account-preferences"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_only_the_member_or_the_network_admin_changes_preferences(
    trainer_a, trainer_b, network_admin
):
    from courses.exceptions import DomainError

    with pytest.raises(DomainError):
        preferences_update(user=trainer_a, by=trainer_b, language="vi")
    assert not UserPreference.objects.filter(user=trainer_a).exists()
    preferences_update(user=trainer_a, by=network_admin, language="vi")
    assert UserPreference.objects.get(user=trainer_a).language == "vi"


@pytest.mark.django_db
def test_service_refuses_a_language_the_site_does_not_serve(trainer_a):
    from courses.exceptions import DomainError

    with pytest.raises(DomainError) as refused:
        preferences_update(user=trainer_a, by=trainer_a, language="fr")
    assert refused.value.field == "language"


def test_every_asean_country_has_a_default_time_zone():
    from courses.models import ASEAN_MEMBER_STATES
    from courses.models.centres import COUNTRY_TIME_ZONES

    assert set(COUNTRY_TIME_ZONES) == set(ASEAN_MEMBER_STATES)
    for zone in COUNTRY_TIME_ZONES.values():
        zoneinfo.ZoneInfo(zone)


@pytest.mark.django_db
def test_a_centre_time_zone_defaults_to_its_country_and_can_be_set(centre_b):
    assert centre_b.effective_time_zone == "Asia/Bangkok"
    centre_b.time_zone = "Asia/Jayapura"
    assert centre_b.effective_time_zone == "Asia/Jayapura"


# --- Times in the viewer's zone, dates in the language's format -------------------------------


@pytest.fixture
def seat_request(centre_a, trainer_b):
    course = make_course(centre_a, title="Protection of Civilians")
    offering = make_offering(course)
    seat_request = make_seat_request(offering, by=trainer_b)
    # Sent at 02:30 UTC: 09:30 in Bangkok, 10:30 in Kuala Lumpur.
    sent = datetime.datetime(2026, 3, 2, 2, 30, tzinfo=datetime.UTC)
    SeatRequest.objects.filter(pk=seat_request.pk).update(created_at=sent)
    return seat_request


@pytest.mark.django_db
def test_times_are_shown_in_the_members_zone_and_the_page_names_it(client, seat_request, trainer_a):
    client.force_login(trainer_a)  # Malaysia: the centre's zone
    page = client.get(seat_request.get_absolute_url()).content.decode()
    assert "2 Mar 2026, 10:30" in page
    assert "Asia/Kuala_Lumpur" in page
    preferences_update(user=trainer_a, by=trainer_a, time_zone="Asia/Bangkok")
    client.force_login(trainer_a)  # a new session reads the stored preferences
    page = client.get(seat_request.get_absolute_url()).content.decode()
    assert "2 Mar 2026, 09:30" in page
    assert "Asia/Bangkok" in page


@pytest.mark.django_db
def test_visitors_see_the_sites_zone_named_on_every_page(client):
    page = client.get("/").content.decode()
    assert f"Times are shown in the {settings.TIME_ZONE} time zone." in page


@pytest.mark.django_db
def test_dates_follow_the_active_languages_format(client, centre_a):
    course = make_course(centre_a)
    offering = make_offering(course)
    deadline = offering.application_deadline
    vi = client.get(course.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert deadline.strftime("%d/%m/%Y") in vi
    en = client.get(course.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{deadline.day} {deadline:%b %Y}" in en


# --- Every page type in every language ---------------------------------------------------------


@pytest.fixture
def world(centre_a, centre_b, trainer_a, trainer_b, reference_data):
    """One of each thing a page shows, with names that are content, not interface."""
    course = make_course(centre_a, title="Protection of Civilians", summary="POC for staff.")
    offering = make_offering(course)
    seat_request = make_seat_request(offering, by=trainer_b, message="Two officers.")
    resource = make_resource(centre_a, by=trainer_a, title="POC handbook")
    offer = make_instructor(centre_a, title="MTT Protection of Civilians", kind="team")
    loan = ask(offer, trainer_b, city="Lop Buri", purpose="POC for staff.")
    return {
        "course": course,
        "offering": offering,
        "request": seat_request,
        "resource": resource,
        "offer": offer,
        "loan": loan,
    }


def _pages(world) -> list[tuple[str, str]]:
    """(who, path) of each page type: visitors' pages and a member's pages."""
    course, offering = world["course"], world["offering"]
    return [
        ("visitor", "/"),
        ("visitor", reverse("course-list")),
        ("visitor", reverse("course-list") + "?theme=protection-of-civilians"),
        ("visitor", course.get_absolute_url()),
        ("visitor", reverse("centre-list")),
        ("visitor", course.centre.get_absolute_url()),
        ("visitor", reverse("calendar") + f"?month={offering.start_date:%Y-%m}"),
        ("visitor", reverse("login")),
        ("visitor", "/no-such-page/"),
        ("visitor", reverse("certificate-lookup")),
        ("visitor", reverse("certificate-verify", args=["APCN-0000-0000-0000-0000"])),
        ("host", reverse("resource-list")),
        ("host", world["resource"].get_absolute_url()),
        ("host", reverse("request-list")),
        ("host", world["request"].get_absolute_url()),
        ("host", reverse("course-edit", args=[course.slug])),
        ("host", reverse("offering-edit", args=[offering.pk])),
        ("host", reverse("account-preferences")),
        ("host", reverse("account-tokens")),
        ("host", reverse("offering-participants", args=[offering.pk])),
        ("host", reverse("reports") + f"?year={offering.start_date.year}"),
        ("requester", reverse("offering-request", args=[offering.pk])),
        ("visitor", reverse("instructor-list")),
        ("visitor", world["offer"].get_absolute_url()),
        ("host", world["offer"].get_absolute_url()),
        ("host", reverse("instructor-edit", args=[world["offer"].pk])),
        ("host", world["loan"].get_absolute_url()),
        ("host", reverse("instructor-calendar") + f"?month={world['loan'].start_date:%Y-%m}"),
        ("requester", reverse("instructor-request", args=[world["offer"].pk])),
    ]


# IANA time zone names (Asia/Bangkok, America/Indiana/Tell_City, Japan) are identifiers.
TIME_ZONE_OPTION = re.compile(r"<option value=\"[^\"]*\">[A-Za-z_/+-]+</option>")


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = TIME_ZONE_OPTION.sub(" ", html)
    attributes = " ".join(m.group(2) for m in READ_ATTRIBUTES.finditer(html))
    text = re.sub(r"<[^>]+>", " ", html)
    return unescape(f"{text} {attributes}")


def _content_strings(world, users) -> list[str]:
    """What the pages show that is content (names, titles, messages), not interface."""
    course, offering = world["course"], world["offering"]
    strings = [
        course.title, course.summary, course.slug, offering.city, world["resource"].title,
        world["request"].message, world["request"].participant_profile,
        "lesson-plan.pdf", "PDF", "MB", "KB", "Asia/Kuala_Lumpur", "Asia/Bangkok",
    ]  # fmt: skip
    offer = world["offer"]
    strings += [
        offer.title, offer.summary, offer.ranks, offer.person_name, offer.person_rank, offer.bio,
        offer.contact_email, world["loan"].city, world["loan"].purpose,
    ]  # fmt: skip
    for centre in (course.centre, world["request"].requesting_centre):
        strings += [centre.name, centre.short_name, centre.city, centre.contact_email]
    for user in users:
        strings += [user.username, user.email]
    # Language names in the menu are each in their own language, whatever the page's.
    strings += ["English", "Bahasa Indonesia", "Tiếng Việt"]
    return sorted(strings, key=len, reverse=True)


def _interface_words() -> set[str]:
    """The English words of the interface: every word of every marked string."""
    words = set()
    for entry in _catalog("vi"):
        for text in (entry.msgid, entry.msgid_plural or ""):
            text = re.sub(r"<[^>]+>|%\([a-z_]+\)[sd]", " ", text, flags=re.I)
            words |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}
    return words


@pytest.mark.django_db
@pytest.mark.parametrize("language", TRANSLATED)
def test_every_page_type_renders_in_the_language_without_an_english_word_left(
    language, world, trainer_a, trainer_b
):
    interface = _interface_words()
    # Words the translation itself uses (e.g. "Video", "Admin", "Indonesia", "Email" in id).
    translated_words = set()
    for entry in _catalog(language):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            translated_words |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text or "")}
    content = _content_strings(world, [trainer_a, trainer_b])
    clients = {"visitor": Client(), "host": Client(), "requester": Client()}
    clients["host"].force_login(trainer_a)
    clients["requester"].force_login(trainer_b)
    leftovers = {}
    for who, path in _pages(world):
        response = clients[who].get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code in (200, 404), (path, response.status_code)
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, path
        text = _visible_text(html)
        for piece in content:
            text = text.replace(piece, " ")
        english = {
            word
            for word in re.findall(r"[A-Za-z]{3,}", text)
            if word.lower() in interface and word.lower() not in translated_words
        }
        if english:
            leftovers[path] = sorted(english)
    assert not leftovers, f"English left on {language} pages: {leftovers}"


# --- E-mails in the recipient's language -------------------------------------------------------


@pytest.mark.django_db
def test_each_recipient_gets_the_mail_in_their_language(
    centre_a, trainer_a, admin_a, trainer_b, deliver_outbox
):
    preferences_update(user=trainer_a, by=trainer_a, language="vi")
    preferences_update(user=admin_a, by=admin_a, language="th")
    course = make_course(centre_a, title="Protection of Civilians")
    offering = make_offering(course)
    make_seat_request(offering, by=trainer_b, seats_requested=3)
    deliver_outbox()
    by_recipient = {address: message for message in mail.outbox for address in message.to}
    assert set(by_recipient) == {trainer_a.email, admin_a.email, centre_a.contact_email}
    vi, th, en = (by_recipient[a] for a in (trainer_a.email, admin_a.email, centre_a.contact_email))
    assert vi.subject.startswith("[APCN] Yêu cầu suất học từ BPOC: 3 suất")
    assert "Phê duyệt, đưa vào danh sách chờ hoặc từ chối tại đây" in vi.body
    assert th.subject.startswith("[APCN] คำขอที่นั่งจาก BPOC: 3 ที่นั่ง")
    assert "อนุมัติ ใส่รายชื่อสำรอง หรือปฏิเสธได้ที่นี่" in th.body
    # The centre's shared mailbox has no one language: the site's.
    assert en.subject.startswith("[APCN] Seat request from BPOC: 3 seats")
    # Dates in each mail follow its language.
    start = offering.start_date
    assert start.strftime("%d/%m/%Y") in vi.body
    assert f"{start.day} {start:%b %Y}" in en.body


@pytest.mark.django_db
def test_the_answer_reaches_the_requester_in_their_language(
    centre_a, trainer_a, trainer_b, deliver_outbox
):
    from courses.services import seat_request_approve

    preferences_update(user=trainer_b, by=trainer_b, language="id")
    offering = make_offering(make_course(centre_a, title="Protection of Civilians"))
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=2)
    deliver_outbox()
    mail.outbox.clear()
    seat_request_approve(seat_request=seat_request, by=trainer_a, seats_approved=1)
    deliver_outbox()
    (to_member,) = [m for m in mail.outbox if trainer_b.email in m.to]
    assert to_member.subject.startswith("[APCN] Permintaan kursi disetujui")
    assert "menyetujui 1 dari 2 kursi" in to_member.body


@pytest.mark.django_db
def test_mail_composition_leaves_the_request_language_alone(
    client, centre_a, trainer_a, trainer_b, deliver_outbox
):
    # The host reads Thai mail; the requester's own page, in Vietnamese, must stay Vietnamese.
    preferences_update(user=trainer_a, by=trainer_a, language="th")
    offering = make_offering(make_course(centre_a))
    client.force_login(trainer_b)
    response = client.post(
        reverse("offering-request", args=[offering.pk]),
        {"seats_requested": 1, "women_nominated": 0},
        HTTP_ACCEPT_LANGUAGE="vi",
        follow=True,
    )
    deliver_outbox()
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "Yêu cầu 1 suất của bạn đã được gửi đến APC." in page
    assert any(m.subject.startswith("[APCN] คำขอที่นั่งจาก") for m in mail.outbox)
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE


@pytest.mark.django_db
def test_the_cached_catalog_is_kept_per_language(client, centre_a):
    make_offering(make_course(centre_a, title="Protection of Civilians"))
    english = client.get(reverse("course-list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Apply filters" in english
    # Same query, same moment: the cached body of the English page must not answer.
    thai = client.get(reverse("course-list"), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "ใช้ตัวกรอง" in thai
    assert "Apply filters" not in thai


@pytest.mark.django_db
def test_a_centre_admin_sets_the_centres_time_zone(centre_a, admin_a):
    from courses.exceptions import DomainError
    from courses.services import centre_save

    centre_save(centre=centre_a, by=admin_a, time_zone="Asia/Kuching")
    centre_a.refresh_from_db()
    assert centre_a.effective_time_zone == "Asia/Kuching"
    with pytest.raises(DomainError):
        centre_save(centre=centre_a, by=admin_a, time_zone="Asia/Nowhere")
    centre_a.refresh_from_db()
    assert centre_a.time_zone == "Asia/Kuching"
