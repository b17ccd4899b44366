from django.urls import path

from .views import catalog, centres, general

urlpatterns = [
    path("", general.home, name="home"),
    path("healthz", general.healthz, name="healthz"),
    path("courses/", catalog.CourseListView.as_view(), name="course-list"),
    path("courses/<slug:slug>/", catalog.course_detail, name="course-detail"),
    path("centres/", centres.centre_list, name="centre-list"),
    path("centres/<slug:slug>/", centres.centre_detail, name="centre-detail"),
]
