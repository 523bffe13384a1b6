"""The monthly 通报: its content, built once from a ranking run, and that content as DOCX and PDF.

The content is a plain dict stored with the bulletin, so the web page, the DOCX and the PDF say the same
thing and an old bulletin reads as it was issued even after later reports change the statuses.

The content becomes a neutral :class:`~yingshang.core.documents.Document` here
(:func:`bulletin_document`); the core document service renders it (DOCX from the staff's template,
PDF with an embedded CJK font).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingshang.core import clock
from yingshang.core import documents
from yingshang.core.city import city_name
from yingshang.core.documents import Document, Paragraph, Section, Table

from .models import ItemMention, Plan, ProgressReport, RankingEntry, RankingRun, Task
from .scoring import component_labels
from .selectors import ranking_entries, with_status
from .status import LAGGING, OVERDUE, STATUS_LABELS, parse_period, period_label

SCOPE_LABELS = {RankingEntry.Scope.UNIT: gettext_lazy("部门排名"), RankingEntry.Scope.DISTRICT: gettext_lazy("区市县(先导区)排名")}
ROLE_LABELS = dict(ItemMention.Role.choices)


def build_content(run: RankingRun) -> dict:
    start, end = parse_period(run.period)
    as_of = run.as_of
    tasks = with_status(
        Task.objects.filter(plan__status=Plan.Status.PUBLISHED, start_on__lte=as_of).select_related("unit", "item", "plan").order_by("plan_id", "item__position", "unit__tree_path"),
        as_of,
    )
    summary = {code: 0 for code in STATUS_LABELS}
    for task in tasks:
        summary[task.status.code] += 1

    def task_row(task: Task) -> dict:
        return {
            "task_id": task.pk, "plan": task.plan.title, "number": task.item.number, "path": task.item.path_label,
            "title": task.item.title, "unit": task.unit.name, "role": str(ROLE_LABELS.get(task.role, task.role)),
            "due": task.due.isoformat() if task.due else "", "days_overdue": (as_of - task.due).days if task.due and task.status.code == OVERDUE else 0,
            "percent": task.status.percent, "reasons": ";".join(task.status.reasons),
        }

    rankings = []
    bottom = []
    for scope, entries in ranking_entries(run).items():
        rows = [{
            "rank": e.rank, "unit": e.unit.name, "score": float(e.score), "tasks": e.tasks, "finished": e.finished,
            "lagging": e.lagging, "overdue": e.overdue, "is_bottom": e.is_bottom, "components": e.components,
        } for e in entries]
        rankings.append({"scope": scope, "label": str(SCOPE_LABELS[scope]), "rows": rows})
        bottom += [{"scope": str(SCOPE_LABELS[scope]), "unit": r["unit"], "score": r["score"]} for r in rows if r["is_bottom"]]

    practices = (
        ProgressReport.objects.filter(task__plan__status=Plan.Status.PUBLISHED).exclude(good_practice="")
        .select_related("task__unit", "task__item").order_by("submitted_at")
    )
    good_practices = [
        {"unit": r.task.unit.name, "item": f"{r.task.item.number}{r.task.item.title}", "text": r.good_practice,
         "date": timezone.localdate(r.submitted_at).isoformat()}
        for r in practices if start <= timezone.localdate(r.submitted_at) <= as_of
    ]
    labels = component_labels()
    return {
        "title": _("%(city)s营商环境行动方案落实情况通报(%(period)s)") % {"city": city_name(), "period": period_label(run.period)},
        "period": run.period, "period_label": period_label(run.period), "as_of": as_of.isoformat(),
        "generated_on": clock.today().isoformat(), "run_id": run.pk,
        "plans": [{"id": p.pk, "title": p.title} for p in Plan.objects.filter(pk__in={t.plan_id for t in tasks}).order_by("pk")],
        "summary": {"total": len(tasks), **summary},
        "weights": [{"key": k, "label": labels.get(k, k), "weight": w} for k, w in run.weights.items() if w],
        "rankings": rankings,
        "bottom": bottom,
        "overdue": [task_row(t) for t in tasks if t.status.code == OVERDUE],
        "lagging": [task_row(t) for t in tasks if t.status.code == LAGGING],
        "good_practices": good_practices,
    }


def summary_sentence(content: dict) -> str:
    s = content["summary"]
    return (
        _("截至%(as_of)s,纳入督办的任务共%(total)s项:已完成%(finished)s项,推进中%(in_progress)s项,未启动%(not_started)s项,滞后%(lagging)s项,逾期%(overdue)s项。") % {"as_of": content['as_of'], "total": s['total'], "finished": s['finished'], "in_progress": s['in_progress'], "not_started": s['not_started'], "lagging": s['lagging'], "overdue": s['overdue']}
    )


def bottom_sentence(content: dict) -> str:
    if not content["bottom"]:
        return _("本期无末位单位。")
    names = "、".join(f"{b['unit']}({b['scope']})" for b in content["bottom"])
    return _("本期排名末位的单位:%(names)s。请末位单位主要负责同志说明情况,按规定进行约谈。") % {"names": names}


RANKING_HEADER = [gettext_lazy("名次"), gettext_lazy("单位"), gettext_lazy("得分"), gettext_lazy("任务"), gettext_lazy("已完成"),
                  gettext_lazy("滞后"), gettext_lazy("逾期"), gettext_lazy("末位")]
RANKING_WIDTHS = [0.07, 0.33, 0.12, 0.08, 0.1, 0.08, 0.08, 0.14]
# Several plans are supervised at once: each task row names its plan (所属方案), not only its item number.
TASK_HEADER = [gettext_lazy("所属方案"), gettext_lazy("条目"), gettext_lazy("任务"), gettext_lazy("责任单位"), gettext_lazy("完成时限"), gettext_lazy("情况")]
TASK_WIDTHS = [0.2, 0.08, 0.25, 0.2, 0.11, 0.16]
DOCUMENT_KIND = "plans.bulletin"


def _ranking_rows(ranking: dict) -> list[list[str]]:
    return [[str(r["rank"]), r["unit"], f"{r['score']:.2f}", str(r["tasks"]), str(r["finished"]), str(r["lagging"]),
             str(r["overdue"]), _("末位") if r["is_bottom"] else ""] for r in ranking["rows"]]


def _task_rows(rows: list[dict], overdue: bool) -> list[list[str]]:
    return [[r.get("plan", ""), r["path"], r["title"], f"{r['unit']}({r['role']})", r["due"] or "—",
             _("逾期%(days_overdue)s天") % {"days_overdue": r['days_overdue']} if overdue else r["reasons"]] for r in rows]


def _task_section(heading: str, rows: list[dict], overdue: bool, empty: str) -> Section:
    if not rows:
        return Section(heading, [Paragraph(empty)])
    return Section(heading, [Table([str(h) for h in TASK_HEADER], _task_rows(rows, overdue), TASK_WIDTHS)])


def bulletin_document(content: dict) -> Document:
    """The stored content of a bulletin as the printable document (the same for DOCX and PDF)."""
    weights = "、".join(f"{w['label']}{w['weight']:g}" for w in content["weights"])
    issued_on = dt.date.fromisoformat(content["generated_on"])
    start, _end = parse_period(content["period"])
    sections = [
        Section(_("一、总体情况"), [Paragraph(summary_sentence(content) + _(" 涉及方案:") + "、".join(f"《{p['title']}》" for p in content["plans"]) + "。")]),
        Section(_("二、综合排名"), [Paragraph(_("评分权重:%(weights)s。") % {"weights": weights} + bottom_sentence(content))]),
    ]
    for ranking in content["rankings"]:
        blocks = [Table([str(h) for h in RANKING_HEADER], _ranking_rows(ranking), RANKING_WIDTHS)] if ranking["rows"] else [Paragraph(_("无"))]
        sections.append(Section(f"({ranking['label']})", blocks, level=2))
    sections.append(_task_section(_("三、逾期任务"), content["overdue"], True, _("本期无逾期任务。")))
    sections.append(_task_section(_("四、滞后任务"), content["lagging"], False, _("本期无滞后任务。")))
    practices = content["good_practices"]
    sections.append(Section(_("五、典型经验做法"), [
        Paragraph(f"{index}. {p['unit']}({p['item']}):{p['text']}") for index, p in enumerate(practices, start=1)
    ] or [Paragraph(_("本期各单位未报送典型经验做法。"))]))
    issuer = _("%(city)s优化营商环境工作领导小组办公室") % {"city": city_name()}
    return Document(
        kind=DOCUMENT_KIND, title=content["title"], sections=sections, issuer=issuer, signature=issuer,
        number=_("%(year)s年第%(month)s期") % {"year": start.year, "month": start.month}, date=issued_on, marking=_("内部资料 注意保存"),
        subtitle=_("评价截止日期:%(as_of)s    生成日期:%(generated_on)s") % {"as_of": content['as_of'], "generated_on": content['generated_on']},
    )


def render_docx(content: dict) -> bytes:
    return documents.render_docx(bulletin_document(content))


def render_pdf(content: dict) -> bytes:
    return documents.render_pdf(bulletin_document(content))
