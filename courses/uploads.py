"""Checks on an uploaded resource file before anything is written to disk.

A file is accepted only when its extension is on the allow-list of training formats AND its
content, as libmagic reads it, is what that extension promises. Browsers send whatever
Content-Type the user's system guesses, so that header is never trusted: the type we store and
serve is the one that belongs to the extension we accepted. HTML, SVG and programs are refused
whatever their name, because a browser could run them in our origin or a trainer could run them
on a centre's machine.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import magic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# libmagic reads the first few kilobytes; container formats (ZIP, OLE, MP4) are named there.
SNIFF_BYTES = 8192

_OLE = {"application/x-ole-storage", "application/CDFV2", "application/vnd.ms-office"}
_ZIP = {"application/zip"}

# extension -> (content types libmagic may report for it, the content type we serve it with)
ALLOWED_FORMATS: dict[str, tuple[frozenset[str], str]] = {
    "pdf": (frozenset({"application/pdf"}), "application/pdf"),
    "doc": (frozenset({"application/msword"} | _OLE), "application/msword"),
    "xls": (frozenset({"application/vnd.ms-excel"} | _OLE), "application/vnd.ms-excel"),
    "ppt": (frozenset({"application/vnd.ms-powerpoint"} | _OLE), "application/vnd.ms-powerpoint"),
    "docx": (
        frozenset(
            {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"} | _ZIP
        ),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        frozenset({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} | _ZIP),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pptx": (
        frozenset(
            {"application/vnd.openxmlformats-officedocument.presentationml.presentation"} | _ZIP
        ),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "odt": (
        frozenset({"application/vnd.oasis.opendocument.text"} | _ZIP),
        "application/vnd.oasis.opendocument.text",
    ),
    "ods": (
        frozenset({"application/vnd.oasis.opendocument.spreadsheet"} | _ZIP),
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    "odp": (
        frozenset({"application/vnd.oasis.opendocument.presentation"} | _ZIP),
        "application/vnd.oasis.opendocument.presentation",
    ),
    "png": (frozenset({"image/png"}), "image/png"),
    "jpg": (frozenset({"image/jpeg"}), "image/jpeg"),
    "jpeg": (frozenset({"image/jpeg"}), "image/jpeg"),
    "gif": (frozenset({"image/gif"}), "image/gif"),
    "webp": (frozenset({"image/webp"}), "image/webp"),
    "mp4": (frozenset({"video/mp4"}), "video/mp4"),
    "zip": (frozenset(_ZIP), "application/zip"),
}

# Content refused whatever the extension says, with a message that names what it is.
_ACTIVE_CONTENT = (
    (re.compile(r"^text/html|^application/xhtml"), gettext_noop("a web page (HTML)")),
    (re.compile(r"^image/svg"), gettext_noop("an SVG image, which can contain scripts")),
    (
        re.compile(
            r"^application/(x-dosexec|x-msdownload|x-executable|x-sharedlib|x-pie-executable"
            r"|x-mach-binary|x-elf|vnd\.microsoft\.portable-executable|x-msi|java-archive"
            r"|x-java-archive)"
        ),
        gettext_noop("a program"),
    ),
    (
        re.compile(r"^text/x-(shellscript|python|perl|php)|^application/javascript"),
        gettext_noop("a script"),
    ),
)

ALLOWED_EXTENSIONS_TEXT = (
    "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, GIF, WebP, MP4, ZIP"
)


class UploadRefused(Exception):
    """An upload that may not be stored, with a message a trainer can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedUpload:
    """An accepted upload: the extension, the content type to serve it with, a safe name."""

    extension: str
    content_type: str
    display_name: str
    size: int


def safe_display_name(name: str, extension: str) -> str:
    """The user's file name, reduced to something harmless for a Content-Disposition header."""
    stem = name.rsplit(".", 1)[0]
    stem = unicodedata.normalize("NFKC", stem)
    stem = re.sub(r"[^\w\- .()]+", "_", stem, flags=re.UNICODE).strip(" ._") or "resource"
    return f"{stem[:150]}.{extension}"


def max_upload_bytes() -> int:
    return int(getattr(settings, "RESOURCE_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Accept `upload` as a resource file or raise `UploadRefused` saying why.

    Reads only the first bytes of the file; writes nothing anywhere.
    """
    name = upload.name or ""
    # Browsers send a bare file name; a path in it means a crafted request. Refuse it rather
    # than guess which part was meant.
    if "/" in name or "\\" in name or ".." in name or "\x00" in name:
        raise UploadRefused(
            _("The file name contains a folder path or '..'. Rename the file and upload it again.")
        )
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise UploadRefused(
            _(
                "The file is %(size)s; the largest file you can upload is %(limit)s. Compress it, "
                "split it, or share it as an external link."
            )
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise UploadRefused(_("The file is empty."))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""

    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    sniffed = magic.from_buffer(head, mime=True)
    for pattern, what in _ACTIVE_CONTENT:
        if pattern.search(sniffed):
            raise UploadRefused(
                _(
                    "This file is %(what)s, whatever its name says; it cannot be shared as a "
                    "training resource. Accepted formats: %(formats)s."
                )
                % {"what": _(what), "formats": ALLOWED_EXTENSIONS_TEXT}
            )
    if extension in {"svg", "svgz", "html", "htm", "xhtml", "exe", "js", "bat", "cmd", "sh"}:
        raise UploadRefused(
            _(
                "Files of type .%(extension)s cannot be shared as training resources. "
                "Accepted formats: %(formats)s."
            )
            % {"extension": extension, "formats": ALLOWED_EXTENSIONS_TEXT}
        )
    if extension not in ALLOWED_FORMATS:
        raise UploadRefused(
            _("This type of file cannot be uploaded. Accepted formats: %(formats)s.")
            % {"formats": ALLOWED_EXTENSIONS_TEXT}
        )
    accepted, content_type = ALLOWED_FORMATS[extension]
    if sniffed not in accepted:
        raise UploadRefused(
            _(
                "The file is named .%(extension)s but its content is not a .%(extension)s file "
                "(it looks like %(sniffed)s). Upload the original document."
            )
            % {"extension": extension, "sniffed": sniffed}
        )
    return CheckedUpload(
        extension=extension,
        content_type=content_type,
        display_name=safe_display_name(name, extension),
        size=upload.size or len(head),
    )
