"""Unit mentions → the organisation tree: aliases, the issuing district, collective phrases."""

import pytest

from yingshang.core.models import Unit
from yingshang.plans.resolution import district_of, expand_collective, issuing_unit_for, member_keys, resolve_single

pytestmark = pytest.mark.django_db


@pytest.fixture
def ganjingzi():
    return Unit.objects.get(name="甘井子区人民政府")


def test_aliases_resolve_to_one_unit():
    assert resolve_single("市市场监管局", None).unit.name == "市市场监督管理局"
    assert resolve_single("市营商局(市大数据管理局)", None).unit.code == "U042"
    assert resolve_single("市发展改革委", None).unit.name == "市发展和改革委员会"


def test_district_aliases_need_the_issuing_district(ganjingzi):
    ambiguous = resolve_single("区财政局(金融发展局)", None)
    assert ambiguous.unit is None and len(ambiguous.candidates) == 10  # one per 区市县
    assert resolve_single("区财政局(金融发展局)", ganjingzi).unit.name == "甘井子区财政局"
    assert resolve_single("区市场监管局", ganjingzi).unit.name == "甘井子区市场监督管理局"


def test_unknown_mentions_resolve_to_nothing():
    assert resolve_single("区数字孪生推进中心", None).unit is None
    assert resolve_single("区数字孪生推进中心", None).candidates == ()


def test_collective_mentions_are_covered_by_known_phrases():
    assert member_keys("各区市县政府、先导区管委会") == ["district_govs", "pilot_zones"]
    assert member_keys("各区市县党委、政府") == ["district_govs"]
    assert member_keys("各区市县党委、政府、各先导区党工委、管委会") == ["district_govs", "pilot_zones"]
    assert member_keys("各类行业协会") is None


def test_district_governments_and_pilot_zones():
    expansion = expand_collective("各区市县政府、先导区管委会", None)
    names = {u.name for u in expansion.units}
    assert not expansion.problem and len(names) == 15
    assert {"甘井子区人民政府", "庄河市人民政府", "金普新区管理委员会", "大连高新技术产业园区管理委员会"} <= names
    # 自贸区大连片区 is administered inside 金普新区, not a 先导区 of its own.
    assert "中国(辽宁)自由贸易试验区大连片区管理委员会" not in names
    urban = {u.name for u in expand_collective("各区政府", None).units}
    assert "甘井子区人民政府" in urban and "庄河市人民政府" not in urban and "长海县人民政府" not in urban


def test_district_departments_and_streets_expand_within_the_issuing_district(ganjingzi):
    depts = expand_collective("区直相关部门", ganjingzi).units
    assert len(depts) > 30 and all(u.tree_path.startswith(ganjingzi.tree_path) and u.kind == "district_dept" for u in depts)
    streets = expand_collective("各镇(街道)", ganjingzi).units
    assert streets and all(u.kind == "street" and u.tree_path.startswith(ganjingzi.tree_path) for u in streets)
    city_wide = expand_collective("区直相关部门", None)
    assert city_wide.units == () and "发文区县" in city_wide.problem


def test_a_group_without_units_says_why():
    parks = expand_collective("各园区", None)
    assert parks.units == () and "园区" in parks.problem


def test_issuer_and_district():
    assert issuing_unit_for("甘井子区人民政府办公室").name == "甘井子区人民政府"
    assert issuing_unit_for("大连市营商环境建设领导小组").code == "U002"
    assert issuing_unit_for("营口市鲅鱼圈区人民政府办公室") is None
    finance = Unit.objects.get(name="甘井子区财政局")
    assert district_of(finance).name == "甘井子区人民政府"
    assert district_of(Unit.objects.get(name="市财政局")) is None
    ftz = Unit.objects.get(name="中国(辽宁)自由贸易试验区大连片区管理委员会")
    assert district_of(ftz).name == "金普新区管理委员会"


def test_a_unit_assigned_to_a_collective_mention_completes_it():
    from yingshang.plans.models import ItemMention
    from yingshang.plans.resolution import mention_expansion

    park = Unit.objects.get(name="甘井子区商务局")
    partial = ItemMention(mention="各区市县政府、园区", group="各区市县政府、园区", collective=True)
    assert len(mention_expansion(partial, None).units) == 10 and mention_expansion(partial, None).problem
    partial.unit = park
    completed = mention_expansion(partial, None)
    assert len(completed.units) == 11 and park in completed.units and not completed.problem
    single = ItemMention(mention="市市场监管局", collective=False)
    assert mention_expansion(single, None).units == ()
