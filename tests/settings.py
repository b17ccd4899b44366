"""The settings the test suite runs under: the site's own, in development mode.

DEBUG is off when the environment does not say otherwise (production-safe); the suite needs the
development defaults (a local SECRET_KEY, localhost in ALLOWED_HOSTS, no HTTPS redirect), so it
turns DEBUG on before the settings are read. Django's test runner still runs each test with
DEBUG off, as production does; tests of production mode start their own process
(tests/test_deploy.py).
"""

import os

os.environ.setdefault("DEBUG", "1")

from apcn.settings import *  # noqa: F403
