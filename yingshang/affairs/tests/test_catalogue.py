"""The loader (format and its Chinese errors), the idempotent import, versions, and guides kept in step."""

import shutil

import pytest
from django.core.exceptions import ValidationError

from yingshang.affairs.loader import CatalogueError, read_catalogue
from yingshang.affairs.models import GuideChange, Item, ItemVersion, Material, UnitServicePoint
from yingshang.affairs.services.catalogue import catalogue_import, item_update, shared_element_update

from .conftest import MINI

pytestmark = pytest.mark.django_db


def test_the_mini_catalogue_reads():
    catalogue = read_catalogue(MINI)
    assert len(catalogue.items) == 8
    assert {row["unit"] for row in catalogue.items} == {"市市场监督管理局", "大连市消防救援支队", "市城市管理局", "市卫生健康委员会"}
    restaurant = next(b for b in catalogue.bundles if b["key"] == "open-restaurant")
    assert restaurant["questions"][0]["adds"] == ["户外广告设施设置审批"]


def _copy(tmp_path):
    target = tmp_path / "catalogue"
    shutil.copytree(MINI, target)
    return target


def test_loader_names_file_item_and_key_of_every_problem(tmp_path):
    root = _copy(tmp_path)
    path = root / "items" / "scj.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('type = "行政许可"', 'type = "许可"', 1).replace('material = "articles"', 'material = "no-such-material"')
    text = text.replace('promised_days = 5\nvisits = 1', 'promised_days = 15\nvisits = 1')
    path.write_text(text, encoding="utf-8")
    (root / "bundles.toml").write_text((root / "bundles.toml").read_text(encoding="utf-8").replace('"公共场所卫生许可"]', '"不存在的事项"]', 1), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(root)
    messages = caught.value.messages
    assert any("items/scj.toml 第1项(企业设立登记)" in m and "“type”的值“许可”无效" in m for m in messages)
    assert any("[[item.materials]]" in m and "未定义的材料“no-such-material”" in m for m in messages)
    assert any("食品经营许可(新办)" in m and "承诺时限 15 个工作日超过法定时限 10 个工作日" in m for m in messages)
    assert any(m.startswith("bundles.toml 第1个(开办餐饮店)") and "不存在的事项" in m for m in messages)


def test_loader_reports_broken_toml_and_missing_shared(tmp_path):
    root = _copy(tmp_path)
    (root / "items" / "xf.toml").write_text("[[item]\nname = ", encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(root)
    assert any(m.startswith("xf.toml:TOML 格式错误") for m in caught.value.messages)
    (root / "shared.toml").unlink()
    with pytest.raises(CatalogueError, match="缺少 shared.toml"):
        read_catalogue(root)


def test_import_is_idempotent_and_publishes_version_one(mini_catalogue):
    assert mini_catalogue["items"] == 8 and mini_catalogue["published"] == 8
    assert ItemVersion.objects.filter(number=1).count() == 8
    again = catalogue_import(actor=None, catalogue=read_catalogue(MINI))
    assert again["changed"] == 0 and again["published"] == 0
    assert ItemVersion.objects.count() == 8
    item = Item.objects.get(name="食品经营许可(新办)")
    elements = {e["element"]: e["value"] for e in item.guide["elements"]}
    assert elements["咨询电话"] == "0411-88880001"
    assert [m["name"] for m in elements["申请材料"]][:2] == ["营业执照", "申请书"]


def test_changing_a_shared_material_regenerates_every_guide_using_it(mini_catalogue, users):
    material = Material.objects.get(key="floor-plan")
    users_of_it = set(Item.objects.filter(item_materials__material=material).values_list("name", flat=True))
    assert len(users_of_it) == 4
    job = shared_element_update(actor=users["admin"], element=material, expected_version=material.version, name="经营场所平面布局图(标明设备位置)")
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert job.done == job.total == 4
    changes = GuideChange.objects.filter(cause__contains="平面布局图")
    assert {c.item.name for c in changes} == users_of_it
    change = changes.first().changes
    assert any(c["after"] == "经营场所平面布局图(标明设备位置)" and c["before"] == "经营场所平面布局图" for c in change)
    untouched = Item.objects.get(name="企业设立登记")
    assert not untouched.guide_changes.exists()


def test_a_units_phone_change_reaches_all_its_guides(mini_catalogue, users):
    point = UnitServicePoint.objects.get(unit__name="市城市管理局")
    shared_element_update(actor=users["admin"], element=point, expected_version=point.version, phone="0411-99990000")
    for item in Item.objects.filter(unit=point.unit):
        elements = {e["element"]: e["value"] for e in item.guide["elements"]}
        assert elements["咨询电话"] == "0411-99990000"
        assert item.guide_changes.get().changes == [{"element": "咨询电话", "before": "0411-88880003", "after": "0411-99990000"}]


def test_a_stale_shared_edit_is_refused(mini_catalogue, users):
    from yingshang.core.services import ConcurrentEditError

    material = Material.objects.get(key="floor-plan")
    stale = material.version
    shared_element_update(actor=users["admin"], element=material, expected_version=stale, note="第一次修改", regenerate=False)
    with pytest.raises(ConcurrentEditError):
        shared_element_update(actor=users["admin"], element=Material.objects.get(pk=material.pk), expected_version=stale, note="第二次", regenerate=False)


def test_item_change_goes_through_review_and_keeps_diffable_versions(mini_catalogue, users):
    from yingshang.core import workflow as wf
    from yingshang.affairs.catalogue_export import published_catalogue
    from yingshang.affairs.services.catalogue import snapshot_diff
    from yingshang.affairs.workflow import ITEMS

    item = Item.objects.get(name="食品经营许可(新办)")
    handler = users["handler_scj"]
    with pytest.raises(ValidationError, match="只有草稿可以修改"):
        item_update(actor=handler, item=item, expected_version=item.version, promised_days=3)
    wf.run_operation(ITEMS, item, "revise", handler, {})
    item_update(actor=handler, item=item, expected_version=item.version, promised_days=3)
    with pytest.raises(ValidationError, match="不能超过法定时限"):
        item_update(actor=handler, item=item, expected_version=item.version, promised_days=30)
    # A draft does not change what is published.
    assert next(i for i in published_catalogue() if i["name"] == item.name)["promised_days"] == 5
    wf.run_operation(ITEMS, item, "submit", handler, {})
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        wf.run_operation(ITEMS, item, "publish", handler, {})
    wf.run_operation(ITEMS, item, "publish", users["admin"], {"reason": "压缩承诺时限"})
    versions = list(item.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert snapshot_diff(versions[0].snapshot, versions[1].snapshot) == [{"element": "promised_days", "before": 5, "after": 3}]
    assert next(i for i in published_catalogue() if i["name"] == item.name)["promised_days"] == 3
    item.refresh_from_db()
    assert {e["element"]: e["value"] for e in item.guide["elements"]}["承诺时限"] == "3个工作日"


def test_guide_renders_as_docx_and_pdf(mini_catalogue, client):
    item = Item.objects.get(name="户外广告设施设置审批")
    page = client.get(f"/affairs/items/{item.pk}/")
    assert page.status_code == 200 and "招牌设计效果图" in page.content.decode()
    docx = client.get(f"/affairs/items/{item.pk}/guide.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = client.get(f"/affairs/items/{item.pk}/guide.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
