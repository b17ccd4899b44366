import os

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from courses.views import accounts
from courses.views.account import set_language_view

admin.site.site_header = _("APCN Training Catalog — administration")
admin.site.site_title = _("APCN admin")
admin.site.index_title = _("Centre administration")
# The lists (courses, offerings, requests) need the width more than a second menu does.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before Django's own auth URLs, which they replace: a username length check on log-in and
    # a throttle on password reset mails.
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/password_reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    # /i18n/setlang/ (POST `language`, `next`): the language menu of every page. Ours first: it
    # also stores a signed-in member's choice, then hands over to Django's.
    path("i18n/setlang/", set_language_view, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("courses.api.urls")),
    path("", include("courses.urls")),
]
# Uploaded files are never served from a public media URL: every download goes through a view
# that checks who may see the file.

# The benchmark's baseline view (bench/run.py serves the app with APCN_BENCH=1); never routed
# otherwise.
if os.environ.get("APCN_BENCH") == "1":
    from bench.views import minimal

    urlpatterns += [path("bench/minimal", minimal)]
