"""Reads of the plans module, always through the reader's scope (yingshang.core.scope).

A handler or coordinator sees the tasks of their unit subtree; a city-wide role (admin, leader,
auditor) sees every task of the published plans. A lead unit also sees the tasks — and reports — of the
units that share its items (the 责任单位 it coordinates), read-only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from yingshang.core import clock
from yingshang.core.models import Unit
from yingshang.core.permissions import require_capability
from yingshang.core.scope import is_city_wide, scope_of, subtree_q, visible, visible_or_404

from .models import Bulletin, Indicator, IndicatorValue, ItemMention, Plan, PlanItem, ProgressReport, RankingEntry, RankingRun, Task
from .resolution import district_of, mention_expansion
from .status import IndicatorFact, ReportFact, TaskFacts, TaskStatus, derive_status, indicator_results, worst

# --- plans ---------------------------------------------------------------------------------------------


def plan_list_for_user(user) -> QuerySet[Plan]:
    require_capability(user, "plans.view_plans")
    plans = Plan.objects.select_related("issuing_unit").annotate(item_total=Count("items", distinct=True))
    if not is_city_wide(user):
        plans = plans.filter(status=Plan.Status.PUBLISHED)  # drafts are the city office's work in progress
    return visible(user, plans)


def plan_get_for_user(user, pk: int) -> Plan:
    return visible_or_404(user, plan_list_for_user(user), "方案不存在或不在您的权限范围内", pk=pk)


def plan_items(plan: Plan) -> list[PlanItem]:
    return list(PlanItem.objects.filter(plan=plan).prefetch_related("mentions__unit", "indicators").order_by("position"))


def item_get(plan: Plan, pk: int) -> PlanItem:
    try:
        return PlanItem.objects.prefetch_related("mentions__unit", "indicators").get(plan=plan, pk=pk)
    except PlanItem.DoesNotExist:
        raise Http404("条目不存在")


@dataclass
class MentionView:
    """A mention as the reviewer sees it: what it resolved to, or why it is flagged."""

    mention: ItemMention
    units: list[Unit]
    flag: str = ""  # empty when the mention resolved

    @property
    def ok(self) -> bool:
        return not self.flag


def mention_views(plan: Plan, mentions, cache: dict | None = None) -> list[MentionView]:
    district = district_of(plan.issuing_unit)
    cache = {} if cache is None else cache
    views = []
    for mention in mentions:
        expansion = mention_expansion(mention, district, cache)
        units = list(expansion.units)
        if mention.unit_id:
            flag = ""
        elif mention.collective:
            flag = "" if units and not expansion.problem else (expansion.problem or "集合称谓没有对应的单位")
        elif mention.candidates:
            units = list(Unit.objects.filter(pk__in=mention.candidates))
            flag = f"“{mention.mention}”对应多个单位,请指定"
        else:
            flag = f"组织树中找不到“{mention.mention}”"
        views.append(MentionView(mention, units, flag))
    return views


def flagged_mentions(plan: Plan | None = None) -> list[MentionView]:
    """Mentions the admin has to look at: unknown, ambiguous, or collective without members."""
    mentions = ItemMention.objects.filter(unit__isnull=True).select_related("item__plan").order_by("item__plan_id", "item__position", "role", "position")
    if plan is not None:
        mentions = mentions.filter(item__plan=plan)
    result: list[MentionView] = []
    caches: dict[int, dict] = defaultdict(dict)
    for mention in mentions:
        view = mention_views(mention.item.plan, [mention], caches[mention.item.plan_id])[0]
        if view.flag:
            result.append(view)
    return result


# --- tasks ---------------------------------------------------------------------------------------------


def _task_base() -> QuerySet[Task]:
    return Task.objects.filter(plan__status=Plan.Status.PUBLISHED).select_related("unit", "item", "plan")


def task_list_for_user(user) -> QuerySet[Task]:
    """The tasks of the user's unit subtree (everything for city-wide roles)."""
    require_capability(user, "plans.view_tasks")
    return visible(user, _task_base())


def _led_items_filter(scope_path: str) -> Q:
    return Q(subtree_q(scope_path, "item__tasks__unit"), item__tasks__role=ItemMention.Role.LEAD)


def task_get_for_user(user, pk: int) -> Task:
    """A task of the user's scope, or one of an item the user's unit leads; 404 otherwise."""
    require_capability(user, "plans.view_tasks")
    unit_path = scope_of(user).unit_path
    led = _task_base().filter(_led_items_filter(unit_path), pk=pk).first() if unit_path else None
    return led or visible_or_404(user, _task_base(), "任务不存在或不在您的权限范围内", pk=pk)


def co_tasks_for_lead(user, task: Task) -> list[Task]:
    """The other units' tasks on the same item, when the user's unit leads it (or the user is city-wide)."""
    siblings = _task_base().filter(item=task.item).exclude(pk=task.pk).order_by("role", "unit__tree_path")
    if is_city_wide(user):
        return list(siblings)
    unit_path = scope_of(user).unit_path
    leads = _task_base().filter(subtree_q(unit_path or "-", "unit"), item=task.item, role=ItemMention.Role.LEAD)
    return list(siblings) if unit_path and leads.exists() else []


