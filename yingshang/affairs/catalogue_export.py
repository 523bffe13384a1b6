"""Reads for the command line: the published catalogue (from each item's latest published version) and
the 一件事 merge figures per bundle."""

from __future__ import annotations

from .merge import merge_form, reduction, resolve_items
from .models import Bundle, Item, ItemVersion
from .selectors import bundle_base_items, bundle_questions, item_specs


def published_catalogue() -> list[dict]:
    """Every published item as its latest published version: type, unit, legal_basis, materials
    [{name, required, source}], statutory_days, promised_days, stages, and the other elements."""
    latest = {}
    for version in ItemVersion.objects.order_by("item_id", "-number"):
        latest.setdefault(version.item_id, version)
    result = []
    for item in Item.objects.filter(pk__in=latest).order_by("unit__tree_path", "name"):
        snap = latest[item.pk].snapshot
        result.append({
            "name": snap["name"], "basic_code": snap["basic_code"], "implementation_code": snap["implementation_code"], "version": latest[item.pk].number,
            "type": snap["type"], "unit": snap["unit"], "legal_basis": [law["title"] for law in snap["legal_basis"]], "conditions": snap["conditions"],
            "kind": snap["kind"], "materials": [{"name": m["name"], "required": m["required"], "condition": m["condition"], "source": m["source"]}
                                                for m in snap["materials"]],
            "statutory_days": snap["statutory_days"], "promised_days": snap["promised_days"], "visits": snap["visits"], "online": snap["online"],
            "result": snap["result"], "fees": snap["fees"], "stages": snap["stages"],
        })
    return result


def bundle_stats() -> list[dict]:
    """Per bundle, with every 情形 question answered 「是」 (the widest set of items), for a registered enterprise:
    fields and materials asked by the separate items against the one merged form."""
    rows = []
    for bundle in Bundle.objects.order_by("key"):
        questions = bundle_questions(bundle)
        adding = {q.key: True for q in questions if q.adds and not q.removes}
        names = resolve_items(bundle_base_items(bundle), questions, adding)
        ids = dict(Item.objects.filter(name__in=names).values_list("name", "pk"))
        specs, fields = item_specs([ids[n] for n in names if n in ids])
        known = {spec.prefill: "(平台已知)" for spec in fields.values() if spec.prefill}
        stats = merge_form(specs, fields, known, registered_enterprise=True).stats()
        rows.append({"key": bundle.key, "name": bundle.name, **stats,
                     "fields_saved": reduction(stats["fields_separate"], stats["fields_merged"]),
                     "materials_saved": reduction(stats["materials_separate"], stats["materials_merged"])})
    return rows
