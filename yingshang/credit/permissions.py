"""How the credit app's objects reach a reader's scope (core.scope). A record reaches the unit that decided
it (处罚机关, 认定单位) and the enterprise it is about; a repair application its deciding unit and the
applicant; an arrears complaint the debtor unit, the complaining enterprise and — for a district's
coordinator — the district of that enterprise. The city's credit unit reads everything (selectors.py)."""

from __future__ import annotations

from yingshang.core.scope import scoped

from .models import ArrearsComplaint, ArrearsInstalment, BlacklistEntry, Penalty, RepairApplication, RepairEvidence, TaxCredit

scoped(Penalty, unit="unit", district="enterprise__district", enterprise="enterprise")
scoped(BlacklistEntry, unit="unit", district="enterprise__district", enterprise="enterprise")
scoped(TaxCredit, enterprise="enterprise", district="enterprise__district")
scoped(RepairApplication, unit="unit", district="enterprise__district", enterprise="enterprise")
scoped(RepairEvidence, unit="application__unit", district="application__enterprise__district", enterprise="application__enterprise")
scoped(ArrearsComplaint, unit="debtor_unit", district="enterprise__district", enterprise="enterprise")
scoped(ArrearsInstalment, unit="complaint__debtor_unit", district="complaint__enterprise__district", enterprise="complaint__enterprise")
