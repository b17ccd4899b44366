"""`/account/tokens/`: a member's personal API tokens — create (the key is shown once), revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ..exceptions import DomainError
from ..permissions import api_tokens_of, may_create_api_token
from ..services.tokens import api_token_create, api_token_revoke


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy(
            "What the token is for, e.g. “Centre website” or “EU training system”."
        ),
        error_messages={"required": gettext_lazy("Give the token a name.")},
    )

    def add_domain_error(self, error: DomainError) -> None:
        for field, messages_ in error.errors.items():
            for message in messages_:
                self.add_error(field if field in self.fields else None, message)


@never_cache  # the page that shows a new key must never be kept by a browser or a proxy
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    if not may_create_api_token(request.user):
        raise Http404
    form = ApiTokenForm(request.POST or None)
    new_key = None
    new_token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                new_token, new_key = api_token_create(
                    by=request.user, name=form.cleaned_data["name"]
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                form = ApiTokenForm()
        if new_key is None:
            status = 400
    context = {
        "form": form,
        "tokens": list(api_tokens_of(request.user)),
        "new_key": new_key,
        "new_token": new_token,
    }
    # The key is shown in this answer only (not kept in the session for a redirect): the
    # database holds its hash, so the member copies it now or creates another.
    return render(request, "courses/account/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(api_tokens_of(request.user), pk=pk)
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
