"""WSGI entry point: `gunicorn apcn.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apcn.settings")

application = get_wsgi_application()
