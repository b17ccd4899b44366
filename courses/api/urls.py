"""`/api/v1/`: the REST API's paths (SPEC §5: a contract), its OpenAPI document and docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("centres", views.CentreViewSet, basename="centre")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("courses", views.CourseViewSet, basename="course")
router.register("offerings", views.OfferingViewSet, basename="offering")
router.register("resources", views.ResourceViewSet, basename="resource")
router.register("seat-requests", views.SeatRequestViewSet, basename="seatrequest")

urlpatterns = [
    path("", views.api_root, name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file of its own, so the docs page runs
    # under the site's Content-Security-Policy (no inline script).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/docs.html"),
        name="docs",
    ),
    path("", include(router.urls)),
    re_path(r"^.*$", views.not_found),
]
