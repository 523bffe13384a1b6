import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yingshang.core.models import Enterprise, Unit
from yingshang.core.selectors import unit_resolve
from yingshang.core.services import ConcurrentEditError, enterprise_create, enterprise_update, unit_create, unit_update

pytestmark = pytest.mark.django_db


def test_stale_edit_is_refused_and_loses_nothing(users):
    admin = users["admin"]
    first_view = Enterprise.objects.order_by("id").first()
    second_view = Enterprise.objects.get(pk=first_view.pk)
    enterprise_update(actor=admin, enterprise=first_view, expected_version=first_view.version, employees=11)
    with pytest.raises(ConcurrentEditError):
        enterprise_update(actor=admin, enterprise=second_view, expected_version=second_view.version, employees=99)
    assert Enterprise.objects.get(pk=first_view.pk).employees == 11


def test_size_class_is_derived_on_every_write(users):
    enterprise = Enterprise.objects.filter(industry_id="39").first() or Enterprise.objects.first()
    updated = enterprise_update(actor=users["admin"], enterprise=enterprise, expected_version=enterprise.version,
                                industry=enterprise.industry, employees=2, annual_revenue=10)
    assert updated.size_class == "micro"


def test_create_rejects_invalid_code_and_duplicates(users):
    enterprise = Enterprise.objects.first()
    with pytest.raises(ValidationError, match="校验码"):
        enterprise_create(actor=users["admin"], credit_code="91350100M000100Y44", name="x", district=enterprise.district, industry=enterprise.industry)
    with pytest.raises(ValidationError, match="已登记"):
        enterprise_create(actor=users["admin"], credit_code=enterprise.credit_code, name="x", district=enterprise.district, industry=enterprise.industry)


def test_non_admin_cannot_write(users):
    enterprise = Enterprise.objects.first()
    with pytest.raises(PermissionDenied):
        enterprise_update(actor=users["leader"], enterprise=enterprise, expected_version=enterprise.version, employees=1)


@pytest.mark.parametrize(
    "mention, expected",
    [("市市场监管局", "市市场监督管理局"), ("市营商局", "市营商局(市大数据管理局)"), ("市营商局（市大数据管理局）", "市营商局(市大数据管理局)"), (" 市发展改革委 ", "市发展和改革委员会")],
)
def test_aliases_resolve_the_seeds_ways_of_naming_units(mention, expected):
    assert [u.name for u in unit_resolve(mention)] == [expected]


def test_shared_district_alias_is_disambiguated_by_context():
    candidates = unit_resolve("区财政局")
    assert len(candidates) >= 10
    ganjingzi = Unit.objects.get(name="甘井子区人民政府")
    assert [u.name for u in unit_resolve("区财政局", within=ganjingzi)] == ["甘井子区财政局"]


def test_moving_a_unit_moves_its_subtree(users):
    admin = users["admin"]
    root = Unit.objects.get(code="U000")
    parent = unit_create(actor=admin, code="T1", name="测试上级", kind="other", parent=root)
    child = unit_create(actor=admin, code="T2", name="测试下级", kind="other", parent=parent)
    new_home = Unit.objects.get(code="U042")
    unit_update(actor=admin, unit=parent, expected_version=parent.version, parent=new_home)
    assert Unit.objects.get(pk=child.pk).tree_path == "/U000/U042/T1/T2/"
    with pytest.raises(ValidationError, match="下级"):
        unit_update(actor=admin, unit=Unit.objects.get(pk=parent.pk), expected_version=None, parent=Unit.objects.get(pk=child.pk))
