from django.urls import path

from .views import exchange, general, posting

urlpatterns = [
    path("", general.home, name="home"),
    path("healthz", general.healthz, name="healthz"),
    path("courses/new/", posting.course_create_view, name="course-create"),
    path("courses/<slug:slug>/edit/", posting.course_edit_view, name="course-edit"),
    path(
        "courses/<slug:slug>/offerings/new/",
        posting.offering_create_view,
        name="offering-create",
    ),
    path("offerings/<int:pk>/edit/", posting.offering_edit_view, name="offering-edit"),
    path("offerings/<int:pk>/request/", exchange.offering_request_view, name="offering-request"),
    path("requests/", exchange.request_list_view, name="request-list"),
    path("requests/<int:pk>/", exchange.request_detail_view, name="request-detail"),
]
