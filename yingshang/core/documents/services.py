"""Writes of the document service: an administrator's template overrides (audited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record
from yingshang.core.models import User
from yingshang.core.permissions import require_capability

from .kinds import document_kinds
from .models import DocumentTemplate
from .templates import validate_template

MANAGE = "core.manage_document_templates"


def template_upload(*, actor, kind: str, filename: str, data: bytes, note: str = "") -> DocumentTemplate:
    """Store ``data`` as the template of ``kind`` (replacing an earlier override) once it has passed
    :func:`validate_template`; a refused template leaves the current one in place."""
    require_capability(actor, MANAGE)
    if kind not in document_kinds():
        raise ValidationError(_("未知的文书类型:%(kind)s") % {"kind": kind})
    validate_template(data, filename)
    with audited_write(actor):
        template = DocumentTemplate.objects.select_for_update().filter(kind=kind).first()
        before = template.audit_snapshot() if template else None
        if template is None:
            template = DocumentTemplate(kind=kind)
        else:
            template.version += 1
        template.filename, template.content, template.note = filename[:200], data, note[:200]
        template.uploaded_by = actor if isinstance(actor, User) else None
        template.save()
        record("core.document_template.upload", template, before=before, after=template.audit_snapshot())
    return template


def template_reset(*, actor, kind: str) -> bool:
    """Remove the override of ``kind``: its documents use the default template again."""
    require_capability(actor, MANAGE)
    with audited_write(actor):
        template = DocumentTemplate.objects.select_for_update().filter(kind=kind).first()
        if template is None:
            return False
        record("core.document_template.reset", template, before=template.audit_snapshot(), after=None)
        template.delete()
    return True
