"""`/account/tokens/`: a member's personal API tokens — create (the key is shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ..exceptions import DomainError
from ..forms import ApiTokenForm
from ..models import ApiToken
from ..permissions import api_tokens_of, may_create_api_token, may_revoke_api_token
from ..services.tokens import api_token_create, api_token_revoke
from .decorators import permission_required_for


@never_cache  # the page that shows a new key must never be kept by a browser or a proxy
@permission_required_for(may_create_api_token)
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token, new_key = None, None
    if request.method == "POST" and form.is_valid():
        try:
            new_token, new_key = api_token_create(by=request.user, name=form.cleaned_data["name"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            form = ApiTokenForm()
    context = {
        "form": form,
        "tokens": list(api_tokens_of(request.user)),
        "new_key": new_key,
        "new_token": new_token,
    }
    status = 400 if request.method == "POST" and new_key is None else 200
    # The key is shown in this answer only (not kept in the session for a redirect): the
    # database holds its hash, so the member copies it now or creates another.
    return render(request, "courses/account/tokens.html", context, status=status)


@permission_required_for(may_revoke_api_token, lookup=api_tokens_of, as_arg="token")
@require_POST
def token_revoke(request: HttpRequest, token: ApiToken) -> HttpResponse:
    try:
        api_token_revoke(token=token, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The token “%(name)s” is revoked: requests with its key are refused from now on.")
            % {"name": token.name},
        )
    return redirect("account-tokens")
