"""The API's side of the admin: a centre's webhooks and their delivery log, scoped like the
rest (see `scoping.py`). Registering or changing a webhook goes through `webhook_save`."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ..models import Webhook, WebhookDelivery, WebhookEvent
from ..services.webhooks import webhook_save
from .scoping import CentreScopedAdminMixin


class WebhookForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )
    secret = forms.CharField(
        label=_("Secret"),
        required=False,
        # Never shown again once set: leave it empty to keep the one in force.
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "At least 16 characters, also given to the receiving system, which checks the "
            "X-APCN-Signature header (sha256=HMAC-SHA256 of the body). Leave empty to keep the "
            "current one."
        ),
    )

    class Meta:
        model = Webhook
        fields = ["centre", "url", "secret", "events", "is_active"]


@admin.register(Webhook)
class WebhookAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
    form = WebhookForm
    centre_path = "centre"
    list_display = ("url", "centre", "is_active", "created_at")
    list_filter = ("is_active",)

    def get_fields(self, request: HttpRequest, obj=None):
        fields = ["url", "secret", "events", "is_active"]
        return fields if self.is_scoped(request) else ["centre", *fields]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Switched off rather than deleted: its delivery log stays.
        return False

    def save_model(self, request, obj, form, change):
        centre = (
            self.own_centre(request) if self.is_scoped(request) else form.cleaned_data["centre"]
        )
        secret = form.cleaned_data.get("secret") or (
            Webhook.objects.get(pk=obj.pk).secret if change else ""
        )
        saved = webhook_save(
            webhook=Webhook.objects.get(pk=obj.pk) if change else None,
            centre=centre,
            by=request.user,
            url=form.cleaned_data["url"],
            secret=secret,
            events=form.cleaned_data["events"],
            is_active=form.cleaned_data["is_active"],
        )
        obj.pk = saved.pk
        obj._state.adding = False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
    """The delivery log: every event queued for the centre's webhooks, and how its sending
    went (the outbox's attempts, back-off and outcome)."""

    centre_path = "webhook__centre"
    list_display = (
        "created_at",
        "event",
        "webhook",
        "status",
        "attempts",
        "next_attempt",
        "sent_at",
        "last_error",
    )
    list_filter = ("event", "message__status")
    list_select_related = ("webhook", "message")
    readonly_fields = (
        "created_at",
        "event",
        "webhook",
        "payload",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    )
    fields = readonly_fields

    @admin.display(description=_("status"))
    def status(self, delivery: WebhookDelivery) -> str:
        return delivery.message.get_status_display()

    @admin.display(description=_("attempts"))
    def attempts(self, delivery: WebhookDelivery) -> int:
        return delivery.message.attempts

    @admin.display(description=_("next attempt"))
    def next_attempt(self, delivery: WebhookDelivery):
        return delivery.message.next_attempt_at

    @admin.display(description=_("sent"))
    def sent_at(self, delivery: WebhookDelivery):
        return delivery.message.sent_at

    @admin.display(description=_("last error"))
    def last_error(self, delivery: WebhookDelivery) -> str:
        return delivery.message.last_error

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
