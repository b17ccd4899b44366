"""Django's and the third-party packages' strings in the network's languages: the project's second
catalog (locale_extra/, after locale/ in LOCALE_PATHS) supplies what their own catalogs lack in
Vietnamese, Thai and Indonesian: form and formset errors, the CSRF page, the admin's newer texts,
django.contrib.auth, and django-simple-history's history pages (no vi or th catalog at all)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django import forms
from django.forms import formset_factory
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
EXTRA = ROOT / "locale_extra"
TRANSLATED = ["vi", "id", "th"]
# %(name)s, %(num)d, %s, %d, %r; {name}, {}; an HTML tag.
PLACEHOLDER = re.compile(r"%\([a-zA-Z_]+\)[sdr]|%[sdr]|\{[a-zA-Z_]*\}|<[^>]+>")
# An entry that replaces a package's wrong translation instead of supplying a missing one.
REPLACED = {"vi": {"History"}}  # Django's vi admin says "Bản ghi nhớ" (a memo).


def _catalog(language: str) -> polib.POFile:
    return polib.pofile(str(EXTRA / language / "LC_MESSAGES" / "django.po"))


def _placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


# --- The catalogs -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_extra_catalog_is_complete_and_keeps_every_placeholder(language):
    catalog = _catalog(language)
    assert catalog.metadata["Language"] == language
    assert catalog.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert len(catalog) > 0
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}: {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:5]}"
    wrong = []
    for entry in catalog:
        if entry.msgid_plural:
            # One form (nplurals=1) serves every count: it says what the plural msgid says.
            wanted = _placeholders(entry.msgid_plural)
            texts = list(entry.msgstr_plural.values())
            assert len(texts) == 1, entry.msgid
        else:
            wanted = _placeholders(entry.msgid)
            texts = [entry.msgstr]
        wrong += [entry.msgid for text in texts if _placeholders(text) != wanted]
    assert not wrong, f"placeholders differ in {language}: {wrong[:5]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_extra_catalog_only_supplies_what_the_packages_lack(settings, language):
    # The extra catalog wins over the packages' catalogs: an entry they already translate would
    # silently replace their wording. With the packages' catalogs alone, each msgid is English.
    # (Our own catalog, locale/, may translate some of them too: it wins over both.)
    settings.LOCALE_PATHS = []
    replaced = []
    with translation.override(language):
        for entry in _catalog(language):
            if entry.msgid in REPLACED.get(language, set()):
                continue
            if entry.msgid_plural:
                shown = translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2)
                english = entry.msgid_plural
            elif entry.msgctxt:
                shown, english = translation.pgettext(entry.msgctxt, entry.msgid), entry.msgid
            else:
                shown, english = translation.gettext(entry.msgid), entry.msgid
            if shown != english:
                replaced.append(entry.msgid)
    assert not replaced, f"a package already translates these in {language}: {replaced[:5]}"


# --- As users meet them -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, expected",
    [("vi", "Không được phép có ký tự null."), ("th", "ไม่อนุญาตให้มีอักขระ null")],
    ids=["vi", "th"],
)
def test_a_form_field_rejecting_a_null_character_says_so_in_the_users_language(language, expected):
    with translation.override(language):
        assert translation.gettext("Null characters are not allowed.") == expected
        with pytest.raises(forms.ValidationError) as error:
            forms.CharField().clean("a\x00b")
        assert error.value.messages == [expected]


class _NameForm(forms.Form):
    name = forms.CharField(required=False)


@pytest.mark.parametrize(
    "language, expected",
    [("vi", "Vui lòng gửi tối đa 1 biểu mẫu."), ("th", "โปรดส่งแบบฟอร์มไม่เกิน 1 ชุด")],
    ids=["vi", "th"],
)
def test_a_formset_with_too_many_forms_says_so_in_the_users_language(language, expected):
    # Django 5.2's message is a plural msgid ("Please submit at most %(num)d form."), which
    # Django's own vi and th catalogs only have in an older wording.
    names = formset_factory(_NameForm, max_num=1, validate_max=True)
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1",
    }
    with translation.override(language):
        formset = names(data)
        assert not formset.is_valid()
        assert list(formset.non_form_errors()) == [expected]


@pytest.mark.django_db
def test_the_admin_index_and_a_filtered_list_speak_thai(client, network_admin):
    client.force_login(network_admin)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert '<html lang="th"' in page
    # The app list's column headers (read by screen readers).
    for english in ["Model name", "Add link", "Change or view list link"]:
        assert english not in page
    assert "ชื่อโมเดล" in page
    # A list with filters offers to show the number of rows behind each choice.
    page = client.get(
        reverse("admin:courses_centre_changelist"), HTTP_ACCEPT_LANGUAGE="th"
    ).content.decode()
    assert '<html lang="th"' in page
    assert "Show counts" not in page
    assert "แสดงจำนวน" in page
