from django.urls import path

from .views import (
    account,
    calendar,
    catalog,
    centres,
    exchange,
    general,
    library,
    participants,
    posting,
    reports,
    tokens,
)

urlpatterns = [
    path("", general.home, name="home"),
    path("healthz", general.healthz, name="healthz"),
    path("account/preferences/", account.preferences_view, name="account-preferences"),
    path("courses/new/", posting.course_create_view, name="course-create"),
    path("courses/<slug:slug>/edit/", posting.course_edit_view, name="course-edit"),
    path(
        "courses/<slug:slug>/offerings/new/",
        posting.offering_create_view,
        name="offering-create",
    ),
    path("offerings/<int:pk>/edit/", posting.offering_edit_view, name="offering-edit"),
    path("offerings/<int:pk>/request/", exchange.offering_request_view, name="offering-request"),
    path("offerings/<int:pk>/quotas/", exchange.offering_quotas_view, name="offering-quotas"),
    path("requests/", exchange.request_list_view, name="request-list"),
    path("requests/<int:pk>/", exchange.request_detail_view, name="request-detail"),
    # Named participants (personal data: the two centres and the network admin only)
    path(
        "requests/<int:pk>/participants/",
        participants.request_participants_view,
        name="request-participants",
    ),
    path(
        "offerings/<int:pk>/participants/",
        participants.offering_roll_view,
        name="offering-participants",
    ),
    path(
        "offerings/<int:pk>/participants.csv",
        participants.offering_roll_csv,
        name="offering-participants-csv",
    ),
    path("courses/", catalog.CourseListView.as_view(), name="course-list"),
    path("courses/<slug:slug>/", catalog.course_detail, name="course-detail"),
    path("courses/<slug:slug>/un-evidence/", catalog.course_un_evidence, name="course-un-evidence"),
    path("centres/", centres.centre_list, name="centre-list"),
    path("centres/<slug:slug>/", centres.centre_detail, name="centre-detail"),
    # The resource library
    path("resources/", library.resource_list, name="resource-list"),
    path("resources/new/", library.resource_create, name="resource-create"),
    path("resources/<int:pk>/", library.resource_detail, name="resource-detail"),
    path("resources/<int:pk>/edit/", library.resource_edit, name="resource-edit"),
    path(
        "resources/<int:pk>/new-version/",
        library.resource_new_version,
        name="resource-new-version",
    ),
    path("resources/<int:pk>/archive/", library.resource_archive, name="resource-archive"),
    path("resources/<int:pk>/download/", library.resource_download, name="resource-download"),
    path(
        "resources/<int:pk>/request-access/",
        library.resource_request_access,
        name="resource-request-access",
    ),
    path(
        "requests/access/<int:pk>/",
        library.access_request_detail,
        name="access-request-detail",
    ),
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar.ics", calendar.calendar_feed, name="calendar-feed"),
    path("centres/<slug:slug>/calendar.ics", calendar.centre_feed, name="centre-feed"),
    path("courses/export.csv", calendar.course_export, name="course-export"),
    path("reports/", reports.report, name="reports"),
    path("reports/<slug:table>.csv", reports.report_csv, name="report-csv"),
    # Personal API tokens (the API itself is under /api/v1/, apcn/urls.py)
    path("account/tokens/", tokens.token_list, name="account-tokens"),
    path("account/tokens/<int:pk>/revoke/", tokens.token_revoke, name="account-token-revoke"),
]
