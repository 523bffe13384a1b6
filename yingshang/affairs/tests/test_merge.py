"""The 一件事 merge rules (pure functions) and bundle-stats."""

import pytest

from yingshang.affairs.merge import FieldSpec, ItemSpec, MaterialNeed, Question, merge_form, reduction, resolve_items

FIELDS = {
    "name": FieldSpec("name", "企业名称", prefill="enterprise.name"),
    "address": FieldSpec("address", "经营场所", prefill="enterprise.address"),
    "area": FieldSpec("area", "营业面积", type="number"),
    "sign": FieldSpec("sign", "招牌尺寸"),
}
LICENCE = MaterialNeed("licence", "营业执照", source="license:营业执照")
PLAN = MaterialNeed("plan", "平面图")
LEASE_IF = MaterialNeed("lease", "租赁合同", required=False, condition="租赁场所")
LEASE = MaterialNeed("lease", "租赁合同")
EXTRACT = MaterialNeed("extract", "登记信息", source="registry")
FOOD = ItemSpec("食品经营许可", "市场监管局", ("name", "address", "area"), (LICENCE, PLAN, LEASE_IF))
FIRE = ItemSpec("消防检查", "消防支队", ("name", "address", "area"), (LICENCE, PLAN, LEASE))
SIGN = ItemSpec("招牌审批", "城管局", ("name", "sign"), (LICENCE, EXTRACT))


def test_a_field_asked_by_several_items_is_one_field_and_known_facts_are_not_asked():
    form = merge_form([FOOD, FIRE, SIGN], FIELDS, {"enterprise.name": "某某餐饮有限公司"})
    assert [f.spec.key for f in form.fields] == ["name", "address", "area", "sign"]
    assert form.fields[0].items == ["食品经营许可", "消防检查", "招牌审批"]
    assert [f.spec.key for f in form.prefilled_fields] == ["name"] and form.prefilled_fields[0].value == "某某餐饮有限公司"
    assert [f.spec.key for f in form.fields_to_ask] == ["address", "area", "sign"]


def test_an_empty_fact_is_asked():
    form = merge_form([FOOD], FIELDS, {"enterprise.name": "", "enterprise.address": "中山路1号"})
    assert [f.spec.key for f in form.fields_to_ask] == ["name", "area"]


def test_a_material_is_submitted_once_required_if_any_item_requires_it():
    form = merge_form([FOOD, FIRE], FIELDS, {})
    lease = next(m for m in form.materials if m.need.key == "lease")
    assert lease.items == ["食品经营许可", "消防检查"] and lease.required is True
    assert lease.conditions == ["租赁场所"]
    assert [m.need.key for m in form.materials_to_submit] == ["plan", "lease"]
    only_food = merge_form([FOOD], FIELDS, {})
    assert next(m for m in only_food.materials if m.need.key == "lease").required is False


def test_platform_sources_are_not_submitted_registry_only_for_registered_enterprises():
    registered = merge_form([SIGN], FIELDS, {}, registered_enterprise=True)
    assert registered.materials_to_submit == []
    newcomer = merge_form([SIGN], FIELDS, {}, registered_enterprise=False)
    assert [m.need.key for m in newcomer.materials_to_submit] == ["extract"]
    assert [m.need.key for m in newcomer.materials_supplied] == ["licence"]


def test_stats_count_separate_against_merged():
    form = merge_form([FOOD, FIRE, SIGN], FIELDS, {"enterprise.name": "x", "enterprise.address": "y"})
    assert form.stats() == {"items": 3, "fields_separate": 8, "fields_merged": 2, "materials_separate": 8, "materials_merged": 2}
    assert reduction(8, 2) == 0.75 and reduction(0, 0) == 0.0


def test_answers_add_and_remove_items_in_question_order():
    questions = [Question("sign", "需要户外招牌吗?", adds=("招牌审批",)), Question("takeaway", "仅外卖吗?", removes=("消防检查",)),
                 Question("again", "需要消防?", adds=("消防检查",))]
    base = ["食品经营许可", "消防检查"]
    assert resolve_items(base, questions, {}) == base
    assert resolve_items(base, questions, {"sign": True}) == ["食品经营许可", "消防检查", "招牌审批"]
    assert resolve_items(base, questions, {"sign": True, "takeaway": True}) == ["食品经营许可", "招牌审批"]
    assert resolve_items(base, questions, {"takeaway": True, "again": True}) == ["食品经营许可", "消防检查"]


@pytest.mark.django_db
def test_bundle_stats_command_reports_every_bundle(mini_catalogue):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("affairs", "bundle-stats", "--format", "json", stdout=out)
    import json

    rows = {row["key"]: row for row in json.loads(out.getvalue())}
    restaurant = rows["open-restaurant"]
    assert restaurant["items"] == 4  # three base items and the sign, the question that only adds
    assert restaurant["fields_separate"] == 6 + 5 + 4 + 4
    assert restaurant["fields_merged"] == 3  # food_categories, floor_area, sign_size: the rest is prefilled
    assert restaurant["materials_merged"] < restaurant["materials_separate"] / 2


@pytest.mark.django_db
def test_export_catalog_prints_the_published_elements(mini_catalogue):
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("affairs", "export-catalog", "--format", "json", stdout=out)
    items = {row["name"]: row for row in json.loads(out.getvalue())}
    assert len(items) == 8
    sign = items["户外广告设施设置审批"]
    assert sign["type"] == "行政许可" and sign["unit"] == "市城市管理局" and sign["statutory_days"] == 20 and sign["promised_days"] == 5
    assert sign["legal_basis"] == ["《城市市容和环境卫生管理条例》第十一条"]
    assert {"name": "租赁合同" if False else "经营场所使用证明", "required": False, "condition": "设置在租赁场所外墙的", "source": "applicant"} in sign["materials"]
    assert [s["name"] for s in sign["stages"]] == ["受理", "审查", "公示"] and sign["stages"][2]["suspends_clock"] is True
