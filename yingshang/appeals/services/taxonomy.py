"""The versioned label taxonomy: install, draft, edit and publish."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yingshang.core import clock
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record, record_bulk
from yingshang.core.permissions import require_capability
from yingshang.core.services import save_versioned
from yingshang.core.textnorm import normalize_text

from .. import taxonomy
from ..models import (
    Label,
    TaxonomyVersion,
    label_code,
)

# --- taxonomy -------------------------------------------------------------------------------------------

def taxonomy_install(*, actor, paths: list[str], note: str = "", publish: bool = True) -> TaxonomyVersion:
    """Create a new version holding ``paths`` (leaf paths; parents are implied) and publish it."""
    require_capability(actor, "appeals.manage_taxonomy")
    if not paths:
        raise ValidationError(_("标签清单为空"))
    with audited_write(actor):
        version = TaxonomyVersion(number=_next_version_number(), note=note[:200])
        version.save()
        record("appeals.taxonomy_version.create", version, after=version.audit_snapshot())
        _bulk_labels(version, paths)
        if publish:
            _publish(version, actor)
    return version


def _next_version_number() -> int:
    last = TaxonomyVersion.objects.order_by("-number").first()
    return (last.number + 1) if last else 1


def _bulk_labels(version: TaxonomyVersion, paths: list[str]) -> int:
    nodes: dict[str, Label] = {}
    ordered: list[str] = []
    for path in paths:
        parts = taxonomy.normalize_path(path).split("/")
        if len(parts) > Label.MAX_LEVEL:
            raise ValidationError(_("标签“%(path)s”超过 %(max_level)s 级") % {"path": path, "max_level": Label.MAX_LEVEL})
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            if prefix not in nodes:
                nodes[prefix] = Label(taxonomy=version, name=parts[depth - 1], path=prefix, level=depth, code=label_code(prefix))
                ordered.append(prefix)
    parents = {p.rsplit("/", 1)[0] for p in ordered if "/" in p}
    for level in range(1, Label.MAX_LEVEL + 1):
        batch = [nodes[p] for p in ordered if nodes[p].level == level]
        for label in batch:
            label.is_leaf = label.path not in parents
            if level > 1:
                label.parent = nodes[label.path.rsplit("/", 1)[0]]
        Label.objects.bulk_create(batch)
        if connection_lacks_returning():
            saved = {lab.path: lab for lab in Label.objects.filter(taxonomy=version, level=level)}
            for label in batch:
                label.pk = saved[label.path].pk
    record_bulk("appeals.label.import", Label, count=len(ordered), summary={"version": version.number, "labels": len(ordered), "leaves": len(ordered) - len(parents)})
    return len(ordered)


def connection_lacks_returning() -> bool:
    from django.db import connection

    return not connection.features.can_return_rows_from_bulk_insert


def _publish(version: TaxonomyVersion, actor) -> None:
    for old in TaxonomyVersion.objects.filter(status=TaxonomyVersion.Status.PUBLISHED).exclude(pk=version.pk):
        before = old.audit_snapshot()
        old.status = TaxonomyVersion.Status.RETIRED
        save_versioned(old, old.version)
        record("appeals.taxonomy_version.retire", old, before=before, after=old.audit_snapshot())
    before = version.audit_snapshot()
    version.status, version.published_at = TaxonomyVersion.Status.PUBLISHED, clock.now()
    save_versioned(version, version.version)
    record("appeals.taxonomy_version.publish", version, before=before, after=version.audit_snapshot())


def taxonomy_draft(*, actor, note: str = "") -> TaxonomyVersion:
    """A new draft copying the published version, for the admin to edit and publish."""
    require_capability(actor, "appeals.manage_taxonomy")
    if TaxonomyVersion.objects.filter(status=TaxonomyVersion.Status.DRAFT).exists():
        raise ValidationError(_("已有一个草稿版本,请先编辑并发布它"))
    current = taxonomy.current_version()
    leaves = list(Label.objects.filter(taxonomy=current, is_leaf=True).values_list("path", flat=True)) if current else []
    with audited_write(actor):
        version = TaxonomyVersion(number=_next_version_number(), note=note[:200] or (f"基于 v{current.number} 修订" if current else "新建"))
        version.save()
        record("appeals.taxonomy_version.create", version, after=version.audit_snapshot())
        if leaves:
            _bulk_labels(version, leaves)
    return version


def _require_draft(version: TaxonomyVersion) -> None:
    if version.status != TaxonomyVersion.Status.DRAFT:
        raise ValidationError(_("已发布或停用的标签版本不可修改:请新建草稿版本,修改后再发布"))


def label_add(*, actor, version: TaxonomyVersion, parent: Label | None, name: str) -> Label:
    require_capability(actor, "appeals.manage_taxonomy")
    _require_draft(version)
    name = normalize_text(name).replace("/", "／")
    if not name:
        raise ValidationError(_("标签名称不能为空"))
    level = (parent.level + 1) if parent else 1
    if level > Label.MAX_LEVEL:
        raise ValidationError(_("标签最多 %(max_level)s 级,不能在第 %(level)s 级“%(name)s”下再加下级") % {"max_level": Label.MAX_LEVEL, "level": parent.level, "name": parent.name})
    path = f"{parent.path}/{name}" if parent else name
    if Label.objects.filter(taxonomy=version, path=path).exists():
        raise ValidationError(_("标签“%(path)s”已存在") % {"path": path})
    with audited_write(actor):
        label = Label(taxonomy=version, parent=parent, name=name, path=path, level=level, code=label_code(path), is_leaf=True)
        label.save()
        record("appeals.label.create", label, after=label.audit_snapshot())
        if parent and parent.is_leaf:
            before = parent.audit_snapshot()
            parent.is_leaf = False
            save_versioned(parent, parent.version)
            record("appeals.label.update", parent, before=before, after=parent.audit_snapshot())
    return label


def label_rename(*, actor, label: Label, name: str, expected_version: int | None = None) -> Label:
    require_capability(actor, "appeals.manage_taxonomy")
    _require_draft(label.taxonomy)
    name = normalize_text(name).replace("/", "／")
    if not name:
        raise ValidationError(_("标签名称不能为空"))
    old_path = label.path
    new_path = f"{label.parent.path}/{name}" if label.parent_id else name
    if new_path != old_path and Label.objects.filter(taxonomy=label.taxonomy, path=new_path).exists():
        raise ValidationError(_("标签“%(new_path)s”已存在") % {"new_path": new_path})
    with audited_write(actor):
        for node in Label.objects.filter(taxonomy=label.taxonomy, path__startswith=old_path + "/"):
            before = node.audit_snapshot()
            node.path = new_path + node.path[len(old_path):]
            node.code = label_code(node.path)
            save_versioned(node, node.version)
            record("appeals.label.move", node, before=before, after=node.audit_snapshot())
        before = label.audit_snapshot()
        label.name, label.path, label.code = name, new_path, label_code(new_path)
        save_versioned(label, label.version if expected_version is None else expected_version)
        record("appeals.label.rename", label, before=before, after=label.audit_snapshot())
    return label


def label_remove(*, actor, label: Label) -> None:
    require_capability(actor, "appeals.manage_taxonomy")
    _require_draft(label.taxonomy)
    if label.children.exists():
        raise ValidationError(_("标签“%(path)s”还有下级标签,请先删除下级") % {"path": label.path})
    with audited_write(actor):
        parent = label.parent
        record("appeals.label.delete", label, before=label.audit_snapshot(), after=None)
        label.delete()
        if parent and not parent.children.exists():
            before = parent.audit_snapshot()
            parent.is_leaf = True
            save_versioned(parent, parent.version)
            record("appeals.label.update", parent, before=before, after=parent.audit_snapshot())


def taxonomy_publish(*, actor, version: TaxonomyVersion) -> TaxonomyVersion:
    require_capability(actor, "appeals.manage_taxonomy")
    _require_draft(version)
    if not version.labels.exists():
        raise ValidationError(_("空的标签版本不能发布"))
    with audited_write(actor):
        _publish(version, actor)
    return version
