"""Demo part: `<centre-slug>-trainer` and `<centre-slug>-admin` for every centre, `secretariat`.

All sign in with the demo password (settings.DEMO_PASSWORD, from the environment). An account
that exists keeps its password unless the run asks for `reset_passwords`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

from ..models import CentreRole
from ..services import member_create, network_admin_create, user_set_password
from .centres import CENTRES

if TYPE_CHECKING:
    from . import SeedContext

SECRETARIAT_USERNAME = "secretariat"


def demo_usernames() -> list[str]:
    names = [SECRETARIAT_USERNAME]
    for centre in CENTRES:
        names += [f"{centre.slug}-trainer", f"{centre.slug}-admin"]
    # The partner institutions' accounts (created by courses.demo.partners) sign in alike.
    from .partners import PARTNER_USERNAMES

    return names + PARTNER_USERNAMES


def _email(first_name: str, last_name: str, domain: str) -> str:
    local = f"{first_name.split()[0]}.{last_name.replace(' ', '')}".lower()
    return f"{local}@{domain}"


def seed(context: SeedContext) -> None:
    existing = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=demo_usernames())
    }
    for centre in CENTRES:
        for role, (first_name, last_name) in (
            (CentreRole.TRAINER, centre.trainer),
            (CentreRole.CENTRE_ADMIN, centre.admin),
        ):
            suffix = "trainer" if role == CentreRole.TRAINER else "admin"
            username = f"{centre.slug}-{suffix}"
            if username in existing:
                continue
            member_create(
                centre=context.centre(centre.slug),
                username=username,
                role=role,
                email=_email(first_name, last_name, centre.domain),
                first_name=first_name,
                last_name=last_name,
                password_hash=context.password_hash,
            )
            context.count("trainer" if role == CentreRole.TRAINER else "centre admin")
    if SECRETARIAT_USERNAME not in existing:
        network_admin_create(
            username=SECRETARIAT_USERNAME,
            email="secretariat@apcn.example.org",
            first_name="Anan",
            last_name="Phromma",
            password_hash=context.password_hash,
        )
        context.count("network admin")
    if context.reset_passwords:
        for user in existing.values():
            user_set_password(user=user, password_hash=context.password_hash)
        if existing:
            context.count("password reset", len(existing))
