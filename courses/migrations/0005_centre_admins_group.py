"""The "Centre admins" group and the model permissions a centre admin needs in the admin.

Which rows those permissions reach is decided by the scoped admin (courses/admin/scoping.py):
the group says "may change courses", the scope says "only those of its own centre".
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Centre admins"

# (app label, model, actions). A centre admin decides seat requests through admin actions
# (change) but never creates or deletes them; themes, languages and memberships it only reads.
PERMISSIONS = [
    ("courses", "centre", ("view", "change")),
    ("courses", "membership", ("view",)),
    ("courses", "theme", ("view",)),
    ("courses", "language", ("view",)),
    ("courses", "course", ("view", "add", "change", "delete")),
    ("courses", "offering", ("view", "add", "change", "delete")),
    ("courses", "seatrequest", ("view", "change")),
    ("courses", "seatrequestevent", ("view",)),
    # The library: read in the admin, changed only by its actions (archive, grant, refuse).
    ("courses", "resource", ("view", "change")),
    ("courses", "resourceaccessrequest", ("view", "change")),
    ("courses", "resourceaccessrequestevent", ("view",)),
    ("courses", "resourceaccessgrant", ("view",)),
    ("courses", "resourcedownload", ("view",)),
    ("auth", "user", ("view", "add", "change")),
]


def create_group(apps, schema_editor):
    # Permissions are normally created after the whole migrate run (post_migrate); on a fresh
    # database they do not exist yet at this point, so create them now.
    for app_label in ("auth", "courses"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    wanted = []
    for app_label, model, actions in PERMISSIONS:
        for action in actions:
            wanted.append(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                )
            )
    group.permissions.add(*wanted)
    # Centre admins who exist already (e.g. demo accounts) join the group now.
    Membership = apps.get_model("courses", "Membership")
    admins = Membership.objects.filter(role="centre-admin").values_list("user_id", flat=True)
    group.user_set.add(*admins)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0004_admin"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
