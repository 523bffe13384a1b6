"""How 政务服务's objects reach a reader's scope (core.scope), and the capabilities of each role.

Items reach their implementing unit. A case reaches the hall that received it (the window clerks), the
departments of its sub-cases, the applying enterprise and the applicant's own account; a sub-case its
department and the case's hall; a received material (its file) the case's hall, the departments whose sub-cases
need it and the applicant; a rating and its 整改 the rated unit and the case's hall."""

from __future__ import annotations

from yingshang.core.scope import scoped

from .models import Case, CaseMaterial, CaseMonth, DecidedMonth, Item, Rating, RatingMonth, Rectification, StageMonth, SubCase

scoped(Item, unit="unit")
scoped(Case, unit=("hall", "subcases__unit"), enterprise="enterprise", citizen="applicant", many=True)
scoped(SubCase, unit=("unit", "case__hall"), enterprise="case__enterprise", citizen="case__applicant")
# A received material: the case's hall and the departments of the sub-cases that need it — not every department
# of the case — and the applicant.
scoped(CaseMaterial, unit=("case__hall", "subcases__unit"), enterprise="case__enterprise", citizen="case__applicant", many=True)
scoped(Rating, unit=("unit", "case__hall"), enterprise="case__enterprise", citizen="case__applicant")
scoped(Rectification, unit=("unit", "rating__case__hall"))

VIEW_CATALOGUE, EDIT_ITEMS, PUBLISH_ITEMS, MANAGE_SHARED = ("affairs.view_catalogue", "affairs.edit_items", "affairs.publish_items",
                                                            "affairs.manage_shared")
APPLY, RECEIVE, HANDLE, VIEW_CASES = "affairs.apply", "affairs.receive", "affairs.handle", "affairs.view_cases"
MONITOR, RATE, RECTIFY = "affairs.view_monitoring", "affairs.rate", "affairs.rectify"

CAPABILITIES = {
    "admin": {VIEW_CATALOGUE, EDIT_ITEMS, PUBLISH_ITEMS, MANAGE_SHARED, RECEIVE, HANDLE, VIEW_CASES, MONITOR, RECTIFY},
    "handler": {VIEW_CATALOGUE, EDIT_ITEMS, HANDLE, VIEW_CASES, RECTIFY},
    "window_clerk": {VIEW_CATALOGUE, RECEIVE, VIEW_CASES, RATE},
    "coordinator": {VIEW_CATALOGUE, VIEW_CASES, MONITOR},
    "leader": {VIEW_CATALOGUE, VIEW_CASES, MONITOR},
    "auditor": {VIEW_CATALOGUE, VIEW_CASES, MONITOR},
    "operator": {VIEW_CATALOGUE},
    "enterprise": {VIEW_CATALOGUE, APPLY, RATE},
    "citizen": {VIEW_CATALOGUE, APPLY, RATE},
}

# The monitoring summaries reach the unit they count (a CaseMonth row without a unit is the whole city's).
scoped(DecidedMonth, unit="unit")
scoped(StageMonth, unit="unit")
scoped(CaseMonth, unit="unit")
scoped(RatingMonth, unit="unit")
