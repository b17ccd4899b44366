"""Certificates of completion: anyone checks a code; the two centres and the network admin
download the PDF; the host revokes.

The public pages show what the certificate says (the holder handed out its code to have it
checked) and nothing else of the participant; they are never cached by a shared cache and ask
search engines not to index them. Guessing codes is throttled per client address (the real
one behind the proxies, as the login throttle reads it): only misses count, so checking a
genuine certificate never uses up a visitor's tries.
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from .. import throttle
from ..exceptions import DomainError
from ..forms import CertificateLookupForm, CertificateRevokeForm
from ..models import Certificate
from ..models.certificates import normalize_certificate_code
from ..pdf import render_certificate_pdf
from ..permissions import (
    downloadable_certificates,
    may_download_certificate,
    may_revoke_certificate,
    revocable_certificates,
)
from ..services import certificate_revoke
from .decorators import permission_required_for

THROTTLE_SCOPE = "certificate-lookup"


def _client(request: HttpRequest) -> str:
    return get_client_ip_address(request) or "unknown"


def _throttled(request: HttpRequest) -> HttpResponse | None:
    if throttle.would_allow(
        THROTTLE_SCOPE, _client(request), limit=settings.CERTIFICATE_LOOKUP_LIMIT_PER_CLIENT
    ):
        return None
    response = render(
        request,
        "certificates/lookup.html",
        {
            "form": CertificateLookupForm(),
            "throttled": _(
                "Too many certificate codes that do not exist were checked from your network. "
                "Please wait an hour and try again."
            ),
        },
        status=429,
    )
    response["Retry-After"] = str(settings.CERTIFICATE_LOOKUP_WINDOW_SECONDS)
    return response


def _count_miss(request: HttpRequest) -> None:
    throttle.hit(
        THROTTLE_SCOPE,
        _client(request),
        limit=settings.CERTIFICATE_LOOKUP_LIMIT_PER_CLIENT,
        window_seconds=settings.CERTIFICATE_LOOKUP_WINDOW_SECONDS,
    )


def _public(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_safe
def certificate_lookup_view(request: HttpRequest) -> HttpResponse:
    """`/certificates/`: "Check a certificate", a code typed by a visitor."""
    refused = _throttled(request)
    if refused:
        return refused
    form = CertificateLookupForm(request.GET or None)
    if form.is_valid():
        return redirect("certificate-verify", code=form.cleaned_data["code"])
    if form.is_bound:
        _count_miss(request)
    return _public(render(request, "certificates/lookup.html", {"form": form}))


@never_cache
@require_safe
def certificate_verify_view(request: HttpRequest, code: str) -> HttpResponse:
    """`/certificates/<code>/`: public; is this certificate genuine, valid or revoked?"""
    refused = _throttled(request)
    if refused:
        return refused
    normalized = normalize_certificate_code(code)
    certificate = (
        Certificate.objects.for_pages().filter(code=normalized).first() if normalized else None
    )
    if certificate is None:
        _count_miss(request)
        return _public(
            render(
                request,
                "certificates/not_found.html",
                {"form": CertificateLookupForm(initial={"code": code[:64]})},
                status=404,
            )
        )
    if certificate.code != code:
        # One address per certificate, whatever was typed.
        return redirect(certificate)
    context = {
        "certificate": certificate,
        "may_download": may_download_certificate(request.user, certificate),
        "may_revoke": not certificate.is_revoked
        and may_revoke_certificate(request.user, certificate),
    }
    return _public(render(request, "certificates/verify.html", context))


@never_cache
@require_safe
@permission_required_for(
    may_download_certificate,
    lookup=lambda user: downloadable_certificates(user).for_pages(),
    url_kwarg="code",
)
def certificate_pdf_view(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    """`/certificates/<code>/pdf/`: the PDF, in the language of the member downloading it."""
    response = HttpResponse(render_certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required_for(
    may_revoke_certificate,
    lookup=lambda user: revocable_certificates(user).for_pages(),
    url_kwarg="code",
)
def certificate_revoke_view(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    """`/certificates/<code>/revoke/`: the host confirms, with a reason, that it revokes."""
    form = CertificateRevokeForm(request.POST or None)
    refusal = _("This certificate has already been revoked.") if certificate.is_revoked else None
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            certificate_revoke(
                certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, _("The certificate %(code)s is revoked.") % {"code": certificate.code}
            )
            offering = certificate.participant.seat_request.offering
            return redirect(reverse("offering-participants", kwargs={"pk": offering.pk}))
    context = {"certificate": certificate, "form": form, "refusal": refusal}
    return render(request, "certificates/revoke.html", context)
