from django.urls import path

from .views import catalog, centres, general, library

urlpatterns = [
    path("", general.home, name="home"),
    path("healthz", general.healthz, name="healthz"),
    path("courses/", catalog.CourseListView.as_view(), name="course-list"),
    path("courses/<slug:slug>/", catalog.course_detail, name="course-detail"),
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
]
