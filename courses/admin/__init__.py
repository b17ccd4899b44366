"""The Django admin of the catalog, scoped per centre (see `scoping.py`)."""

from . import catalog, centres, exchange, library, outbox, users

__all__ = ["catalog", "centres", "exchange", "library", "outbox", "users"]
