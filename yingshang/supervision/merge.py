"""综合查一次: merge several departments' planned visits of one period, without Django (the service and the
benchmark share it).

Each department's draw stays as it is (its ratio is kept: every enterprise it drew is still inspected for
its items); where two or more departments would visit the same enterprise, one joint task replaces their
separate visits. The lead department is the one bringing the most items (ties: the smallest unit code), so
the enterprise opens its door once: 进一次门、查多项事.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PlannedVisit:
    key: int  # the planned task's id (or any unique key)
    enterprise: int
    department: str  # the unit's code
    items: tuple[str, ...] = ()


@dataclass
class MergedTask:
    enterprise: int
    lead: str
    departments: tuple[str, ...]
    items: tuple[str, ...]
    visits: tuple[int, ...]  # the planned visits it replaces

    @property
    def joint(self) -> bool:
        return len(self.departments) > 1


@dataclass
class MergeReport:
    tasks: list[MergedTask] = field(default_factory=list)
    separate_visits: int = 0

    @property
    def joint_tasks(self) -> int:
        return sum(1 for task in self.tasks if task.joint)

    @property
    def joint_share(self) -> float:
        """Joint tasks among all tasks after the merge (the 30% target of 综合查一次)."""
        return self.joint_tasks / len(self.tasks) if self.tasks else 0.0

    @property
    def visits_saved(self) -> int:
        return self.separate_visits - len(self.tasks)


def merge_visits(visits: Iterable[PlannedVisit]) -> MergeReport:
    """One task per enterprise: joint where several departments planned a visit, in enterprise order."""
    by_enterprise: dict[int, list[PlannedVisit]] = {}
    report = MergeReport()
    for visit in visits:
        by_enterprise.setdefault(visit.enterprise, []).append(visit)
        report.separate_visits += 1
    for enterprise in sorted(by_enterprise):
        planned = by_enterprise[enterprise]
        items_of: dict[str, list[str]] = {}
        for visit in planned:
            items_of.setdefault(visit.department, []).extend(visit.items)
        lead = min(items_of, key=lambda dept: (-len(set(items_of[dept])), dept))
        items = tuple(dict.fromkeys(item for visit in planned for item in visit.items))
        report.tasks.append(MergedTask(enterprise, lead, tuple(sorted(items_of)), items, tuple(v.key for v in planned)))
    return report
