"""Webhooks as a way out of the outbox: the signature, the address check (SSRF), the POST.

A centre's event is queued as an `OutboxMessage` of kind `webhook` (with a `WebhookDelivery`
naming the webhook, the event and the body, for the centre's log); the outbox worker calls
`deliver_webhook`, which sends it or raises, and the outbox retries with back-off.

The address is checked when the event is sent, not only when the webhook is registered: a
host name may resolve elsewhere tomorrow (DNS rebinding). Every address the name resolves to
must be a public one; the connection is then made to the address that was checked (with TLS
verified against the host name), so the name cannot be re-resolved in between.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from ..models import OutboxKind, OutboxMessage, WebhookDelivery
from .outbox import register_deliverer

SIGNATURE_HEADER = "X-APCN-Signature"
USER_AGENT = "APCN-Training-Catalog-Webhooks/1"
# How much of an answer is kept in the log, and how long one attempt may take.
KEEP_ANSWER_CHARS = 500


class WebhookAddressRefused(Exception):
    """The URL may not be called: not https, or its host is not a public address."""


@dataclass(frozen=True)
class WebhookResult:
    ok: bool
    status_code: int | None
    error: str


def body_of(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent (and signed): compact JSON, keys sorted."""
    return json.dumps(
        payload, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":")
    ).encode()


def signature(secret: str, body: bytes) -> str:
    """`sha256=<hex>`: HMAC-SHA256 of the body under the webhook's secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _allow_loopback() -> bool:
    # Only for tests and local development: a receiver on this machine over plain HTTP.
    return bool(getattr(settings, "WEBHOOK_ALLOW_LOOPBACK", False))


def check_url_shape(url: str) -> None:
    """Refuse a URL that is not https:// with a host (http://127.0.0.1 only when allowed)."""
    parts = urlsplit(url)
    if not parts.hostname:
        raise WebhookAddressRefused(
            _("Give a full address, e.g. https://training.example.org/hooks/apcn.")
        )
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and _allow_loopback() and _is_loopback_name(parts.hostname):
        return
    raise WebhookAddressRefused(_("Webhooks are sent to https:// addresses only."))


def _is_loopback_name(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def vetted_address(host: str, port: int) -> str:
    """The address to connect to for `host`: every address it resolves to must be public
    (loopback too when the setting allows it); else `WebhookAddressRefused`."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise WebhookAddressRefused(
            _("The host name “%(host)s” does not resolve.") % {"host": host}
        ) from error
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not (_is_public(address) or (_allow_loopback() and address.is_loopback)):
            raise WebhookAddressRefused(
                _("“%(host)s” leads to a private or local address (%(address)s): not allowed.")
                % {"host": host, "address": address}
            )
        addresses.append(str(address))
    if not addresses:
        raise WebhookAddressRefused(
            _("The host name “%(host)s” does not resolve.") % {"host": host}
        )
    return addresses[0]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to an address already checked, with the certificate verified for the host name."""

    def __init__(self, host: str, address: str, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, address: str, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def send(
    url: str, *, secret: str, payload: dict[str, Any], event: str, delivery_id: int
) -> WebhookResult:
    """POST `payload` to `url`, signed; never follows a redirect (it could lead anywhere)."""
    body = body_of(payload)
    try:
        check_url_shape(url)
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = vetted_address(parts.hostname, port)
    except (WebhookAddressRefused, ValueError) as refused:
        return WebhookResult(False, None, str(refused))
    timeout = getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 10)
    if parts.scheme == "https":
        connection = _PinnedHTTPSConnection(
            parts.hostname,
            address,
            port=port,
            timeout=timeout,
            context=ssl.create_default_context(),
        )
    else:
        connection = _PinnedHTTPConnection(parts.hostname, address, port=port, timeout=timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-APCN-Event": event,
        "X-APCN-Delivery": str(delivery_id),
        SIGNATURE_HEADER: signature(secret, body),
    }
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read(KEEP_ANSWER_CHARS).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as error:
        return WebhookResult(False, None, f"{type(error).__name__}: {error}"[:KEEP_ANSWER_CHARS])
    finally:
        connection.close()
    if 200 <= response.status < 300:
        return WebhookResult(True, response.status, "")
    return WebhookResult(False, response.status, answer)


class WebhookNotDelivered(Exception):
    """The receiver did not take the event (refused address, no answer, or not a 2xx)."""


@register_deliverer(OutboxKind.WEBHOOK)
def deliver_webhook(message: OutboxMessage) -> None:
    """Send the webhook event of `message`, signed, or raise (the outbox retries)."""
    delivery = WebhookDelivery.objects.select_related("webhook").get(message=message)
    webhook = delivery.webhook
    if not webhook.is_active:
        raise WebhookNotDelivered(_("The webhook was switched off."))
    result = send(
        webhook.url,
        secret=webhook.secret,
        payload={**delivery.payload, "delivery": delivery.pk},
        event=delivery.event,
        delivery_id=delivery.pk,
    )
    if not result.ok:
        status = f"HTTP {result.status_code}: " if result.status_code else ""
        raise WebhookNotDelivered(f"{status}{result.error}"[:KEEP_ANSWER_CHARS])
