"""Writes of the item catalogue: importing a catalogue directory (idempotent), editing items through the
draft → review → published flow (行政职权调整 by the 营商局), changing shared elements, and keeping every
guide in step with the elements it is generated from."""

from __future__ import annotations

from typing import Any, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yingshang.core import clock
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record, record_bulk
from yingshang.core.models import Unit
from yingshang.core.permissions import require_capability
from yingshang.core.services import save_versioned

from ..guides import digest, guide_content, guide_diff, items_for_guides
from ..loader import Catalogue
from ..models import (Bundle, BundleQuestion, FieldDef, GuideChange, Item, ItemField, ItemMaterial, ItemStage, ItemVersion, LawArticle,
                      Material, UnitServicePoint)

EDIT, PUBLISH, SHARED = "affairs.edit_items", "affairs.publish_items", "affairs.manage_shared"


# --- the published snapshot ----------------------------------------------------------------------------

def item_snapshot(item: Item) -> dict[str, Any]:
    """Every element of ``item`` as JSON: what a published version keeps and export-catalog prints."""
    return {
        "name": item.name, "basic_code": item.basic_code, "implementation_code": item.implementation_code, "type": item.type,
        "unit": item.unit.name, "legal_basis": [{"key": law.key, "title": law.title} for law in sorted(item.legal_basis.all(), key=lambda l: l.key)],
        "conditions": list(item.conditions or []), "kind": item.kind,
        "statutory_days": item.statutory_days, "promised_days": item.promised_days, "visits": item.visits, "online": item.online,
        "result": item.result, "fees": list(item.fees or []),
        "fields": [f.field.key for f in item.item_fields.all()],
        "materials": [{"key": m.material.key, "name": m.material.name, "required": m.required == ItemMaterial.Need.REQUIRED,
                       "condition": m.condition, "source": m.material.source} for m in item.item_materials.all()],
        "stages": [{"name": s.name, "role": s.role, "days": s.days, "suspends_clock": s.suspends_clock} for s in item.stages.all()],
    }


def snapshot_diff(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """Elements that differ between two versions (diffable published versions)."""
    return [{"element": key, "before": before.get(key), "after": after.get(key)}
            for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)]


def _publish_version(item: Item, actor, note: str) -> ItemVersion:
    """Keep the item's elements as version ``item.published_version`` (already counted up by the caller)."""
    item = items_for_guides(Item.objects.filter(pk=item.pk)).get()
    number = item.published_version
    version = ItemVersion.objects.create(item=item, number=number, snapshot=item_snapshot(item), note=note[:300],
                                         published_at=clock.now(), published_by=actor if getattr(actor, "pk", None) else None)
    record("affairs.item_version.create", version, after=version.audit_snapshot())
    return version


# --- guides ---------------------------------------------------------------------------------------------

def regenerate_guides(item_ids: Iterable[int] | None, *, cause: str, job=None, progress=None) -> dict[str, int]:
    """Generate the guides of ``item_ids`` (None: all) again; store those that changed with a GuideChange
    listing what changed. Must run inside ``audited_write``. Fixed number of queries per batch of 500."""
    queryset = Item.objects.order_by("pk")
    if item_ids is not None:
        queryset = queryset.filter(pk__in=list(item_ids))
    ids = list(queryset.values_list("pk", flat=True))
    changed_items, changes, now, done = [], [], clock.now(), 0
    for start in range(0, len(ids), 500):
        for item in items_for_guides(Item.objects.filter(pk__in=ids[start:start + 500])):
            content = guide_content(item)
            new_digest = digest(content)
            if new_digest != item.guide_digest:
                differences = guide_diff(item.guide.get("elements", []) if item.guide else [], content)
                if item.guide_digest:  # a first generation is no change to list
                    changes.append(GuideChange(item=item, cause=cause[:200], changes=differences, job=job))
                item.guide, item.guide_digest, item.guide_generated_at = {"elements": content}, new_digest, now
                changed_items.append(item)
            done += 1
        if progress:
            progress(done, len(ids))
    if changed_items:
        Item.objects.bulk_update(changed_items, ["guide", "guide_digest", "guide_generated_at"], batch_size=500)
        record_bulk("affairs.item.regenerate_guide", Item, count=len(changed_items), summary={"cause": cause, "items": len(changed_items)})
    if changes:
        GuideChange.objects.bulk_create(changes, batch_size=1000)
        record_bulk("affairs.guide_change.create", GuideChange, count=len(changes), summary={"cause": cause})
    return {"items": len(ids), "changed": len(changed_items), "logged": len(changes)}


