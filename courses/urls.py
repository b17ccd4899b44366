from django.urls import path

from .views import (
    account,
    calendar,
    catalog,
    centres,
    certificates,
    evaluations,
    exchange,
    general,
    instructors,
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
    # After the course: evaluations (a private link, no account) and after-action reports
    path("evaluations/<str:token>/", evaluations.evaluation_view, name="evaluation"),
    path(
        "offerings/<int:pk>/evaluations/",
        evaluations.offering_evaluations_view,
        name="offering-evaluations",
    ),
    path(
        "offerings/<int:pk>/after-action/",
        evaluations.after_action_edit_view,
        name="after-action-edit",
    ),
    path(
        "offerings/<int:pk>/after-action/file/",
        evaluations.after_action_file_view,
        name="after-action-file",
    ),
    # Certificates of completion: anyone checks a code; the two centres download the PDF
    path("certificates/", certificates.certificate_lookup_view, name="certificate-lookup"),
    path(
        "certificates/<str:code>/",
        certificates.certificate_verify_view,
        name="certificate-verify",
    ),
    path(
        "certificates/<str:code>/pdf/",
        certificates.certificate_pdf_view,
        name="certificate-pdf",
    ),
    path(
        "certificates/<str:code>/revoke/",
        certificates.certificate_revoke_view,
        name="certificate-revoke",
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
    # The instructor and mobile training team exchange
    path("instructors/", instructors.instructor_list, name="instructor-list"),
    path("instructors/new/", instructors.instructor_create, name="instructor-create"),
    path("instructors/calendar/", instructors.instructor_calendar, name="instructor-calendar"),
    path("instructors/<int:pk>/", instructors.instructor_detail, name="instructor-detail"),
    path("instructors/<int:pk>/edit/", instructors.instructor_edit, name="instructor-edit"),
    path(
        "instructors/<int:pk>/archive/",
        instructors.instructor_archive_view,
        name="instructor-archive",
    ),
    path(
        "instructors/<int:pk>/request/",
        instructors.instructor_request_view,
        name="instructor-request",
    ),
    path(
        "requests/instructors/<int:pk>/",
        instructors.instructor_request_detail,
        name="instructor-request-detail",
    ),
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar.ics", calendar.calendar_feed, name="calendar-feed"),
    path("centres/<slug:slug>/calendar.ics", calendar.centre_feed, name="centre-feed"),
    path("courses/export.csv", calendar.course_export, name="course-export"),
    path("reports/", reports.report, name="reports"),
    # Before the report's CSVs, whose pattern would take "ledger" for a table
    path("reports/ledger/", reports.ledger_view, name="ledger"),
    path("reports/ledger.csv", reports.ledger_csv, name="ledger-csv"),
    path("reports/evaluations/", evaluations.network_evaluations_view, name="network-evaluations"),
    path("reports/<slug:table>.csv", reports.report_csv, name="report-csv"),
    # Personal API tokens (the API itself is under /api/v1/, apcn/urls.py)
    path("account/tokens/", tokens.token_list, name="account-tokens"),
    path("account/tokens/<int:pk>/revoke/", tokens.token_revoke, name="account-token-revoke"),
]
