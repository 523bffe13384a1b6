"""JSON API of the credit app, mounted at /api/v1/credit/: an enterprise's credit standing by its 统一社会信用代码
(the same one check as core.registry.credit_check), within the caller's scope."""

from __future__ import annotations

from ninja import Router, Schema

from yingshang.core.api import ERROR_RESPONSES
from yingshang.core.creditcode import normalize_credit_code
from yingshang.core.permissions import require_capability
from yingshang.core.registry import credit_check

from . import selectors

router = Router(tags=["credit"])


class StandingOut(Schema):
    credit_code: str
    name: str
    risk_class: str
    score: float | None
    blacklisted: bool
    reasons: list[str]


@router.get("/standing/{code}/", response={200: StandingOut, **ERROR_RESPONSES}, url_name="credit_standing", summary="企业信用状况(按统一社会信用代码)")
def standing(request, code: str):
    require_capability(request.user, "credit.view_standing")
    enterprise = selectors.enterprise_by_code_for_user(request.user, normalize_credit_code(code))
    result = credit_check(enterprise.pk)
    return {"credit_code": enterprise.credit_code, "name": enterprise.name, "risk_class": result.risk_class, "score": result.score,
            "blacklisted": result.blacklisted, "reasons": list(result.reasons)}