def reports_of(tasks) -> dict[int, list[ProgressReport]]:
    reports: dict[int, list[ProgressReport]] = defaultdict(list)
    rows = ProgressReport.objects.filter(task__in=list(tasks)).select_related("submitted_by").prefetch_related("values__indicator", "evidence")
    for report in rows.order_by("-submitted_at", "-id"):
        reports[report.task_id].append(report)
    return reports


def evidence_get_for_user(user, pk: int):
    from .models import Evidence

    evidence = Evidence.objects.select_related("report__task").filter(pk=pk).first()
    if evidence is None:
        raise Http404("文件不存在")
    task_get_for_user(user, evidence.report.task_id)  # 404 outside the reader's scope
    return evidence


# --- status ----------------------------------------------------------------------------------------------


def task_facts(tasks: list[Task]) -> dict[int, TaskFacts]:
    """Everything status derivation needs, in four queries for any number of tasks."""
    if not tasks:
        return {}
    ids = [t.pk for t in tasks]
    values: dict[int, dict[int, object]] = defaultdict(dict)
    for report_id, indicator_id, value in IndicatorValue.objects.filter(report__task_id__in=ids).values_list("report_id", "indicator_id", "value"):
        values[report_id][indicator_id] = value
    reports: dict[int, list[ReportFact]] = defaultdict(list)
    for report_id, task_id, submitted_at, percent, is_final in ProgressReport.objects.filter(task_id__in=ids).values_list(
        "id", "task_id", "submitted_at", "percent", "is_final"
    ):
        reports[task_id].append(ReportFact(timezone.localdate(submitted_at), percent, is_final, values.get(report_id, {})))
    accountable_items = {t.item_id for t in tasks if t.accountable}
    indicators: dict[int, list[IndicatorFact]] = defaultdict(list)
    for indicator in Indicator.objects.filter(item_id__in=accountable_items):
        indicators[indicator.item_id].append(IndicatorFact(indicator.pk, indicator.metric, indicator.comparator, indicator.value, indicator.due))
    plans = {t.plan_id: t.plan for t in tasks}
    facts = {}
    for task in tasks:
        plan = plans[task.plan_id]
        facts[task.pk] = TaskFacts(
            start_on=task.start_on, due=task.due,
            finished_on=timezone.localdate(task.finished_at) if task.finished_at else None,
            reports=tuple(reports.get(task.pk, ())),
            indicators=tuple(indicators.get(task.item_id, ())) if task.accountable else (),
            every_months=plan.report_every_months, grace_days=plan.report_grace_days, tolerance=plan.lag_tolerance,
        )
    return facts


def task_statuses(tasks: list[Task], as_of: dt.date | None = None) -> dict[int, TaskStatus]:
    as_of = as_of or clock.today()
    return {pk: derive_status(facts, as_of) for pk, facts in task_facts(tasks).items()}


def with_status(tasks, as_of: dt.date | None = None) -> list[Task]:
    """The tasks with ``.status`` (a TaskStatus) set."""
    tasks = list(tasks)
    statuses = task_statuses(tasks, as_of)
    for task in tasks:
        task.status = statuses[task.pk]
    return tasks


def task_outcomes(tasks: list[Task], as_of: dt.date):
    """(task, status, indicator results) for scoring, as of a day; tasks not yet published on it are left out."""
    from .scoring import TaskOutcome

    tasks = [t for t in tasks if t.start_on <= as_of]
    facts = task_facts(tasks)
    return [(t, TaskOutcome(derive_status(facts[t.pk], as_of), indicator_results(facts[t.pk], as_of))) for t in tasks]


def filter_by_status(tasks: list[Task], status: str) -> list[Task]:
    return [t for t in tasks if t.status.code == status] if status else tasks


