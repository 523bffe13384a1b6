"""The demo city's government-service catalogue seed data (yingshang/affairs/data, format: docs of the
affairs catalogue, contract AFFAIRS-DATA) is complete and consistent.

Pure Python on purpose — tomllib, csv and ast, no database and no Django model — so that the data can be
checked before (and independently of) the affairs app that loads it.
"""

from __future__ import annotations

import ast
import csv
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
CORE = Path(__file__).resolve().parents[2] / "core"
ITEM_FILES = sorted((DATA / "items").glob("*.toml"))
TOML_FILES = [DATA / "shared.toml", DATA / "bundles.toml", *ITEM_FILES]

KEY = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
ITEM_TYPES = {"行政许可", "行政确认", "行政给付", "其他行政权力", "公共服务"}
KINDS = {"即办件", "承诺件"}
FIELD_TYPES = {"text", "number", "date", "choice", "bool", "address", "phone", "id_number"}
FORMS = {"纸质", "电子", "纸质或电子"}
ORIGINALS = {"原件", "复印件", "原件和复印件"}
SOURCE = re.compile(r"^(applicant|registry|license:.+|shared:.+)$")
PREFILL = re.compile(r"^(enterprise|user)\.([a-z_]+)$")
CHINESE_ARTICLE = re.compile(r"第[一二三四五六七八九十百零]+条")
# The 「高效办成一件事」 key matters concerning enterprises that the issue asks for (国发〔2024〕3号 and the
# 2024 key-matter lists), by bundle key.
REQUIRED_BUNDLES = {"open-restaurant", "change-enterprise-info", "open-transport", "utility-connection", "enterprise-deregistration"}


def _load(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


SHARED = _load(DATA / "shared.toml")
ITEMS = [item for path in ITEM_FILES for item in _load(path)["item"]]
BUNDLES = _load(DATA / "bundles.toml")["bundle"]
LAWS = {law["key"]: law for law in SHARED["law"]}
MATERIALS = {material["key"]: material for material in SHARED["material"]}
FIELDS = {field["key"]: field for field in SHARED["field"]}
UNITS = {unit["name"]: unit for unit in SHARED["unit"]}
ITEMS_BY_NAME = {item["name"]: item for item in ITEMS}


def _model_fields(class_name: str) -> set[str]:
    """Field names assigned in a model class of core/models.py (read with ast: no Django needed)."""
    tree = ast.parse((CORE / "models.py").read_text(encoding="utf-8"))
    cls = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == class_name)
    return {target.id for node in cls.body if isinstance(node, ast.Assign) for target in node.targets if isinstance(target, ast.Name)}


@pytest.mark.parametrize("path", TOML_FILES, ids=lambda p: p.name)
def test_every_file_parses(path):
    assert _load(path)


def test_shared_elements_are_unique_and_well_formed():
    for table in ("law", "material", "field"):
        keys = [row["key"] for row in SHARED[table]]
        assert [k for k, n in Counter(keys).items() if n > 1] == [], table
        assert all(KEY.match(k) for k in keys), table
    assert [n for n, c in Counter(u["name"] for u in SHARED["unit"]).items() if c > 1] == []
    for law in SHARED["law"]:
        assert law["title"].startswith("《") and law["text"].strip(), law["key"]
    for material in SHARED["material"]:
        assert material["form"] in FORMS and material["original"] in ORIGINALS, material["key"]
        assert SOURCE.match(material["source"]), material["key"]
        assert material["name"].strip() and "note" in material
    for unit in SHARED["unit"]:
        assert unit["address"] and re.match(r"^0411-\d{8}$", unit["phone"]) and unit["hours"], unit["name"]


def test_fields_have_a_known_type_and_prefill_from_a_real_registry_fact():
    known = {"enterprise": _model_fields("Enterprise"), "user": _model_fields("User")}
    assert {"name", "credit_code", "address", "contact_name", "contact_phone"} <= known["enterprise"]
    for field in SHARED["field"]:
        assert field["type"] in FIELD_TYPES, field["key"]
        assert bool(field["choices"]) == (field["type"] == "choice"), field["key"]
        if field["prefill"]:
            match = PREFILL.match(field["prefill"])
            assert match and match.group(2) in known[match.group(1)], field["prefill"]


