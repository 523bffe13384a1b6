"""How the analysis tables reach a reader's scope (core.scope). They are all derived from appeals, so
they follow the one rule for appeals: through the appeals' handling units and districts, and the
district an address was normalised to. Capabilities stay in apps.py."""

from __future__ import annotations

from yingshang.core.scope import scoped

from .models import AppealPlace, EarlyWarning, MonthlyTopic, Place, PlaceCluster

scoped(AppealPlace, unit="appeal__unit", district=("appeal__district", "place__district"))
scoped(Place, unit="appeal_links__appeal__unit", district=("appeal_links__appeal__district", "district"), many=True)
scoped(PlaceCluster, unit="appeals__unit", district=("appeals__district", "district"), many=True)
scoped(EarlyWarning, unit="owner_unit", district="district")
scoped(MonthlyTopic, unit="lead_unit", district="district")
