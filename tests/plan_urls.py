"""The project's URLs plus stand-ins for the catalog pages the training plan links to.

The course and centre pages belong to another part of the product; until they are routed,
these stand-ins let links to them resolve. Each one is added only when the real route is
missing, so once the catalog is merged the real pages answer.
"""

from django.http import HttpResponse
from django.urls import NoReverseMatch, path, reverse

from apcn.urls import urlpatterns as project_urlpatterns


def _missing(name: str, kwargs: dict | None = None) -> bool:
    try:
        reverse(name, urlconf="apcn.urls", kwargs=kwargs)
    except NoReverseMatch:
        return True
    return False


def _stand_in(request, **kwargs):
    return HttpResponse("stand-in")


urlpatterns = list(project_urlpatterns)
for _name, _route, _kwargs in [
    ("course-list", "courses/", None),
    ("course-detail", "courses/<slug:slug>/", {"slug": "x"}),
    ("centre-detail", "centres/<slug:slug>/", {"slug": "x"}),
]:
    if _missing(_name, _kwargs):
        urlpatterns.append(path(_route, _stand_in, name=_name))
