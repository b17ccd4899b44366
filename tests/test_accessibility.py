"""What axe-core found, fixed on the server's side: error summaries that link to their fields
and take focus, labelled admin inputs, branded password pages, readable greys."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

from .factories import make_course, make_offering

ROOT = Path(__file__).resolve().parent.parent


def _ratio(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_muted_grey_reads_at_aa_on_the_page_and_panel_greys():
    css = (ROOT / "static/css/app.css").read_text()
    colours = dict(re.findall(r"--(grey-\d+):\s*(#[0-9a-f]{6})", css))
    assert _ratio(colours["grey-500"], colours["grey-100"]) >= 4.5
    assert _ratio(colours["grey-500"], colours["grey-200"]) >= 4.5


def test_a_form_error_summary_takes_focus_and_links_to_each_field(client, trainer_b, centre_a):
    offering = make_offering(make_course(centre_a))
    client.force_login(trainer_b)
    response = client.post(
        reverse("offering-request", args=[offering.pk]),
        {"seats_requested": "", "women_nominated": "0", "participant_profile": "", "message": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary"[^>]*>', html).group(0)
    assert 'tabindex="-1"' in summary and "autofocus" in summary and 'role="alert"' in summary
    assert 'href="#id_seats_requested"' in html
    assert 'id="id_seats_requested"' in html


def test_the_login_error_is_a_focused_summary_and_the_page_links_password_reset(client, db):
    response = client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    html = response.content.decode()
    assert 'class="error-summary"' in html and "autofocus" in html
    assert reverse("password_reset") in html


def test_the_admin_course_form_labels_every_inline_input_and_ticks_themes(
    client, admin_a, centre_a
):
    course = make_course(centre_a)
    make_offering(course)
    client.force_login(admin_a)
    html = client.get(reverse("admin:courses_course_change", args=[course.pk])).content.decode()
    for name in ("start_date", "end_date", "city", "country", "seats_total", "partner_seats"):
        tag = re.search(rf'<(input|select)[^>]*name="offerings-0-{name}"[^>]*>', html).group(0)
        assert 'aria-label="' in tag, tag
    assert 'aria-label="Country"' in html
    # Themes and languages: labelled checkboxes, not an unlabelled search box.
    assert re.search(r'<input type="checkbox" name="themes"', html)
    assert re.search(r'<input type="checkbox" name="languages"', html)
    # No style attribute on our own inputs: the Content-Security-Policy refuses them.
    assert not re.search(r'name="(title|summary|offerings-0-city)"[^>]*style=', html)
    assert "css/admin.css" in html


def test_password_change_is_a_page_of_the_site_not_of_the_admin(client, trainer_a):
    client.force_login(trainer_a)
    html = client.get(reverse("password_change")).content.decode()
    assert "Change your password" in html
    assert "Django administration" not in html
    assert "css/app.css" in html
    response = client.post(reverse("password_change"), {"old_password": "wrong"})
    assert 'href="#id_old_password"' in response.content.decode()
