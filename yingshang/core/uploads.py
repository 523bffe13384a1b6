"""One rule for the files people upload (evidence, attachments, photos, application materials).

Every module accepts uploads through :func:`check_upload`: the extension must be one the caller allows, the size
within the caller's limit (read no further than the limit), the first bytes must be the signature of that type
(a renamed executable is refused), and containers (PDF, the zip-based Office and OFD formats) pass
``core.safedocs``' structural limits before anything is stored. Refusals are Chinese and name the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import safedocs
from .safedocs.text import size_text

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the legacy Office formats (.doc, .xls)


@dataclass(frozen=True)
class FileType:
    label: str
    signatures: tuple[bytes, ...] = ()  # empty: plain text, checked as text instead
    offset: int = 0  # where the signature starts (MP4 names its brand after a 4-byte box size)
    container: str = ""  # "pdf" or "zip": inspected by core.safedocs before it is stored


FILE_TYPES: dict[str, FileType] = {
    ".pdf": FileType("PDF", (b"%PDF",), container="pdf"),
    ".ofd": FileType("OFD", (ZIP,), container="zip"),
    ".jpg": FileType("JPG", (b"\xff\xd8\xff",)),
    ".jpeg": FileType("JPG", (b"\xff\xd8\xff",)),
    ".png": FileType("PNG", (b"\x89PNG\r\n\x1a\n",)),
    ".gif": FileType("GIF", (b"GIF87a", b"GIF89a")),
    ".docx": FileType("DOCX", (ZIP,), container="zip"),
    ".xlsx": FileType("XLSX", (ZIP,), container="zip"),
    ".zip": FileType("ZIP", (ZIP,), container="zip"),
    ".doc": FileType("DOC", (OLE,)),
    ".xls": FileType("XLS", (OLE,)),
    ".txt": FileType("TXT"),
    ".mp3": FileType("MP3", (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    ".wav": FileType("WAV", (b"RIFF",)),
    ".amr": FileType("AMR", (b"#!AMR",)),
    ".mp4": FileType("MP4", (b"ftyp",), offset=4),
}

DOCUMENTS = (".pdf", ".ofd", ".jpg", ".jpeg", ".png", ".docx", ".xlsx")  # what a scanned or signed material may be
IMAGES = (".jpg", ".jpeg", ".png")
HEAD_BYTES = 64


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # the base name, as the user's machine called it
    suffix: str
    size: int
    sha256: str


def allowed_text(suffixes: Iterable[str]) -> str:
    """「PDF、JPG、PNG」: the types a form accepts, for its label and its refusals."""
    return "、".join(dict.fromkeys(FILE_TYPES[s].label for s in suffixes))


def check_upload(upload, *, allowed: Iterable[str], max_bytes: int, what: str | None = None) -> CheckedUpload:
    """Check one uploaded file before it is stored; raises ValidationError in Chinese. ``upload`` is a Django
    UploadedFile (or anything with ``name``, ``size``, ``read``, ``seek``, ``chunks``); it is left at its start."""
    allowed = tuple(allowed)
    name = Path(upload.name or "").name
    label = _("%(what)s“%(name)s”") % {"what": what or _("文件"), "name": name}
    suffix = Path(name).suffix.lower()
    if suffix not in allowed or suffix not in FILE_TYPES:
        raise ValidationError(_("%(file)s的文件类型不支持,请上传 %(types)s") % {"file": label, "types": allowed_text(allowed)}, code="type")
    size = upload.size if upload.size is not None else 0
    if size > max_bytes:
        raise ValidationError(_("%(file)s为 %(size)s,超过 %(limit)s 的上限") % {"file": label, "size": size_text(size), "limit": size_text(max_bytes)},
                              code="too_large")
    kind = FILE_TYPES[suffix]
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if kind.signatures:
        if not any(head[kind.offset:].startswith(signature) for signature in kind.signatures):
            raise ValidationError(_("%(file)s的文件内容与扩展名 %(suffix)s 不符(文件可能已损坏或被改名)") % {"file": label, "suffix": suffix}, code="signature")
    elif b"\x00" in head:
        raise ValidationError(_("%(file)s不是文本文件") % {"file": label}, code="signature")
    digest = hashlib.sha256()
    if kind.container:
        data = upload.read(max_bytes + 1)
        upload.seek(0)
        if len(data) > max_bytes:
            raise ValidationError(_("%(file)s超过 %(limit)s 的上限") % {"file": label, "limit": size_text(max_bytes)}, code="too_large")
        limits = safedocs.document_limits()
        if kind.container == "pdf":
            safedocs.inspect_pdf(data, limits=limits, what=label)
        else:
            safedocs.inspect_zip(data, limits=limits, what=label)
        digest.update(data)
        size = len(data)
    else:
        size = 0
        for chunk in upload.chunks():
            size += len(chunk)
            if size > max_bytes:
                raise ValidationError(_("%(file)s超过 %(limit)s 的上限") % {"file": label, "limit": size_text(max_bytes)}, code="too_large")
            digest.update(chunk)
        upload.seek(0)
    return CheckedUpload(name=name, suffix=suffix, size=size, sha256=digest.hexdigest())