def test_units_are_units_of_the_demo_city():
    with (CORE / "data" / "dalian_units.csv").open(encoding="utf-8", newline="") as handle:
        city = {row["name"] for row in csv.DictReader(handle)}
    assert set(UNITS) <= city, sorted(set(UNITS) - city)


def test_every_reference_of_an_item_resolves():
    for item in ITEMS:
        where = item["name"]
        assert item["unit"] in UNITS, where
        assert item["legal_basis"] and set(item["legal_basis"]) <= set(LAWS), where
        assert item["fields"] and set(item["fields"]) <= set(FIELDS), where
        assert len(item["fields"]) == len(set(item["fields"])), where
        materials = [m["material"] for m in item["materials"]]
        assert materials and set(materials) <= set(MATERIALS), where
        assert len(materials) == len(set(materials)), where
        for fee in item["fees"]:
            assert fee["name"] and fee["amount"] and fee["basis"], where
            assert fee["basis"] in LAWS or "《" in fee["basis"], where


def test_every_shared_element_is_used():
    """Nothing dead in shared.toml: every law, material, field and unit is referenced by an item."""
    assert set(LAWS) == {key for item in ITEMS for key in item["legal_basis"]} | {f["basis"] for item in ITEMS for f in item["fees"] if f["basis"] in LAWS}
    assert set(MATERIALS) == {m["material"] for item in ITEMS for m in item["materials"]}
    assert set(FIELDS) == {key for item in ITEMS for key in item["fields"]}
    assert set(UNITS) == {item["unit"] for item in ITEMS}


def test_names_and_codes_are_unique():
    for key in ("name", "implementation_code", "basic_code"):
        values = [item[key] for item in ITEMS]
        assert [v for v, n in Counter(values).items() if n > 1] == [], key
    assert all(re.match(r"^\d{12}$", item["basic_code"]) for item in ITEMS)


def test_the_catalogue_has_at_least_sixty_items_of_ten_departments():
    per_unit = Counter(item["unit"] for item in ITEMS)
    assert len(ITEMS) >= 60
    assert len(per_unit) >= 10
    assert sum(1 for n in per_unit.values() if n >= 3) >= 10  # not ten departments with one item each


def test_vocabularies_and_time_limits():
    for item in ITEMS:
        where = item["name"]
        assert item["type"] in ITEM_TYPES and item["kind"] in KINDS, where
        assert item["visits"] in (0, 1) and isinstance(item["online"], bool), where
        assert 0 <= item["promised_days"] <= item["statutory_days"], where
        if item["kind"] == "即办件":
            assert item["promised_days"] == 0, where
        else:
            assert item["statutory_days"] > 0, where
        assert item["conditions"] and all(c.strip() for c in item["conditions"]), where
        for need in item["materials"]:
            assert need["required"] in ("required", "conditional"), where
            assert bool(need["condition"]) == (need["required"] == "conditional"), where
        assert item["stages"], where
        counted = 0
        for stage in item["stages"]:
            assert stage["name"] and stage["role"] and stage["days"] >= 0 and isinstance(stage["suspends_clock"], bool), where
            counted += 0 if stage["suspends_clock"] else stage["days"]
        # The stages on the clock fit in the promised time; suspended ones (公示, 专家评审) are outside it.
        assert counted <= item["promised_days"], where


def test_legal_basis_quotes_a_numbered_article():
    for law in SHARED["law"]:
        assert CHINESE_ARTICLE.search(law["title"]) or "〔" in law["title"], law["key"]


# ── 一件事: the merge arithmetic ──────────────────────────────────────────────────────────────────────────
# Items of a bundle for a set of answers: the base items, then per question answered 「是」 its ``adds`` and
# minus its ``removes`` (question order). Separately, each item asks all its fields and all its materials.
# Merged (one form): a field asked by several items is asked once, and not at all when its ``prefill`` is a
# fact the platform knows — ``user.*`` always (the signed-in applicant), ``enterprise.*`` only when the
# applicant is a registered enterprise, i.e. when the bundle does not itself register the enterprise
# (企业设立登记). A material needed by several items is submitted once, and not at all when its source is
# ``license:`` (电子证照) or ``shared:`` (another department's data), or ``registry`` for a registered
# enterprise (免提交).
SETS_UP_ENTERPRISE = "企业设立登记"


