"""Log-in and password reset: Django's views with the limits a public site needs."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from .. import throttle
from ..forms import LoginForm


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link, at most a few times an hour per e-mail address and per client.

    Every post counts, whether or not an account has that address, and the refusal reads the
    same either way: the page never tells who has an account. Without the limit anyone could
    fill a colleague's mailbox (or the mail server's quota) with reset mails.
    """

    template_name = "registration/password_reset_form.html"
    throttled_message = _(
        "Too many password reset requests for this address or from your network. No e-mail "
        "was sent. Please wait an hour and try again, or ask your centre admin or the APCN "
        "secretariat for help."
    )

    def form_valid(self, form) -> HttpResponse:
        window = settings.PASSWORD_RESET_WINDOW_SECONDS
        email = form.cleaned_data["email"].strip().casefold()
        client = get_client_ip_address(self.request) or "unknown"
        per_email = settings.PASSWORD_RESET_LIMIT_PER_EMAIL
        per_client = settings.PASSWORD_RESET_LIMIT_PER_CLIENT
        allowed = throttle.would_allow(
            "password-reset-email", email, limit=per_email
        ) and throttle.would_allow("password-reset-client", client, limit=per_client)
        if allowed:
            allowed = throttle.hit(
                "password-reset-email", email, limit=per_email, window_seconds=window
            ) and throttle.hit(
                "password-reset-client", client, limit=per_client, window_seconds=window
            )
        if not allowed:
            form.add_error(None, self.throttled_message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
