from django.urls import path

from .views import calendar, general, reports

urlpatterns = [
    path("", general.home, name="home"),
    path("healthz", general.healthz, name="healthz"),
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar.ics", calendar.calendar_feed, name="calendar-feed"),
    path("centres/<slug:slug>/calendar.ics", calendar.centre_feed, name="centre-feed"),
    path("courses/export.csv", calendar.course_export, name="course-export"),
    path("reports/", reports.report, name="reports"),
    path("reports/<slug:table>.csv", reports.report_csv, name="report-csv"),
]
