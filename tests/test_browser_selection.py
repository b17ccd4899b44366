"""`-m "not browser"` leaves the browser journeys out, and `-m browser` picks only them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _collect(marker: str) -> list[str]:
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            marker,
            "tests/browser",
            "tests/test_general.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
    assert result.returncode in (0, 5), result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if "::" in line]


def test_not_browser_deselects_every_journey():
    chosen = _collect("not browser")
    assert chosen, "the ordinary tests must still be collected"
    assert not [node for node in chosen if node.startswith("tests/browser/")]


def test_browser_selects_only_the_journeys():
    chosen = _collect("browser")
    assert any(node.startswith("tests/browser/test_journeys.py::") for node in chosen)
    assert all(node.startswith("tests/browser/") for node in chosen)
