from django.http import HttpRequest

from .permissions import membership_of


def membership(request: HttpRequest) -> dict:
    """The signed-in user's centre membership, for navigation and the home page."""
    return {"membership": membership_of(request.user)}