def status_counts(tasks: list[Task]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for task in tasks:
        counts[task.status.code] += 1
    return dict(counts)


# --- 挂图作战: timeline and matrix -----------------------------------------------------------------------


@dataclass
class TimelineRow:
    task: Task
    left: float  # % of the window
    width: float
    open_ended: bool
    # The stretch past the deadline of a task still open (or finished late): from its deadline to today or
    # to the day it finished, so an overdue task shows how late it is, not a bar of zero width.
    late_left: float | None = None
    late_width: float = 0.0


@dataclass
class Timeline:
    start: dt.date
    end: dt.date
    today_left: float | None
    months: list[tuple[str, float]]  # (label, left %)
    groups: list[tuple[Unit, list[TimelineRow]]]


def timeline(tasks: list[Task], today: dt.date | None = None) -> Timeline | None:
    """Bars from each task's start to its deadline, grouped by unit; undated tasks run to the window's end."""
    from .status import add_months

    today = today or clock.today()
    if not tasks:
        return None
    # A deadline may precede the start (a plan published after its deadlines passed): the window holds both.
    start = min([t.start_on for t in tasks] + [t.due for t in tasks if t.due]).replace(day=1)
    end = max([t.due for t in tasks if t.due] + [today, start + dt.timedelta(days=31)])
    end = add_months(end, 1) - dt.timedelta(days=1)
    span = max((end - start).days, 1)

    def pos(day: dt.date) -> float:
        return round(max(0, min(span, (day - start).days)) / span * 100, 2)

    months = []
    cursor = start
    while cursor <= end:
        months.append((f"{cursor.year}.{cursor.month}" if cursor.month in (1,) or cursor == start else f"{cursor.month}", pos(cursor)))
        cursor = add_months(cursor, 1)
    groups: dict[int, tuple[Unit, list[TimelineRow]]] = {}
    for task in sorted(tasks, key=lambda t: (t.unit.tree_path, t.due or dt.date.max, t.item.position)):
        planned_start = min(task.start_on, task.due) if task.due else task.start_on
        left = pos(planned_start)
        right = pos(task.due) if task.due else 100.0
        row = TimelineRow(task, left, max(right - left, 0.6), task.due is None)
        finished_on = timezone.localdate(task.finished_at) if task.finished_at else None
        late_until = finished_on or today
        if task.due and late_until > task.due:
            row.late_left, row.late_width = right, max(pos(late_until) - right, 0.6)
        groups.setdefault(task.unit_id, (task.unit, []))[1].append(row)
    today_left = pos(today) if start <= today <= end else None
    return Timeline(start, end, today_left, months, list(groups.values()))


@dataclass
class MatrixCell:
    code: str | None
    counts: dict[str, int]
    total: int


@dataclass
class Matrix:
    chapters: list[PlanItem]
    rows: list[tuple[Unit, list[MatrixCell]]]


def chapter_items(plan: Plan, tasks: list[Task]) -> dict[int, PlanItem]:
    """item id → its chapter: the shallowest level at which the plan's tasks fall into several groups.

    Plans wrap their measures differently — 二、重点任务 holding every chapter in one, or chapters at the
    top — so the chapter level is read from where the tasks actually spread out.
    """
    items = {i.pk: i for i in PlanItem.objects.filter(plan=plan)}

    def ancestors(item: PlanItem) -> list[PlanItem]:
        chain = []
        node = item
        while node is not None:
            chain.append(node)
            node = items.get(node.parent_id)
        return list(reversed(chain))

    chains = {t.item_id: ancestors(items[t.item_id]) for t in tasks if t.item_id in items}
    if not chains:
        return {}
    depth = 0
    while True:
        heads = {chain[min(depth, len(chain) - 1)].pk for chain in chains.values()}
        deepest = max(len(chain) for chain in chains.values())
        if len(heads) > 1 or depth + 1 >= deepest:
            break
        depth += 1
    return {item_id: chain[min(depth, len(chain) - 1)] for item_id, chain in chains.items()}


def matrix(plan: Plan, tasks: list[Task]) -> Matrix:
    """Units × chapters; each cell the worst status of the unit's tasks in that chapter, with counts."""
    chapter_of = chapter_items(plan, tasks)
    chapters = sorted({c.pk: c for c in chapter_of.values()}.values(), key=lambda c: c.position)
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    units: dict[int, Unit] = {}
    for task in tasks:
        chapter = chapter_of.get(task.item_id)
        if chapter is None:
            continue
        units[task.unit_id] = task.unit
        cells[(task.unit_id, chapter.pk)].append(task.status.code)
    rows = []
    for unit in sorted(units.values(), key=lambda u: u.tree_path):
        row = []
        for chapter in chapters:
            codes = cells.get((unit.pk, chapter.pk), [])
            counts: dict[str, int] = defaultdict(int)
            for code in codes:
                counts[code] += 1
            row.append(MatrixCell(worst(codes), dict(counts), len(codes)))
        rows.append((unit, row))
    return Matrix(chapters, rows)


# --- ranking and bulletins ------------------------------------------------------------------------------


def ranking_latest(period: str) -> RankingRun | None:
    return RankingRun.objects.filter(period=period).order_by("-id").first()


def ranking_entries(run: RankingRun) -> dict[str, list[RankingEntry]]:
    entries: dict[str, list[RankingEntry]] = {RankingEntry.Scope.UNIT: [], RankingEntry.Scope.DISTRICT: []}
    for entry in run.entries.select_related("unit").order_by("rank", "unit__tree_path"):
        entries[entry.scope].append(entry)
    return entries


def ranking_periods() -> list[str]:
    return list(RankingRun.objects.order_by("-period").values_list("period", flat=True).distinct())


def unit_history(unit: Unit) -> list[RankingEntry]:
    """The unit's entry in the latest run of every period, oldest first."""
    latest_runs = {}
    for run_id, period in RankingRun.objects.order_by("period", "id").values_list("id", "period"):
        latest_runs[period] = run_id
    return list(RankingEntry.objects.filter(run_id__in=latest_runs.values(), unit=unit).select_related("run").order_by("run__period"))


def bulletin_list() -> QuerySet[Bulletin]:
    return Bulletin.objects.select_related("run").order_by("-period", "-id")


def bulletin_latest(period: str) -> Bulletin | None:
    return Bulletin.objects.filter(period=period).order_by("-id").first()