def _items_using(element) -> list[int]:
    if isinstance(element, LawArticle):
        return list(element.items.values_list("pk", flat=True))
    if isinstance(element, Material):
        return list(ItemMaterial.objects.filter(material=element).values_list("item_id", flat=True))
    if isinstance(element, FieldDef):
        return list(ItemField.objects.filter(field=element).values_list("item_id", flat=True))
    if isinstance(element, UnitServicePoint):
        return list(Item.objects.filter(unit_id=element.unit_id).values_list("pk", flat=True))
    raise TypeError(element)


def cause_of(element) -> str:
    if isinstance(element, LawArticle):
        return _("法律依据“%(t)s”") % {"t": element.title}
    if isinstance(element, Material):
        return _("材料“%(t)s”") % {"t": element.name}
    if isinstance(element, FieldDef):
        return _("数据项“%(t)s”") % {"t": element.label}
    return _("“%(t)s”的办理地点/电话/时间") % {"t": element.unit.name}


SHARED_FIELDS = {
    LawArticle: ("title", "text"),
    Material: ("name", "form", "original", "source", "note"),
    FieldDef: ("label", "type", "choices", "prefill"),
    UnitServicePoint: ("address", "phone", "hours"),
}


def shared_element_update(*, actor, element, expected_version: int | None, regenerate: bool = True, **values):
    """Change one shared element (a law article, a material, a data element, a unit's address/phone/hours);
    then regenerate, as a background job with progress, every guide that uses it. Returns the job (or None)."""
    require_capability(actor, SHARED)
    allowed = SHARED_FIELDS[type(element)]
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValidationError(_("不能修改的要素:%(keys)s") % {"keys": "、".join(sorted(unknown))})
    for key, value in values.items():
        if key not in ("choices",) and not isinstance(value, str):
            raise ValidationError(_("“%(key)s”应为文字") % {"key": key})
    if isinstance(element, Material) and "source" in values:
        from ..loader import SOURCE

        if not SOURCE.match(values["source"]):
            raise ValidationError(_("材料来源“%(v)s”格式不正确(applicant | registry | license:… | shared:…)") % {"v": values["source"]})
    with audited_write(actor):
        before = element.audit_snapshot()
        for key, value in values.items():
            setattr(element, key, value.strip() if isinstance(value, str) else value)
        element.full_clean(exclude=["unit"] if isinstance(element, UnitServicePoint) else None)
        save_versioned(element, expected_version)
        record(f"affairs.{_snake(type(element).__name__)}.update", element, before=before, after=element.audit_snapshot())
    if not regenerate:
        return None
    from yingshang.core.jobs import enqueue

    return enqueue("affairs.regenerate_guides", actor, title=_("重新生成办事指南:%(c)s") % {"c": cause_of(element)},
                   element=_snake(type(element).__name__), element_id=element.pk)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))


ELEMENT_MODELS = {_snake(m.__name__): m for m in SHARED_FIELDS}


def regenerate_for_element(*, actor, element_kind: str, element_id: int, job=None) -> dict[str, int]:
    """The job's work: every guide using the element, generated again in one audited transaction."""
    model = ELEMENT_MODELS[element_kind]
    element = model.objects.get(pk=element_id)
    from yingshang.core.jobs import report_progress

    with audited_write(actor), transaction.atomic():
        return regenerate_guides(_items_using(element), cause=cause_of(element), job=job,
                                 progress=lambda done, total: report_progress(job, done, total, _("已生成 %(d)s/%(t)s 份办事指南") % {"d": done, "t": total}))


# --- items: draft → review → published ------------------------------------------------------------------

ITEM_EDITABLE = ("conditions", "kind", "statutory_days", "promised_days", "visits", "online", "result")


