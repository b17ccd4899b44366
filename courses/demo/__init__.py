"""Demo data: the real APCN centres, their demo accounts and a catalog of plausible courses.

`python manage.py seed_demo` calls `seed_all()`, which runs the parts of `PARTS` in order inside
one transaction. Each part is a function `seed(context: SeedContext) -> None` that

- writes only through `courses.services` (as the product does),
- is idempotent: what exists already is left exactly as it is, so a second run changes nothing,
- is deterministic: any randomness comes from `context.random(<stable key>)`, never per run,
- records what it created with `context.count("<singular noun>", n)` for the printed summary.

Adding a part is one line: write `courses/demo/<part>.py` with a `seed(context)` function and add
`("<label>", "courses.demo.<part>")` to `PARTS` below, after the parts it depends on (seat
requests need the catalog and the accounts; resources need the catalog). Look-ups a later part
needs: `context.centre("mpc")`, `context.trainer("mpc")`, `context.admin("mpc")`,
`context.today`; a demo course by its slug (`courses.demo.catalog.course_slug(...)`, e.g.
"protection-of-civilians-course"). A part is idempotent when it first looks for what it would
create (e.g. a seat request of that centre on that offering) and skips it when found.

Dates of offerings are relative to the day of the first run (a year back to 18 months ahead).
A later run on another day leaves existing courses and their offerings as they are; start from
an empty database (e.g. `make clean`) to get dates around today again.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import import_module
from typing import TextIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils import timezone

from ..models import Centre
from ..services.catalog import refresh_next_start_dates

# Fixed seed of every random choice the demo data makes: the same data on every machine.
SEED = 1325


@dataclass
class SeedContext:
    """What every part of the demo data shares: the day, the password and the tally."""

    today: datetime.date
    demo_password: str
    reset_passwords: bool = False
    stdout: TextIO | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def random(self, key: str) -> random.Random:
        """A generator seeded by `key`: a course keeps its data when other courses change."""
        return random.Random(f"{SEED}:{key}")

    def count(self, what: str, n: int = 1) -> None:
        """Tally `n` more of `what` (a singular noun: "course"; the summary adds the plural)."""
        self.counts[what] = self.counts.get(what, 0) + n

    def write(self, line: str) -> None:
        if self.stdout is not None:
            self.stdout.write(line + "\n")

    @cached_property
    def password_hash(self) -> str:
        # One hash for every demo account: hashing is deliberately slow, twenty of them are not.
        return make_password(self.demo_password)

    def centre(self, slug: str) -> Centre:
        return Centre.objects.get(slug=slug)

    def user(self, username: str) -> AbstractUser | None:
        return get_user_model().objects.filter(username=username).first()

    def trainer(self, centre_slug: str) -> AbstractUser | None:
        return self.user(f"{centre_slug}-trainer")

    def admin(self, centre_slug: str) -> AbstractUser | None:
        return self.user(f"{centre_slug}-admin")


Part = Callable[[SeedContext], None]

# The parts, in the order they run: (label in the summary, module with a `seed(context)`).
PARTS: list[tuple[str, str]] = [
    ("reference data", "courses.demo.reference"),
    ("centres", "courses.demo.centres"),
    ("accounts", "courses.demo.accounts"),
    ("catalog", "courses.demo.catalog"),
    ("partners and UN packages", "courses.demo.partners"),
    ("seat requests", "courses.demo.exchange"),
    ("participants", "courses.demo.participants"),
    ("last year's exchange", "courses.demo.history"),
    ("after last year's courses", "courses.demo.aftercourse"),
    ("resources", "courses.demo.library"),
    ("instructors", "courses.demo.instructors"),
    ("evaluations and after-action reports", "courses.demo.evaluations"),
]


def _tally(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def seed_all(
    *,
    stdout: TextIO | None = None,
    today: datetime.date | None = None,
    demo_password: str | None = None,
    reset_passwords: bool = False,
    parts: list[tuple[str, str]] | None = None,
) -> SeedContext:
    """Load the demo data (every part of `PARTS`, or `parts`) in one transaction.

    Idempotent: what exists is left as it is. `reset_passwords` gives existing demo accounts
    the demo password again. Prints one line per part to `stdout` and returns the tally.
    """
    context = SeedContext(
        today=today or timezone.localdate(),
        demo_password=demo_password or settings.DEMO_PASSWORD,
        reset_passwords=reset_passwords,
        stdout=stdout,
    )
    started = time.monotonic()
    with transaction.atomic():
        for label, module in parts if parts is not None else PARTS:
            before = dict(context.counts)
            part: Part = import_module(module).seed
            part(context)
            done = {
                what: n - before.get(what, 0)
                for what, n in context.counts.items()
                if n != before.get(what, 0)
            }
            summary = ", ".join(_tally(n, what) for what, n in done.items()) or "nothing new"
            context.write(f"  {label}: {summary}")
        # Parts write some offerings "as of" an earlier day; the catalog's order counts from
        # the real today, as the daily `refresh_next_offerings` does.
        refresh_next_start_dates()
    context.write(
        f"Demo data ready in {time.monotonic() - started:.1f}s "
        f"(offerings around {context.today:%d %b %Y})."
    )
    return context
