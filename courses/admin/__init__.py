"""The Django admin of the catalog, scoped per centre (see `scoping.py`)."""

from . import api, catalog, centres, certificates, exchange, instructors, library, outbox, un, users

__all__ = [
    "api",
    "catalog",
    "centres",
    "certificates",
    "exchange",
    "instructors",
    "library",
    "outbox",
    "un",
    "users",
]