def item_update(*, actor, item: Item, expected_version: int | None, **values) -> Item:
    """Edit an item's own elements; only a draft can change (调整 starts with 「修订」 on a published item)."""
    require_capability(actor, EDIT)
    if item.status != Item.Status.DRAFT:
        raise ValidationError(_("事项“%(name)s”当前为“%(state)s”,只有草稿可以修改;请先“修订”") % {"name": item.name, "state": item.get_status_display()})
    unknown = set(values) - set(ITEM_EDITABLE)
    if unknown:
        raise ValidationError(_("不能在此修改的要素:%(keys)s") % {"keys": "、".join(sorted(unknown))})
    promised = values.get("promised_days", item.promised_days)
    statutory = values.get("statutory_days", item.statutory_days)
    if promised > statutory:
        raise ValidationError({"promised_days": _("承诺时限(%(p)s 个工作日)不能超过法定时限(%(s)s 个工作日)") % {"p": promised, "s": statutory}})
    with audited_write(actor):
        before = item.audit_snapshot()
        for key, value in values.items():
            setattr(item, key, value)
        save_versioned(item, expected_version)
        record("affairs.item.update", item, before=before, after=item.audit_snapshot())
    return item


def do_publish(step) -> None:
    """Workflow handler: keep the published state as a new version and regenerate the item's guide."""
    item = step.obj
    item.published_version += 1
    step.then(lambda: _after_publish(item, step.actor, step.reason))


def _after_publish(item: Item, actor, note: str) -> None:
    version = _publish_version(item, actor, note or _("发布第%(n)s版") % {"n": item.published_version})
    regenerate_guides([item.pk], cause=_("事项“%(n)s”发布第%(v)s版") % {"n": item.name, "v": version.number})


def authorize_item_operation(user, operation, item) -> None:
    """A department edits and submits its own items; publishing is the 营商局's (capability only)."""
    from django.core.exceptions import PermissionDenied

    from yingshang.core.scope import can_see

    if not can_see(user, item):
        raise PermissionDenied(_("该事项不属于您的单位"))


# --- import ---------------------------------------------------------------------------------------------

def _upsert(model, lookup: dict, values: dict, changed: list):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        record(f"affairs.{_snake(model.__name__)}.create", obj, after=obj.audit_snapshot())
        changed.append(obj)
        return obj
    before = obj.audit_snapshot()
    if any(getattr(obj, k) != v for k, v in values.items()):
        for key, value in values.items():
            setattr(obj, key, value)
        obj.version += 1
        obj.save()
        record(f"affairs.{_snake(model.__name__)}.update", obj, before=before, after=obj.audit_snapshot())
        changed.append(obj)
    return obj


def _unit_named(name: str) -> Unit:
    unit = Unit.objects.filter(name=name).first() or Unit.objects.filter(aliases__alias=name).first()
    if unit is None:
        raise ValidationError(_("单位“%(name)s”不在本市组织机构中(请核对 shared.toml 的 [[unit]] name)") % {"name": name})
    return unit


@transaction.atomic
def catalogue_import(*, actor, catalogue: Catalogue) -> dict[str, int]:
    """Write ``catalogue`` (checked by loader.read_catalogue): shared elements, items (published as version
    1, or as a new version when their elements changed), bundles. Running it twice changes nothing."""
    require_capability(actor, PUBLISH)
    changed: list = []
    with audited_write(actor):
        laws = {row["key"]: _upsert(LawArticle, {"key": row["key"]}, {"title": row["title"], "text": row["text"]}, changed) for row in catalogue.laws}
        materials = {row["key"]: _upsert(Material, {"key": row["key"]}, {k: row[k] for k in ("name", "form", "original", "source", "note")}, changed)
                     for row in catalogue.materials}
        fields = {row["key"]: _upsert(FieldDef, {"key": row["key"]}, {k: row[k] for k in ("label", "type", "choices", "prefill")}, changed)
                  for row in catalogue.fields}
        units = {}
        for row in catalogue.units:
            unit = _unit_named(row["name"])
            units[row["name"]] = unit
            _upsert(UnitServicePoint, {"unit": unit}, {k: row[k] for k in ("address", "phone", "hours")}, changed)
        items, touched = {}, []
        for row in catalogue.items:
            item, item_changed = _import_item(row, units[row["unit"]], laws, materials, fields, changed)
            items[row["name"]] = item
            if item_changed:
                touched.append(item)
        for row in catalogue.bundles:
            _import_bundle(row, items, changed)
        for item in touched:
            item.refresh_from_db()
            before = item.audit_snapshot()
            item.published_version += 1
            item.status = Item.Status.PUBLISHED
            item.version += 1
            item.save()
            record("affairs.item.publish", item, before=before, after=item.audit_snapshot())
            _publish_version(item, actor, _("目录导入"))
        regenerate_guides(None, cause=_("目录导入"))
    return {"laws": len(catalogue.laws), "materials": len(catalogue.materials), "fields": len(catalogue.fields), "units": len(catalogue.units),
            "items": len(catalogue.items), "bundles": len(catalogue.bundles), "changed": len(changed), "published": len(touched)}


