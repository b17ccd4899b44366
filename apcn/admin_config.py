"""The admin app with the catalog's admin site (see apcn/admin_site.py)."""

from django.contrib.admin.apps import AdminConfig


class CatalogAdminConfig(AdminConfig):
    default_site = "apcn.admin_site.CatalogAdminSite"
