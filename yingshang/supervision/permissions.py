"""How 监管执法's objects reach a reader's scope (core.scope): a department's items, inspectors, plans and
tasks through its unit (a joint task through every participating unit), a district coordinator through the
enterprise's district, an enterprise its own inspections. Capabilities stay in apps.py."""

from __future__ import annotations

from yingshang.core.scope import scoped

from .models import CheckRecord, DrawResult, InspectionItem, InspectionTask, Inspector, MinorViolation, Rating, SamplingPlan, Scenario

scoped(InspectionItem, unit="unit")
scoped(Scenario, unit="items__unit", many=True)
scoped(Inspector, unit="unit", district="district")
scoped(MinorViolation, unit="unit")
scoped(SamplingPlan, unit="unit", district="district")
scoped(DrawResult, unit="plan__unit", district="enterprise__district", enterprise="enterprise")
scoped(InspectionTask, unit=("lead_unit", "units"), district="enterprise__district", enterprise="enterprise", many=True)
scoped(CheckRecord, unit=("task__lead_unit", "task__units"), district="task__enterprise__district", enterprise="task__enterprise", many=True)
scoped(Rating, unit=("task__lead_unit", "task__units"), district="task__enterprise__district", enterprise="task__enterprise", many=True)
