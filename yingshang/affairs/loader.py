"""Reading a catalogue directory in the TOML format of docs/affairs.md (shared.toml, items/*.toml,
bundles.toml) with the standard library's ``tomllib``, and checking it completely before anything is
written: every problem is reported at once, in Chinese, naming the file, the item and the key.

The result is a :class:`Catalogue` of plain dicts; ``services.catalogue_import`` writes it idempotently.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ITEM_TYPES = ("行政许可", "行政确认", "行政给付", "其他行政权力", "公共服务")
KINDS = ("即办件", "承诺件")
FORMS = ("纸质", "电子", "纸质或电子")
ORIGINALS = ("原件", "复印件", "原件和复印件")
FIELD_TYPES = ("text", "number", "date", "choice", "bool", "address", "phone", "id_number")
NEEDS = ("required", "conditional")
KEY = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
SOURCE = re.compile(r"^(applicant|registry|license:.+|shared:.+)$")
PREFILL = re.compile(r"^(enterprise|user)\.[a-z_]+$")


@dataclass
class Catalogue:
    laws: list[dict] = field(default_factory=list)
    materials: list[dict] = field(default_factory=list)
    units: list[dict] = field(default_factory=list)
    fields: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    bundles: list[dict] = field(default_factory=list)


class CatalogueError(ValidationError):
    """Every problem of a catalogue directory, each a sentence naming file, item and key."""


class _Checker:
    def __init__(self):
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}:{message}")

    def text(self, table: dict, key: str, where: str, *, required: bool = True, choices=None, pattern=None) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            self.fail(where, _("“%(key)s”应为文字") % {"key": key})
            return ""
        value = value.strip()
        if required and not value:
            self.fail(where, _("缺少“%(key)s”") % {"key": key})
        elif value and choices is not None and value not in choices:
            self.fail(where, _("“%(key)s”的值“%(value)s”无效,应为:%(choices)s") % {"key": key, "value": value, "choices": " | ".join(choices)})
        elif value and pattern is not None and not pattern.match(value):
            self.fail(where, _("“%(key)s”的值“%(value)s”格式不正确") % {"key": key, "value": value})
        return value

    def integer(self, table: dict, key: str, where: str, *, minimum: int = 0) -> int:
        value = table.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, _("“%(key)s”应为整数") % {"key": key})
            return 0
        if value < minimum:
            self.fail(where, _("“%(key)s”不能小于 %(min)s") % {"key": key, "min": minimum})
        return value

    def boolean(self, table: dict, key: str, where: str) -> bool:
        value = table.get(key)
        if not isinstance(value, bool):
            self.fail(where, _("“%(key)s”应为 true 或 false") % {"key": key})
            return False
        return value

    def strings(self, table: dict, key: str, where: str) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(where, _("“%(key)s”应为文字列表") % {"key": key})
            return []
        return [v.strip() for v in value if v.strip()]

    def tables(self, table: dict, key: str, where: str) -> list[dict]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(where, _("“%(key)s”应为表数组 [[%(key)s]]") % {"key": key})
            return []
        return value


def _read(path: Path, checker: _Checker) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        checker.fail(path.name, _("TOML 格式错误:%(error)s") % {"error": error})
    except OSError as error:
        checker.fail(path.name, _("无法读取:%(error)s") % {"error": error.strerror or error})
    return {}


def _unique(checker: _Checker, rows: list[dict], key: str, where: str, noun: str) -> None:
    seen: set[str] = set()
    for row in rows:
        value = row.get(key)
        if value and value in seen:
            checker.fail(where, _("%(noun)s“%(value)s”重复") % {"noun": noun, "value": value})
        seen.add(value)


def read_catalogue(directory: str | Path) -> Catalogue:
    """The catalogue in ``directory``; raises :class:`CatalogueError` listing every problem found."""
    root = Path(directory)
    checker = _Checker()
    if not root.is_dir():
        raise CatalogueError(_("目录不存在:%(dir)s") % {"dir": root})
    shared_path = root / "shared.toml"
    if not shared_path.is_file():
        raise CatalogueError(_("%(dir)s 中缺少 shared.toml") % {"dir": root})
    catalogue = Catalogue()
    shared = _read(shared_path, checker)
    where = "shared.toml"
    for index, law in enumerate(checker.tables(shared, "law", where), 1):
        at = f"{where} [[law]] 第{index}条"
        catalogue.laws.append({"key": checker.text(law, "key", at, pattern=KEY), "title": checker.text(law, "title", at),
                               "text": checker.text(law, "text", at, required=False)})
    for index, material in enumerate(checker.tables(shared, "material", where), 1):
        at = f"{where} [[material]] 第{index}条({material.get('key', '')})"
        catalogue.materials.append({
            "key": checker.text(material, "key", at, pattern=KEY), "name": checker.text(material, "name", at),
            "form": checker.text(material, "form", at, choices=FORMS), "original": checker.text(material, "original", at, choices=ORIGINALS),
            "source": checker.text(material, "source", at, pattern=SOURCE), "note": checker.text(material, "note", at, required=False),
        })
    for index, unit in enumerate(checker.tables(shared, "unit", where), 1):
        at = f"{where} [[unit]] 第{index}条({unit.get('name', '')})"
        catalogue.units.append({"name": checker.text(unit, "name", at), "address": checker.text(unit, "address", at, required=False),
                                "phone": checker.text(unit, "phone", at, required=False), "hours": checker.text(unit, "hours", at, required=False)})
    for index, fdef in enumerate(checker.tables(shared, "field", where), 1):
        at = f"{where} [[field]] 第{index}条({fdef.get('key', '')})"
        row = {"key": checker.text(fdef, "key", at, pattern=KEY), "label": checker.text(fdef, "label", at),
               "type": checker.text(fdef, "type", at, choices=FIELD_TYPES), "choices": checker.strings(fdef, "choices", at),
               "prefill": checker.text(fdef, "prefill", at, required=False, pattern=PREFILL)}
        if row["type"] == "choice" and not row["choices"]:
            checker.fail(at, _("类型为 choice 的数据项须列出 choices"))
        catalogue.fields.append(row)
    _unique(checker, catalogue.laws, "key", where, _("法律依据"))
    _unique(checker, catalogue.materials, "key", where, _("材料"))
    _unique(checker, catalogue.units, "name", where, _("单位"))
    _unique(checker, catalogue.fields, "key", where, _("数据项"))

    laws = {row["key"] for row in catalogue.laws}
    materials = {row["key"] for row in catalogue.materials}
    units = {row["name"] for row in catalogue.units}
    fields = {row["key"] for row in catalogue.fields}
    item_files = sorted((root / "items").glob("*.toml")) if (root / "items").is_dir() else []
    if not item_files:
        checker.fail("items/", _("没有事项文件(items/*.toml)"))
    for path in item_files:
        content = _read(path, checker)
        for index, item in enumerate(checker.tables(content, "item", f"items/{path.name}"), 1):
            catalogue.items.append(_item(checker, item, f"items/{path.name} 第{index}项({item.get('name', '')})", laws, materials, units, fields))
    _unique(checker, catalogue.items, "name", "items/", _("事项名称"))
    _unique(checker, catalogue.items, "implementation_code", "items/", _("实施编码"))

    item_names = {row["name"] for row in catalogue.items}
    bundles_path = root / "bundles.toml"
    if bundles_path.is_file():
        content = _read(bundles_path, checker)
        for index, bundle in enumerate(checker.tables(content, "bundle", "bundles.toml"), 1):
            catalogue.bundles.append(_bundle(checker, bundle, f"bundles.toml 第{index}个({bundle.get('name', '')})", item_names))
        _unique(checker, catalogue.bundles, "key", "bundles.toml", _("一件事标识"))
    if checker.problems:
        raise CatalogueError(checker.problems)
    return catalogue


def _item(checker: _Checker, item: dict, at: str, laws, materials, units, fields) -> dict:
    row = {
        "name": checker.text(item, "name", at), "basic_code": checker.text(item, "basic_code", at, required=False),
        "implementation_code": checker.text(item, "implementation_code", at), "type": checker.text(item, "type", at, choices=ITEM_TYPES),
        "unit": checker.text(item, "unit", at), "legal_basis": checker.strings(item, "legal_basis", at),
        "conditions": checker.strings(item, "conditions", at), "kind": checker.text(item, "kind", at, choices=KINDS),
        "statutory_days": checker.integer(item, "statutory_days", at), "promised_days": checker.integer(item, "promised_days", at),
        "visits": checker.integer(item, "visits", at), "online": checker.boolean(item, "online", at),
        "result": checker.text(item, "result", at, required=False), "fields": checker.strings(item, "fields", at),
        "fees": [], "materials": [], "stages": [],
    }
    if row["unit"] and row["unit"] not in units:
        checker.fail(at, _("“unit”的单位“%(unit)s”未在 shared.toml 的 [[unit]] 中定义") % {"unit": row["unit"]})
    for key in row["legal_basis"]:
        if key not in laws:
            checker.fail(at, _("“legal_basis”引用了未定义的法律依据“%(key)s”") % {"key": key})
    for key in row["fields"]:
        if key not in fields:
            checker.fail(at, _("“fields”引用了未定义的数据项“%(key)s”") % {"key": key})
    if row["visits"] > 1:
        checker.fail(at, _("“visits”只能为 0 或 1(最多跑一次)"))
    if row["promised_days"] > row["statutory_days"]:
        checker.fail(at, _("承诺时限 %(p)s 个工作日超过法定时限 %(s)s 个工作日") % {"p": row["promised_days"], "s": row["statutory_days"]})
    for fee in checker.tables(item, "fees", at):
        row["fees"].append({"name": checker.text(fee, "name", at + " fees"), "amount": checker.text(fee, "amount", at + " fees", required=False),
                            "basis": checker.text(fee, "basis", at + " fees", required=False)})
    seen = set()
    for index, material in enumerate(checker.tables(item, "materials", at), 1):
        where = f"{at} [[item.materials]] 第{index}条"
        entry = {"material": checker.text(material, "material", where), "required": checker.text(material, "required", where, choices=NEEDS),
                 "condition": checker.text(material, "condition", where, required=False)}
        if entry["material"] and entry["material"] not in materials:
            checker.fail(where, _("引用了未定义的材料“%(key)s”") % {"key": entry["material"]})
        if entry["material"] in seen:
            checker.fail(where, _("材料“%(key)s”重复列出") % {"key": entry["material"]})
        if entry["required"] == "conditional" and not entry["condition"]:
            checker.fail(where, _("情形材料须写明“condition”(何种情形需要)"))
        seen.add(entry["material"])
        row["materials"].append(entry)
    for index, stage in enumerate(checker.tables(item, "stages", at), 1):
        where = f"{at} [[item.stages]] 第{index}条"
        row["stages"].append({"name": checker.text(stage, "name", where), "role": checker.text(stage, "role", where, required=False),
                              "days": checker.integer(stage, "days", where), "suspends_clock": checker.boolean(stage, "suspends_clock", where)})
    if not row["stages"]:
        checker.fail(at, _("至少需要一个办理环节 [[item.stages]]"))
    return row


def _bundle(checker: _Checker, bundle: dict, at: str, item_names: set[str]) -> dict:
    row = {"key": checker.text(bundle, "key", at, pattern=KEY), "name": checker.text(bundle, "name", at),
           "description": checker.text(bundle, "description", at, required=False), "basis": checker.text(bundle, "basis", at, required=False),
           "items": checker.strings(bundle, "items", at), "questions": []}
    for name in row["items"]:
        if name not in item_names:
            checker.fail(at, _("“items”引用了未定义的事项“%(name)s”") % {"name": name})
    if not row["items"]:
        checker.fail(at, _("一件事至少包含一个事项"))
    for index, question in enumerate(checker.tables(bundle, "questions", at), 1):
        where = f"{at} [[bundle.questions]] 第{index}条"
        entry = {"key": checker.text(question, "key", where, pattern=KEY), "text": checker.text(question, "text", where),
                 "adds": checker.strings(question, "adds", where), "removes": checker.strings(question, "removes", where)}
        for name in entry["adds"] + entry["removes"]:
            if name not in item_names:
                checker.fail(where, _("引用了未定义的事项“%(name)s”") % {"name": name})
        row["questions"].append(entry)
    return row


def problems_of(error: ValidationError) -> list[str]:
    return list(error.messages)


def as_dict(catalogue: Catalogue) -> dict[str, Any]:
    return {"laws": catalogue.laws, "materials": catalogue.materials, "units": catalogue.units, "fields": catalogue.fields,
            "items": catalogue.items, "bundles": catalogue.bundles}
