"""The Django admin of the catalog, scoped per centre (see `scoping.py`)."""

from . import api, catalog, centres, exchange, library, outbox, un, users

__all__ = ["api", "catalog", "centres", "exchange", "library", "outbox", "un", "users"]