def _import_item(row, unit, laws, materials, fields, changed) -> tuple[Item, bool]:
    values = {k: row[k] for k in ("basic_code", "implementation_code", "type", "conditions", "kind", "statutory_days", "promised_days",
                                  "visits", "online", "result", "fees")}
    mark = len(changed)
    item = _upsert(Item, {"name": row["name"]}, {**values, "unit": unit}, changed)
    wanted_laws = {laws[key].pk for key in row["legal_basis"]}
    if set(item.legal_basis.values_list("pk", flat=True)) != wanted_laws:
        item.legal_basis.set(wanted_laws)
        changed.append(item)
    wanted_fields = [(fields[key], position) for position, key in enumerate(row["fields"])]
    if list(item.item_fields.order_by("position").values_list("field__key", flat=True)) != row["fields"]:
        for old in list(item.item_fields.all()):
            record("affairs.item_field.delete", old, before=old.audit_snapshot())
            old.delete()
        for field, position in wanted_fields:
            link = ItemField.objects.create(item=item, field=field, position=position)
            record("affairs.item_field.create", link, after=link.audit_snapshot())
        changed.append(item)
    current = [(m.material.key, m.required, m.condition) for m in item.item_materials.select_related("material").order_by("position")]
    wanted = [(m["material"], m["required"], m["condition"]) for m in row["materials"]]
    if current != wanted:
        for old in list(item.item_materials.all()):
            record("affairs.item_material.delete", old, before=old.audit_snapshot())
            old.delete()
        for position, (key, need, condition) in enumerate(wanted):
            link = ItemMaterial.objects.create(item=item, material=materials[key], required=need, condition=condition, position=position)
            record("affairs.item_material.create", link, after=link.audit_snapshot())
        changed.append(item)
    current = [(s.name, s.role, s.days, s.suspends_clock) for s in item.stages.order_by("position")]
    wanted = [(s["name"], s["role"], s["days"], s["suspends_clock"]) for s in row["stages"]]
    if current != wanted:
        for old in list(item.stages.all()):
            record("affairs.item_stage.delete", old, before=old.audit_snapshot())
            old.delete()
        for position, (name, role, days, suspends) in enumerate(wanted):
            stage = ItemStage.objects.create(item=item, position=position, name=name, role=role, days=days, suspends_clock=suspends)
            record("affairs.item_stage.create", stage, after=stage.audit_snapshot())
        changed.append(item)
    return item, len(changed) > mark or item.published_version == 0


def _import_bundle(row, items, changed) -> Bundle:
    bundle = _upsert(Bundle, {"key": row["key"]}, {"name": row["name"], "description": row["description"], "basis": row["basis"]}, changed)
    wanted = {items[name].pk for name in row["items"]}
    if set(bundle.items.values_list("pk", flat=True)) != wanted:
        bundle.items.set(wanted)
    for position, entry in enumerate(row["questions"]):
        question = _upsert(BundleQuestion, {"bundle": bundle, "key": entry["key"]}, {"text": entry["text"], "position": position}, changed)
        adds = {items[name].pk for name in entry["adds"]}
        removes = {items[name].pk for name in entry["removes"]}
        if set(question.adds.values_list("pk", flat=True)) != adds:
            question.adds.set(adds)
        if set(question.removes.values_list("pk", flat=True)) != removes:
            question.removes.set(removes)
    return bundle
