"""WSGI entry point: `gunicorn apcn.wsgi` (`gunicorn.conf.py` warms each worker with `warm_up`)."""

from __future__ import annotations

import io
import logging
import os
import sys
import time
from collections.abc import Callable

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apcn.settings")

application = get_wsgi_application()

logger = logging.getLogger(__name__)

# The pages a new worker answers for itself before its first visitor, in every language.
WARM_UP_PAGES = ("/", "/courses/", "/courses/?q=peacekeeping")


def warm_up(
    *, seconds: float = 10.0, alive: Callable[[], object] = lambda: None
) -> list[tuple[str, str, int]]:
    """Answer `WARM_UP_PAGES` in each language inside this process, the answers thrown away,
    and return (path, language, status) for each. `alive` is called after each page (gunicorn's
    `worker.notify`, so that the arbiter does not take a warming worker for a stuck one), and
    no page is begun after `seconds`.

    A new process loads much of the app on its first requests (the URLs, the templates, the
    translations, modules imported late): done here, before the worker takes visitors, a
    visitor's first page is not the one that pays for it, and what was loaded can be frozen out
    of the garbage collector's sight with the rest (`gunicorn.conf.py`). A page that fails (the
    database not up yet) ends the warming, logged, and leaves the worker as it would have been."""
    from django.conf import settings

    host = next(
        (name.lstrip(".") for name in settings.ALLOWED_HOSTS if "*" not in name), "localhost"
    )
    base = {
        "REQUEST_METHOD": "GET",
        "SERVER_NAME": host,
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "https",
        "wsgi.errors": sys.stderr,
    }
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:
        base[proxy_header[0]] = proxy_header[1]
    answered = []
    deadline = time.monotonic() + seconds
    for language, _name in settings.LANGUAGES:
        for page in WARM_UP_PAGES:
            if time.monotonic() > deadline:  # a slow database: the visitors warm the rest
                logger.warning("Warming up stopped after %s seconds", seconds)
                return answered
            path, _, query = page.partition("?")
            environ = {
                **base,
                "PATH_INFO": path,
                "QUERY_STRING": query,
                "HTTP_ACCEPT_LANGUAGE": language,
                "wsgi.input": io.BytesIO(),
            }
            statuses: list[str] = []

            def start_response(status, headers, exc_info=None, statuses=statuses):
                statuses.append(status)

            try:
                body = application(environ, start_response)
                try:
                    b"".join(body)
                finally:
                    getattr(body, "close", lambda: None)()
            except Exception:  # the worker still starts; its first visitor pays as before
                logger.warning("Warming up with %s failed", page, exc_info=True)
                return answered
            status = int(statuses[0].split()[0])
            answered.append((page, language, status))
            alive()
            if status >= 500:  # the database not up, say: Django has logged why; not again
                logger.warning("Warming up stopped: %s answered %s", page, status)
                return answered
    return answered
