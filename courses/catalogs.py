"""The compiled translation catalogs (locale/<lang>/LC_MESSAGES/django.mo), built from the .po
files by the project itself: `make run`, `make test` and the test suite call this, so a fresh
clone needs no gettext tools to show the site in Vietnamese, Indonesian or Thai."""

from __future__ import annotations

from pathlib import Path

import polib


def compile_catalogs(locale_dir: Path, *, force: bool = False) -> list[Path]:
    """Compile every django.po under `locale_dir` whose .mo is missing or older; return those
    compiled. Fuzzy entries are left out, as msgfmt does: a guess is not a translation."""
    compiled = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalog = polib.pofile(str(po_path))
        for entry in [e for e in catalog if e.fuzzy or e.obsolete]:
            catalog.remove(entry)
        catalog.save_as_mofile(str(mo_path))
        compiled.append(mo_path)
    return compiled
