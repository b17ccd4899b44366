#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands that read and write only the code (migrations, translations), never a database of
# record or a secret: when the environment says nothing, they run in the development settings,
# so that a fresh clone can check its migrations without a SECRET_KEY. Every other command
# runs as the environment says, and DEBUG is off when unset (production-safe).
CODE_ONLY_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "compile_catalogs"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apcn.settings")
    if len(sys.argv) > 1 and sys.argv[1] in CODE_ONLY_COMMANDS:
        os.environ.setdefault("DEBUG", "1")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # Django hides a settings error behind "Models aren't loaded yet"; say what is missing.
    try:
        settings.INSTALLED_APPS  # noqa: B018 - loads the settings
    except ImproperlyConfigured as error:
        sys.exit(f"{error}\nIn development, set DEBUG=1 (the Makefile's targets do).")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
