"""Reads of 政务服务, always through the reader's scope (core.scope) where the rows are not public.

The catalogue of published items and their guides is public information (办事指南 are published to
everyone); drafts and cases are scoped."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from yingshang.core.permissions import has_capability
from yingshang.core.scope import visible, visible_or_404

from .merge import FieldSpec, ItemSpec, MaterialNeed, Question
from .models import Bundle, Case, CaseMaterial, GuideChange, Item, ItemMaterial, Rating, Rectification, SubCase


def published_items(*, q: str = "", unit: int | None = None, type: str = "") -> QuerySet:
    items = Item.objects.filter(published_version__gt=0).select_related("unit")
    if q:
        items = items.filter(Q(name__icontains=q) | Q(basic_code__icontains=q) | Q(implementation_code__icontains=q))
    if unit:
        items = items.filter(unit_id=unit)
    if type:
        items = items.filter(type=type)
    return items


def item_list_for_user(user) -> QuerySet:
    """Items the user works on (drafts included): their unit's, or all for the 营商局."""
    if has_capability(user, "affairs.publish_items"):
        return Item.objects.select_related("unit")
    return visible(user, Item.objects.select_related("unit"))


def item_get_for_user(user, pk) -> Item:
    return visible_or_404(user, Item.objects.select_related("unit"), pk=pk)


def item_public(pk) -> Item:
    """A published item's guide, for anyone."""
    try:
        return Item.objects.select_related("unit", "unit__service_point").get(pk=int(pk), published_version__gt=0)
    except (Item.DoesNotExist, ValueError, TypeError):
        raise Http404(_("事项不存在或尚未发布")) from None


def guide_changes(*, item: Item | None = None, limit: int = 200) -> QuerySet:
    changes = GuideChange.objects.select_related("item", "item__unit")
    if item is not None:
        changes = changes.filter(item=item)
    return changes[:limit]


def bundles() -> QuerySet:
    return Bundle.objects.prefetch_related("items", "questions")


def bundle_get(key: str) -> Bundle:
    try:
        return Bundle.objects.get(key=key)
    except Bundle.DoesNotExist:
        raise Http404(_("没有这个“一件事”")) from None


# --- the merge's inputs, from the database ----------------------------------------------------------------

def item_specs(items) -> tuple[list[ItemSpec], dict[str, FieldSpec]]:
    """The pure merge's view of ``items`` (Item objects or ids), with every field definition they use."""
    ids = [getattr(i, "pk", i) for i in items]
    order = {pk: n for n, pk in enumerate(ids)}
    rows = (Item.objects.filter(pk__in=ids).select_related("unit")
            .prefetch_related("item_fields__field", "item_materials__material"))
    specs, fields = [], {}
    for item in sorted(rows, key=lambda i: order[i.pk]):
        keys = []
        for link in sorted(item.item_fields.all(), key=lambda l: l.position):
            f = link.field
            fields[f.key] = FieldSpec(f.key, f.label, f.type, f.prefill, tuple(f.choices or ()))
            keys.append(f.key)
        needs = tuple(MaterialNeed(m.material.key, m.material.name, m.material.source, m.required == ItemMaterial.Need.REQUIRED, m.condition)
                      for m in sorted(item.item_materials.all(), key=lambda l: l.position))
        specs.append(ItemSpec(item.name, item.unit.name, tuple(keys), needs))
    return specs, fields


def bundle_questions(bundle: Bundle) -> list[Question]:
    return [Question(q.key, q.text, tuple(i.name for i in q.adds.all()), tuple(i.name for i in q.removes.all()))
            for q in bundle.questions.prefetch_related("adds", "removes").order_by("position")]


def bundle_base_items(bundle: Bundle) -> list[str]:
    return list(bundle.items.order_by("unit__tree_path", "name").values_list("name", flat=True))


# --- cases --------------------------------------------------------------------------------------------------

def case_list_for_user(user) -> QuerySet:
    return visible(user, Case.objects.select_related("item", "bundle", "hall"))


def case_get_for_user(user, pk) -> Case:
    return visible_or_404(user, Case.objects.select_related("item", "bundle", "hall", "enterprise", "applicant"), pk=pk)


def case_get_by_number(user, number: str) -> Case:
    return visible_or_404(user, Case.objects.all(), number=number)


def subcase_get_for_user(user, pk) -> SubCase:
    return visible_or_404(user, SubCase.objects.select_related("case", "item", "unit"), pk=pk)


def subcase_list_for_user(user) -> QuerySet:
    return visible(user, SubCase.objects.select_related("case", "item", "unit"))


def rectification_get_for_user(user, pk) -> Rectification:
    return visible_or_404(user, Rectification.objects.select_related("rating", "rating__case", "unit"), pk=pk)


def rectification_list_for_user(user) -> QuerySet:
    return visible(user, Rectification.objects.select_related("rating", "rating__case", "unit"))


def rating_list_for_user(user) -> QuerySet:
    return visible(user, Rating.objects.select_related("case", "unit"))


# --- received materials -------------------------------------------------------------------------------------
# A file reaches the case's applicant, its receiving hall and the departments whose sub-cases need it
# (permissions.py); city-wide readers (leaders, auditors) through core.scope. Reading one also takes a case
# capability: the applicant's (affairs.apply) or the staff's (affairs.view_cases).

MATERIAL_READERS = ("affairs.apply", "affairs.view_cases")


def may_read_materials(user) -> bool:
    return any(has_capability(user, capability) for capability in MATERIAL_READERS)


def case_materials_for_user(user, case: Case) -> QuerySet:
    if not may_read_materials(user):
        return CaseMaterial.objects.none()
    return visible(user, CaseMaterial.objects.filter(case=case).select_related("material").prefetch_related("subcases__item"))


def case_material_get_for_user(user, pk) -> CaseMaterial:
    if not may_read_materials(user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("您的角色不能查阅办件材料"))
    return visible_or_404(user, CaseMaterial.objects.select_related("case", "material"), pk=pk)