def bundle_items(bundle: dict, answers: dict[str, bool]) -> list[str]:
    chosen = list(dict.fromkeys(bundle["items"]))
    for question in bundle.get("questions", []):
        if answers.get(question["key"]):
            chosen += [name for name in question["adds"] if name not in chosen]
            chosen = [name for name in chosen if name not in question.get("removes", [])]
    return chosen


def merge_stats(names: list[str]) -> dict[str, int]:
    items = [ITEMS_BY_NAME[name] for name in names]
    registered = SETS_UP_ENTERPRISE not in names

    def prefilled(key: str) -> bool:
        prefill = FIELDS[key]["prefill"]
        return prefill.startswith("user.") or (registered and prefill.startswith("enterprise."))

    def supplied(key: str) -> bool:
        source = MATERIALS[key]["source"]
        return source.startswith(("license:", "shared:")) or (registered and source == "registry")

    fields = dict.fromkeys(key for item in items for key in item["fields"])
    materials = dict.fromkeys(need["material"] for item in items for need in item["materials"])
    return {
        "fields_separate": sum(len(item["fields"]) for item in items),
        "fields_merged": sum(1 for key in fields if not prefilled(key)),
        "materials_separate": sum(len(item["materials"]) for item in items),
        "materials_merged": sum(1 for key in materials if not supplied(key)),
    }


def test_bundles_exist_and_resolve():
    keys = [bundle["key"] for bundle in BUNDLES]
    assert len(keys) == len(set(keys)) >= 5 and REQUIRED_BUNDLES <= set(keys)
    for bundle in BUNDLES:
        assert bundle["name"] and bundle["basis"] and set(bundle["items"]) <= set(ITEMS_BY_NAME), bundle["key"]
        questions = bundle.get("questions", [])
        assert len({q["key"] for q in questions}) == len(questions), bundle["key"]
        for question in questions:
            assert KEY.match(question["key"]) and question["text"].endswith("?"), question["key"]
            assert question["adds"] and set(question["adds"]) | set(question.get("removes", [])) <= set(ITEMS_BY_NAME)
            assert not set(question["adds"]) & set(bundle["items"]), question["key"]  # a 「是」 really adds
        # Several departments handle the sub-cases (统一出件 of a genuinely cross-department matter).
        assert len({ITEMS_BY_NAME[name]["unit"] for name in bundle_items(bundle, {})}) >= 2 or bundle["key"] == "employee-hiring"


def test_the_merge_arithmetic_on_a_small_case():
    stats = merge_stats(["单位社会保险登记信息变更", "单位医疗保险登记信息变更"])
    # Both ask enterprise_name, credit_code, change_* (4), contact (2), agent (2): 10 each, 10 distinct, of which
    # name, credit code, contact name/phone and agent name/phone are known → 4 asked; business-licence and
    # agent-id come from 电子证照 → none submitted.
    assert stats == {"fields_separate": 20, "fields_merged": 4, "materials_separate": 4, "materials_merged": 0}


@pytest.mark.parametrize("bundle", BUNDLES, ids=lambda b: b["key"])
def test_each_bundle_asks_at_least_half_less(bundle):
    """With every 情形 answered 「是」 (the largest form), the merged form asks ≤ 50% of the separate fields
    and ≤ 50% of the separate materials."""
    stats = merge_stats(bundle_items(bundle, {q["key"]: True for q in bundle.get("questions", [])}))
    assert stats["fields_merged"] <= stats["fields_separate"] / 2, stats
    assert stats["materials_merged"] <= stats["materials_separate"] / 2, stats


def test_sources_document_every_item_and_the_current_bundle_figures():
    """SOURCES.md lists every item and shows, per bundle, the figures this arithmetic computes now."""
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert all(f"| {item['name']} |" in sources for item in ITEMS)
    for bundle in BUNDLES:
        stats = merge_stats(bundle_items(bundle, {q["key"]: True for q in bundle.get("questions", [])}))
        row = next(line for line in sources.splitlines() if line.startswith(f"| {bundle['name']}({bundle['key']}) | 全部情形答「是」"))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert (int(cells[3]), int(cells[5]), int(cells[7]), int(cells[9])) == (
            stats["fields_separate"], stats["fields_merged"], stats["materials_separate"], stats["materials_merged"]), bundle["key"]
