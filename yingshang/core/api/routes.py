"""Core's own operations: units, the 经营主体 registry, and the public 统一社会信用代码 check."""


import datetime as dt

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from .. import selectors
from ..creditcode import credit_code_errors, normalize_credit_code
from ..permissions import can_see_personal_data, mask_phone
from .errors import ERROR_RESPONSES
from .pagination import Pages, Rows

router = Router(tags=["core"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    division: str | None
    is_active: bool


class EnterpriseOut(Schema):
    id: int
    credit_code: str
    name: str
    kind: str
    district: str
    district_name: str
    industry: str | None
    size_class: str
    founded_on: dt.date | None
    registered_capital: str | None
    employees: int | None
    annual_revenue: str | None
    credit_class: str
    status: str
    contact_phone: str
    version: int


class EnterpriseFilters(Schema):
    q: str = ""
    district: str = ""
    section: str = ""
    size: str = ""
    qualification: str = ""


class CreditCodeOut(Schema):
    code: str
    valid: bool
    errors: list[str]


def _decimal(value):
    return str(value) if value is not None else None


def unit_json(unit) -> dict:
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "kind": unit.kind, "parent_id": unit.parent_id,
            "division": unit.division.code if unit.division_id else None, "is_active": unit.is_active}


def enterprise_json(enterprise, *, personal: bool) -> dict:
    return {
        "id": enterprise.pk, "credit_code": enterprise.credit_code, "name": enterprise.name, "kind": enterprise.kind,
        "district": enterprise.district.code, "district_name": enterprise.district.name, "industry": enterprise.industry_id,
        "size_class": enterprise.size_class, "founded_on": enterprise.founded_on,
        "registered_capital": _decimal(enterprise.registered_capital), "employees": enterprise.employees,
        "annual_revenue": _decimal(enterprise.annual_revenue), "credit_class": enterprise.credit_class, "status": enterprise.status,
        "contact_phone": enterprise.contact_phone if personal else mask_phone(enterprise.contact_phone),
        "version": enterprise.version,
    }


@router.get("/units/", response={200: list[UnitOut], **ERROR_RESPONSES}, url_name="units", summary="单位列表(本人可见范围)")
@paginate(Pages)
def units(request):
    return Rows(selectors.unit_list_for_user(request.user), unit_json)


@router.get("/units/{int:pk}/", response={200: UnitOut, **ERROR_RESPONSES}, url_name="unit", summary="单位")
def unit(request, pk: int):
    return unit_json(selectors.unit_get_for_user(request.user, pk))


@router.get("/enterprises/", response={200: list[EnterpriseOut], **ERROR_RESPONSES}, url_name="enterprises", summary="经营主体检索")
@paginate(Pages)
def enterprises(request, filters: Query[EnterpriseFilters]):
    personal = can_see_personal_data(request.user)
    found = selectors.enterprise_search(request.user, **{k: v.strip() for k, v in filters.dict().items()})
    return Rows(found, lambda e: enterprise_json(e, personal=personal))


@router.get("/enterprises/{int:pk}/", response={200: EnterpriseOut, **ERROR_RESPONSES}, url_name="enterprise", summary="经营主体")
def enterprise(request, pk: int):
    return enterprise_json(selectors.enterprise_get_for_user(request.user, pk), personal=can_see_personal_data(request.user))


@router.get("/credit-code/{code}/", response=CreditCodeOut, auth=None, url_name="credit_code",
            summary="统一社会信用代码格式校验(公开,不查名录)")
def credit_code_check(request, code: str):
    code = normalize_credit_code(code)
    errors = credit_code_errors(code)
    return {"code": code, "valid": not errors, "errors": errors}
