"""The monthly 通报: its content, built once from a ranking run, and that content as DOCX and PDF.

The content is a plain dict stored with the bulletin, so the web page, the DOCX and the PDF say the same
thing and an old bulletin reads as it was issued even after later reports change the statuses.

The PDF uses ReportLab's built-in CID font STSong-Light (Adobe's Song font for simplified Chinese,
which PDF readers supply): no font file and no system library (pango, cairo) is needed.
"""

from __future__ import annotations

import io

from django.utils import timezone

from yingshang.core import clock
from yingshang.core.models import Unit

from .models import ItemMention, Plan, ProgressReport, RankingEntry, RankingRun, Task
from .scoring import component_labels
from .selectors import ranking_entries, with_status
from .status import LAGGING, OVERDUE, STATUS_LABELS, parse_period, period_label

SCOPE_LABELS = {RankingEntry.Scope.UNIT: "部门排名", RankingEntry.Scope.DISTRICT: "区市县(先导区)排名"}
ROLE_LABELS = dict(ItemMention.Role.choices)


def city_name() -> str:
    root = Unit.objects.filter(parent__isnull=True).order_by("tree_path").first()
    return root.name.removesuffix("人民政府") if root else ""


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
        rankings.append({"scope": scope, "label": SCOPE_LABELS[scope], "rows": rows})
        bottom += [{"scope": SCOPE_LABELS[scope], "unit": r["unit"], "score": r["score"]} for r in rows if r["is_bottom"]]

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
        "title": f"{city_name()}营商环境行动方案落实情况通报({period_label(run.period)})",
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
        f"截至{content['as_of']},纳入督办的任务共{s['total']}项:已完成{s['finished']}项,推进中{s['in_progress']}项,"
        f"未启动{s['not_started']}项,滞后{s['lagging']}项,逾期{s['overdue']}项。"
    )


def bottom_sentence(content: dict) -> str:
    if not content["bottom"]:
        return "本期无末位单位。"
    names = "、".join(f"{b['unit']}({b['scope']})" for b in content["bottom"])
    return f"本期排名末位的单位:{names}。请末位单位主要负责同志说明情况,按规定进行约谈。"


RANKING_HEADER = ["名次", "单位", "得分", "任务", "已完成", "滞后", "逾期", "末位"]
TASK_HEADER = ["方案条目", "任务", "责任单位", "完成时限", "情况"]


def _ranking_rows(ranking: dict) -> list[list[str]]:
    return [[str(r["rank"]), r["unit"], f"{r['score']:.2f}", str(r["tasks"]), str(r["finished"]), str(r["lagging"]),
             str(r["overdue"]), "末位" if r["is_bottom"] else ""] for r in ranking["rows"]]


def _task_rows(rows: list[dict], overdue: bool) -> list[list[str]]:
    return [[r["path"], r["title"], f"{r['unit']}({r['role']})", r["due"] or "—",
             f"逾期{r['days_overdue']}天" if overdue else r["reasons"]] for r in rows]


def _sections(content: dict):
    """The bulletin as (heading, paragraph | None, table header | None, rows | None) sections."""
    yield "一、总体情况", summary_sentence(content) + " 涉及方案:" + "、".join(f"《{p['title']}》" for p in content["plans"]) + "。", None, None
    weights = "、".join(f"{w['label']}{w['weight']:g}" for w in content["weights"])
    yield "二、综合排名", f"评分权重:{weights}。" + bottom_sentence(content), None, None
    for ranking in content["rankings"]:
        yield f"({ranking['label']})", None if ranking["rows"] else "无", RANKING_HEADER, _ranking_rows(ranking)
    yield "三、逾期任务", None if content["overdue"] else "本期无逾期任务。", TASK_HEADER, _task_rows(content["overdue"], True)
    yield "四、滞后任务", None if content["lagging"] else "本期无滞后任务。", TASK_HEADER, _task_rows(content["lagging"], False)
    practices = content["good_practices"]
    yield "五、典型经验做法", None if practices else "本期各单位未报送典型经验做法。", None, None
    for index, practice in enumerate(practices, start=1):
        yield None, f"{index}. {practice['unit']}({practice['item']}):{practice['text']}", None, None


# --- DOCX ---------------------------------------------------------------------------------------------


def render_docx(content: dict) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    heading = document.add_heading(content["title"], level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(f"评价截止日期:{content['as_of']}    生成日期:{content['generated_on']}")
    for title, paragraph, header, rows in _sections(content):
        if title:
            document.add_heading(title, level=2)
        if paragraph:
            document.add_paragraph(paragraph)
        if header and rows:
            table = document.add_table(rows=1, cols=len(header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, header):
                cell.text = text
            for row in rows:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PDF ----------------------------------------------------------------------------------------------

PDF_FONT = "STSong-Light"


def register_pdf_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))


def render_pdf(content: dict) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from xml.sax.saxutils import escape

    register_pdf_font()
    body = ParagraphStyle("body", fontName=PDF_FONT, fontSize=10.5, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=12)
    title_style = ParagraphStyle("title", parent=body, fontSize=16, leading=24, alignment=1, spaceAfter=6)
    heading = ParagraphStyle("heading", parent=body, fontSize=12, leading=20, spaceBefore=8, spaceAfter=4)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                                 bottomMargin=18 * mm, title=content["title"], author="营商通")
    story = [Paragraph(escape(content["title"]), title_style),
             Paragraph(escape(f"评价截止日期:{content['as_of']}    生成日期:{content['generated_on']}"), body)]
    width = A4[0] - 36 * mm
    for title, paragraph, header, rows in _sections(content):
        if title:
            story.append(Paragraph(escape(title), heading))
        if paragraph:
            story.append(Paragraph(escape(paragraph), body))
        if header and rows:
            columns = [0.07, 0.33, 0.12, 0.08, 0.1, 0.08, 0.08, 0.14] if header == RANKING_HEADER else [0.1, 0.3, 0.25, 0.13, 0.22]
            data = [[Paragraph(escape(text), cell) for text in row] for row in [header, *rows]]
            table = Table(data, colWidths=[width * c for c in columns], repeatRows=1)
            table.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]))
            story += [table, Spacer(1, 4)]
    document.build(story)
    return buffer.getvalue()
