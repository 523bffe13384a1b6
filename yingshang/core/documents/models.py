"""The staff's DOCX template overrides, one per document kind (imported by core.models)."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _

from yingshang.core.audit import AuditedModel


class DocumentTemplate(AuditedModel):
    """An uploaded .docx template that replaces the default 公文 template for one document kind.

    The file is kept in the database (a few tens of KB): it travels with backups and every app
    server sees the same template without shared storage."""

    kind = models.CharField(_("文书类型"), max_length=64, unique=True)
    filename = models.CharField(_("文件名"), max_length=200)
    content = models.BinaryField(_("模板文件"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey("core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("上传人"))

    class Meta:
        app_label = "core"
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.kind} · {self.filename}"

    def audit_snapshot(self) -> dict:
        # The audit trail keeps the file's fingerprint, not its bytes.
        data = super().audit_snapshot()
        content = bytes(self.content or b"")
        data["content"] = {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
        return data
