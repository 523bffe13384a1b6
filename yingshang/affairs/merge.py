"""The 一件事 merge rules, as pure functions (no database): which items a bundle needs for the applicant's
answers, and the one merged form for those items.

Rules (docs/affairs.md, 一件事):
1. Items: the bundle's base items; each question answered 「是」 adds its ``adds`` and drops its ``removes``
   (in question order, so a later answer wins); the order of first appearance is kept.
2. Fields: a data element asked by several items is ONE field (same key). A field with a prefill source the
   platform knows for this applicant (``known_facts``: prefill key → value) is filled in and not asked
   (免填写); it is shown as a fact the applicant can read.
3. Materials: a material needed by several items is submitted ONCE (same key); it is required if any item
   requires it. A material whose source is the platform (电子证照 ``license:``, a department's ``shared:``
   data, the ``registry``) is fetched and not asked (免提交) — for a ``registry`` source only when the
   applicant is a registered enterprise, for ``license:`` and ``shared:`` always.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    type: str = "text"
    prefill: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class MaterialNeed:
    key: str
    name: str
    source: str = "applicant"
    required: bool = True
    condition: str = ""


@dataclass(frozen=True)
class ItemSpec:
    name: str
    unit: str
    fields: tuple[str, ...] = ()
    materials: tuple[MaterialNeed, ...] = ()


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    adds: tuple[str, ...] = ()
    removes: tuple[str, ...] = ()


@dataclass
class MergedField:
    spec: FieldSpec
    items: list[str] = field(default_factory=list)  # which items ask it
    value: str | None = None  # the prefilled value, when the platform knows it

    @property
    def prefilled(self) -> bool:
        return self.value is not None


@dataclass
class MergedMaterial:
    need: MaterialNeed
    items: list[str] = field(default_factory=list)
    required: bool = False
    supplied_by_platform: bool = False
    conditions: list[str] = field(default_factory=list)


@dataclass
class MergedForm:
    items: list[ItemSpec]
    fields: list[MergedField]
    materials: list[MergedMaterial]

    @property
    def fields_to_ask(self) -> list[MergedField]:
        return [f for f in self.fields if not f.prefilled]

    @property
    def prefilled_fields(self) -> list[MergedField]:
        return [f for f in self.fields if f.prefilled]

    @property
    def materials_to_submit(self) -> list[MergedMaterial]:
        return [m for m in self.materials if not m.supplied_by_platform]

    @property
    def materials_supplied(self) -> list[MergedMaterial]:
        return [m for m in self.materials if m.supplied_by_platform]

    def stats(self) -> dict[str, int]:
        """What the separate items would ask against what the merged form asks."""
        return {
            "items": len(self.items),
            "fields_separate": sum(len(item.fields) for item in self.items),
            "fields_merged": len(self.fields_to_ask),
            "materials_separate": sum(len(item.materials) for item in self.items),
            "materials_merged": len(self.materials_to_submit),
        }


def resolve_items(base: list[str], questions: list[Question], answers: dict[str, bool]) -> list[str]:
    """The item names the applicant needs: base items, then each 「是」 answer's adds and removes in order."""
    chosen = list(dict.fromkeys(base))
    for question in questions:
        if not answers.get(question.key):
            continue
        for name in question.adds:
            if name not in chosen:
                chosen.append(name)
        chosen = [name for name in chosen if name not in question.removes]
    return chosen


def platform_supplies(source: str, *, registered_enterprise: bool) -> bool:
    if source.startswith(("license:", "shared:")):
        return True
    return source == "registry" and registered_enterprise


def merge_form(items: list[ItemSpec], fields: dict[str, FieldSpec], known_facts: dict[str, str] | None = None, *,
               registered_enterprise: bool = True) -> MergedForm:
    """One form for ``items``: each field once (prefilled where ``known_facts`` has its source), each material once."""
    known_facts = known_facts or {}
    merged_fields: dict[str, MergedField] = {}
    merged_materials: dict[str, MergedMaterial] = {}
    for item in items:
        for key in item.fields:
            entry = merged_fields.get(key)
            if entry is None:
                spec = fields[key]
                value = known_facts.get(spec.prefill) if spec.prefill else None
                entry = merged_fields[key] = MergedField(spec, value=str(value) if value not in (None, "") else None)
            entry.items.append(item.name)
        for need in item.materials:
            entry = merged_materials.get(need.key)
            if entry is None:
                entry = merged_materials[need.key] = MergedMaterial(
                    need, supplied_by_platform=platform_supplies(need.source, registered_enterprise=registered_enterprise))
            entry.items.append(item.name)
            entry.required = entry.required or need.required
            if not need.required and need.condition and need.condition not in entry.conditions:
                entry.conditions.append(need.condition)
    return MergedForm(items=list(items), fields=list(merged_fields.values()), materials=list(merged_materials.values()))


def reduction(separate: int, merged: int) -> float:
    """Share of what the merge saves (0.0 when nothing was asked separately)."""
    return 0.0 if separate == 0 else 1 - merged / separate
