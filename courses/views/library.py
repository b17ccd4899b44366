"""The resource library: list, page, upload, edit, versions, downloads and access requests."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import workflow
from ..exceptions import DomainError
from ..filters import ResourceFilter
from ..forms import (
    AccessDecisionForm,
    AccessRequestForm,
    AccessWithdrawForm,
    NewVersionForm,
    ResourceForm,
)
from ..models import AccessRequestStatus, Course, Resource, ResourceAccessRequest
from ..permissions import (
    can_decide_access_request,
    can_edit_resource,
    can_list_resource,
    can_see_download_log,
    can_view_resource,
    can_withdraw_access_request,
    centre_of,
    editable_resources,
    listable_resources,
    may_upload_resources,
    requestable_resources,
    resource_visibility_q,
    sees_owner_side_of_access_request,
    viewable_courses,
    visible_access_requests,
    visible_resources,
)
from ..services import library as services
from .decorators import permission_required_for

DOWNLOAD_LOG_ROWS = 50


def _querystring_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_safe
def resource_list(request: HttpRequest) -> HttpResponse:
    # Listed: what the user may see, and for a member the other centres' centre-only resources
    # at listing level (see courses.permissions.resource_listing_q).
    resources = listable_resources(request.user).current().for_listing()
    filterset = ResourceFilter(
        request.GET or None,
        queryset=resources,
        readable_q=resource_visibility_q(request.user),
    )
    results = filterset.qs.order_by("-created_at", "-pk")
    page = Paginator(results, settings.RESOURCE_PAGE_SIZE).get_page(request.GET.get("page"))
    listed = list(page.object_list)
    seen_ids = set(
        visible_resources(request.user)
        .filter(pk__in=[r.pk for r in listed])
        .values_list("pk", flat=True)
    )
    for resource in listed:
        resource.may_view = resource.pk in seen_ids
    context = {
        "filter": filterset,
        "page": page,
        "resources": listed,
        "querystring": _querystring_without_page(request),
        "can_upload": may_upload_resources(request.user),
        "is_filtered": any(v for k, v in request.GET.items() if k != "page"),
    }
    return render(request, "courses/library/list.html", context)


def _listed_for_page(user: Any) -> QuerySet:
    return (
        listable_resources(user)
        .select_related(
            "owner_centre", "language", "uploaded_by", "replaces", "un_edition__package"
        )
        .with_newer_edition()
    )


@permission_required_for(
    can_list_resource, lookup=_listed_for_page, login=False, hidden_asks_login=True
)
@require_safe
def resource_detail(request: HttpRequest, resource: Resource) -> HttpResponse:
    if not can_view_resource(request.user, resource):
        # Another centre's centre-only resource: what the library lists of it, and the way to
        # ask for it; never its description or file.
        return render(
            request,
            "courses/library/listed.html",
            {"resource": resource, "pending": _pending_access_request(request, resource)},
        )
    versions = resource.version_history()
    # A version may have been shared more narrowly than this one: list only what the viewer
    # may open.
    visible_ids = set(
        visible_resources(request.user)
        .filter(pk__in=[v.pk for v in versions])
        .values_list("pk", flat=True)
    )
    history = [v for v in versions if v.pk in visible_ids]
    latest = history[0] if history and history[0].pk != resource.pk else None
    may_edit = can_edit_resource(request.user, resource)
    context: dict[str, Any] = {
        "resource": resource,
        "themes": resource.themes.all(),
        "related_courses": resource.related_courses.select_related("centre").filter(
            pk__in=_viewable_course_ids(request)
        ),
        "history": history if len(history) > 1 else [],
        "latest": latest,
        "may_edit": may_edit,
    }
    if can_see_download_log(request.user, resource):
        context["downloads"] = resource.downloads.select_related("user", "centre")[
            :DOWNLOAD_LOG_ROWS
        ]
        context["grants"] = resource.access_grants.select_related("centre")
        context["access_requests"] = resource.access_requests.for_listing()
    return render(request, "courses/library/detail.html", context)


def _viewable_course_ids(request: HttpRequest) -> QuerySet:
    return viewable_courses(request.user).values("pk")


@permission_required_for(may_upload_resources)
@require_http_methods(["GET", "POST"])
def resource_create(request: HttpRequest) -> HttpResponse:
    centre = centre_of(request.user)
    form = ResourceForm(request.POST or None, request.FILES or None, centre=centre)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            resource = services.resource_upload(
                centre=centre,
                by=request.user,
                title=data["title"],
                description=data["description"],
                kind=data["kind"],
                language=data["language"],
                themes=data["themes"],
                visibility=data["visibility"],
                file=data.get("file"),
                external_url=data.get("external_url") or "",
                version_label=data["version_label"],
                related_courses=data["related_courses"],
                un_edition=data.get("un_edition"),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, _("“%(title)s” is now in the library.") % {"title": resource.title}
            )
            return redirect(resource)
    return render(
        request,
        "courses/library/form.html",
        {"form": form, "centre": centre, "title": _("Share a resource")},
    )


@permission_required_for(can_edit_resource, lookup=editable_resources)
@require_http_methods(["GET", "POST"])
def resource_edit(request: HttpRequest, resource: Resource) -> HttpResponse:
    initial = {
        "title": resource.title,
        "description": resource.description,
        "kind": resource.kind,
        "themes": resource.themes.all(),
        "language": resource.language,
        "external_url": resource.external_url,
        "version_label": resource.version_label,
        "un_edition": resource.un_edition_id,
        "related_courses": resource.related_courses.all(),
        "visibility": resource.visibility,
    }
    form = ResourceForm(
        request.POST or None, initial=initial, centre=resource.owner_centre, resource=resource
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.resource_update(
                resource=resource,
                by=request.user,
                themes=data["themes"],
                related_courses=data["related_courses"],
                external_url=data.get("external_url") if resource.is_link else None,
                title=data["title"],
                description=data["description"],
                kind=data["kind"],
                language=data["language"],
                visibility=data["visibility"],
                version_label=data["version_label"],
                un_edition=data.get("un_edition"),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(resource)
    return render(
        request,
        "courses/library/form.html",
        {
            "form": form,
            "resource": resource,
            "centre": resource.owner_centre,
            "title": _("Edit “%(title)s”") % {"title": resource.title},
        },
    )


@permission_required_for(can_edit_resource, lookup=editable_resources)
@require_http_methods(["GET", "POST"])
def resource_new_version(request: HttpRequest, resource: Resource) -> HttpResponse:
    if resource.is_superseded:
        latest = resource.version_history()[0]
        messages.info(request, _("A newer version exists; add the next version to that one."))
        return redirect("resource-new-version", pk=latest.pk)
    form = NewVersionForm(
        request.POST or None, request.FILES or None, initial={"description": resource.description}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.resource_new_version(
                resource=resource,
                by=request.user,
                version_label=data["version_label"],
                file=data.get("file"),
                external_url=data.get("external_url") or "",
                description=data["description"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _(
                    "Version %(version)s is now the current one; the previous version stays in "
                    "the history."
                )
                % {"version": new.version_label},
            )
            return redirect(new)
    return render(request, "courses/library/new_version.html", {"form": form, "resource": resource})


@permission_required_for(can_edit_resource, lookup=editable_resources)
@require_POST
def resource_archive(request: HttpRequest, resource: Resource) -> HttpResponse:
    archive = request.POST.get("archived", "1") == "1"
    services.resource_archive(resource=resource, by=request.user, archived=archive)
    if archive:
        messages.success(request, _("The resource is archived: it has left the library."))
    else:
        messages.success(request, _("The resource is back in the library."))
    return redirect(resource)


# Visibility is checked on every download: a link shared outside the allowed centres, or kept
# after access was withdrawn, is a 404.
@permission_required_for(lookup=visible_resources, login=False, hidden_asks_login=True)
@require_safe
def resource_download(request: HttpRequest, resource: Resource) -> HttpResponse:
    if resource.is_link:
        return _link_page(request, resource)
    try:
        handle = resource.file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404("The file of this resource is missing.") from missing
    services.resource_download_record(resource=resource, user=request.user)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=resource.original_filename
        or f"resource-{resource.pk}.{resource.file_extension.lower()}",
        content_type=resource.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _link_page(request: HttpRequest, resource: Resource) -> HttpResponse:
    """An external link: a page naming the site the reader is about to leave for, with the link.

    Never a redirect: the download address of a link resource would otherwise send anyone who
    follows it (from an e-mail, say) straight to another site under the catalog's name. Only the
    address checked when the resource was saved is shown; nothing in the request changes it.
    """
    target = resource.external_url
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Http404("This link cannot be opened.")
    services.resource_download_record(resource=resource, user=request.user)
    context = {"resource": resource, "target": target, "host": parts.hostname}
    return render(request, "courses/library/leaving.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def resource_request_access(request: HttpRequest, pk: int) -> HttpResponse:
    visible = visible_resources(request.user).filter(pk=pk).first()
    if visible is not None:
        # Nothing to ask for: the viewer's centre sees it already.
        messages.info(request, _("Your centre already has access to this resource."))
        return redirect(visible)
    resource = get_object_or_404(
        requestable_resources(request.user).select_related("owner_centre"), pk=pk
    )
    pending = _pending_access_request(request, resource)
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            access_request = services.access_request_submit(
                resource=resource, by=request.user, message=form.cleaned_data["message"]
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _(
                    "Your request has been sent to %(centre)s. You will get an e-mail when they "
                    "answer."
                )
                % {"centre": resource.owner_centre.short_name},
            )
            return redirect(access_request)
    return render(
        request,
        "courses/library/request_access.html",
        {"form": form, "resource": resource, "pending": pending},
    )


def _pending_access_request(
    request: HttpRequest, resource: Resource
) -> ResourceAccessRequest | None:
    """The viewer's centre's pending request for `resource`, if it asked already."""
    return ResourceAccessRequest.objects.filter(
        resource=resource,
        requesting_centre=centre_of(request.user),
        status=AccessRequestStatus.PENDING,
    ).first()


@login_required
@require_http_methods(["GET", "POST"])
def access_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_object_or_404(
        visible_access_requests(request.user).for_listing().select_related("decided_by"), pk=pk
    )
    may_decide = access_request.is_pending and can_decide_access_request(
        request.user, access_request
    )
    may_withdraw = access_request.is_pending and can_withdraw_access_request(
        request.user, access_request
    )
    form = AccessDecisionForm()
    withdraw_form = AccessWithdrawForm()
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        # Withdrawing is the requesting centre's action; for the owner centre and the network
        # admin it does not exist, as for seat requests.
        if not can_withdraw_access_request(request.user, access_request):
            raise Http404("No such action for you on this request.")
        withdraw_form = AccessWithdrawForm(request.POST)
        if (
            withdraw_form.is_valid()
            and access_request.is_pending
            and not withdraw_form.cleaned_data["confirmed"]
        ):
            # Asked twice, on a page of its own that needs no JavaScript, whose prominent
            # button keeps the request (as for a seat request).
            return render(
                request,
                "courses/library/confirm_withdraw.html",
                {
                    "access_request": access_request,
                    "withdraw_form": withdraw_form,
                    "seen": _seen(request) or "",
                },
            )
        if withdraw_form.is_valid():
            try:
                services.access_request_withdraw(
                    access_request=access_request,
                    by=request.user,
                    note=withdraw_form.cleaned_data["note"],
                    seen=_seen(request),
                )
            except DomainError as error:
                # Answered or withdrawn meanwhile: the page shows what happened instead.
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Your request is withdrawn. %(centre)s is told by e-mail; your centre can "
                        "ask for this resource again later."
                    )
                    % {"centre": access_request.resource.owner_centre.short_name},
                )
            return redirect(access_request)
    elif request.method == "POST":
        form = AccessDecisionForm(request.POST)
        if not can_decide_access_request(request.user, access_request):
            messages.error(request, _("This request cannot be answered any more."))
            return redirect(access_request)
        # An answer on a request that was answered meanwhile goes to the service, which refuses
        # it and says what happened, by whom and when.
        if form.is_valid():
            decide = (
                services.access_request_grant
                if form.cleaned_data["action"] == "grant"
                else services.access_request_refuse
            )
            try:
                decide(
                    access_request=access_request,
                    by=request.user,
                    response=form.cleaned_data["response"],
                    seen=_seen(request),
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                message = (
                    _("Access granted. %(centre)s is told by e-mail.")
                    if form.cleaned_data["action"] == "grant"
                    else _("Access refused. %(centre)s is told by e-mail.")
                )
                messages.success(
                    request, message % {"centre": access_request.requesting_centre.short_name}
                )
            return redirect(access_request)
    resource_visible = (
        visible_resources(request.user).filter(pk=access_request.resource_id).exists()
    )
    return render(
        request,
        "courses/library/access_request_detail.html",
        {
            "access_request": access_request,
            "events": access_request.events.select_related("actor"),
            "may_decide": may_decide,
            "form": form,
            "may_withdraw": may_withdraw,
            "withdraw_form": withdraw_form,
            "resource_visible": resource_visible,
            "is_owner_side": sees_owner_side_of_access_request(request.user, access_request),
            "seen": workflow.access_requests().seen(access_request),
        },
    )


def _seen(request: HttpRequest) -> str | None:
    """The state of the request the deciding page showed (see courses.workflow)."""
    return request.POST.get("seen") or None


# Context helpers for pages built elsewhere (/requests/ and the course page) ----------------


def access_requests_context(user: Any) -> dict[str, Any]:
    """What `courses/library/_access_requests.html` shows: the member centre's incoming and
    outgoing resource access requests, newest first."""
    centre = centre_of(user)
    if centre is None:
        return {"access_requests_incoming": [], "access_requests_outgoing": []}
    requests = ResourceAccessRequest.objects.for_listing()
    return {
        "access_requests_incoming": list(requests.incoming_for(centre)),
        "access_requests_outgoing": list(requests.outgoing_for(centre)),
    }


def related_resources_context(user: Any, course: Course) -> dict[str, Any]:
    """What `courses/library/_related_resources.html` shows on a course page: the resources
    related to `course` that the viewer may see, and, for a member of another centre, the
    centre-only ones its centre may ask for (title and owner only)."""
    related = course.resources.current()
    visible = list(related.filter(resource_visibility_q(user)).for_listing())
    requestable = list(
        requestable_resources(user)
        .filter(related_courses=course)
        .exclude(pk__in=[r.pk for r in visible])
        .select_related("owner_centre")
    )
    return {"related_resources": visible, "requestable_resources": requestable}
