"""The Django admin of the catalog, scoped per centre (see `scoping.py`)."""

from . import api, catalog, centres, exchange, instructors, library, outbox, users

__all__ = ["api", "catalog", "centres", "exchange", "instructors", "library", "outbox", "users"]
