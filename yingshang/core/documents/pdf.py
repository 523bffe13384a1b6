"""A :class:`Document` as PDF (ReportLab), every glyph from the embedded subset of the CJK font.

No standard-14 font (Helvetica…) is used anywhere, not even for page numbers or chart axes: a font
that is not embedded is a font some viewer will not show.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from .fonts import register_fonts
from .model import Chart, Document, Paragraph, Table

RED = "#c00000"  # 红头 and the rule under it (GB/T 9704 asks for red)


def render_pdf(document: Document) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import HRFlowable, KeepTogether, SimpleDocTemplate, Spacer
    from reportlab.platypus import Paragraph as PdfParagraph
    from reportlab.platypus import Table as PdfTable
    from reportlab.platypus import TableStyle

    regular, bold = register_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=11, leading=18, wordWrap="CJK", firstLineIndent=22)
    plain = ParagraphStyle("plain", parent=body, firstLineIndent=0)
    cell = ParagraphStyle("cell", parent=plain, fontSize=8.5, leading=11)
    head_cell = ParagraphStyle("head_cell", parent=cell, fontName=bold)
    marking = ParagraphStyle("marking", parent=plain, fontName=bold, fontSize=12)
    issuer = ParagraphStyle("issuer", parent=plain, fontName=bold, fontSize=24, leading=34, alignment=TA_CENTER, textColor=colors.HexColor(RED))
    number = ParagraphStyle("number", parent=plain, alignment=TA_CENTER, spaceBefore=6)
    title = ParagraphStyle("title", parent=plain, fontName=bold, fontSize=16, leading=26, alignment=TA_CENTER, spaceBefore=10, spaceAfter=4)
    subtitle = ParagraphStyle("subtitle", parent=plain, fontSize=10, alignment=TA_CENTER, spaceAfter=8)
    headings = {
        1: ParagraphStyle("h1", parent=plain, fontName=bold, fontSize=12.5, leading=22, spaceBefore=8, spaceAfter=2),
        2: ParagraphStyle("h2", parent=plain, fontName=bold, fontSize=11, leading=18, spaceBefore=4),
    }
    closing = ParagraphStyle("closing", parent=plain, alignment=TA_RIGHT, rightIndent=22)

    def text(value: str, style) -> PdfParagraph:
        return PdfParagraph(escape(value), style)

    buffer = io.BytesIO()
    margin = 20 * mm
    width = A4[0] - 2 * margin
    pdf = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=18 * mm, bottomMargin=18 * mm,
                            title=document.title, author=document.author, subject=document.kind,
                            # The canvas's initial font would otherwise be Helvetica, listed (unembedded) on every page.
                            initialFontName=regular, initialFontSize=11)
    story = []
    if document.marking:
        story.append(text(document.marking, marking))
    if document.issuer:
        story.append(text(document.issuer, issuer))
    if document.number:
        story.append(text(document.number, number))
    if document.issuer or document.number:
        story.append(HRFlowable(width="100%", thickness=1.5, color=colors.HexColor(RED), spaceBefore=4, spaceAfter=8))
    story.append(text(document.title, title))
    if document.subtitle:
        story.append(text(document.subtitle, subtitle))
    for section in document.sections:
        if section.heading:
            story.append(text(section.heading, headings.get(section.level, headings[2])))
        for block in section.blocks:
            if isinstance(block, Paragraph):
                story.append(text(block.text, body))
            elif isinstance(block, Table):
                story += [_table(block, width, cell, head_cell, regular, PdfTable, TableStyle, colors), Spacer(1, 4)]
            elif isinstance(block, Chart):
                story.append(KeepTogether([_chart(block, width, 200, regular), text(block.caption, ParagraphStyle("caption", parent=cell, alignment=TA_CENTER))]))
    if document.signature or document.date:
        story.append(Spacer(1, 18))
        story += [text(line, closing) for line in (document.signature, document.date_text) if line]

    def page_number(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(regular, 9)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"— {doc.page} —")
        canvas.restoreState()

    pdf.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()


def _table(table: Table, width: float, cell, head_cell, font: str, PdfTable, TableStyle, colors):
    from reportlab.platypus import Paragraph as PdfParagraph

    weights = table.widths or [1] * len(table.header)
    total = sum(weights)
    data = [[PdfParagraph(escape(value), head_cell) for value in table.header]]
    data += [[PdfParagraph(escape(value), cell) for value in row] for row in table.rows]
    result = PdfTable(data, colWidths=[width * w / total for w in weights], repeatRows=1)
    result.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font),  # the cell default (Helvetica) is set even around paragraphs
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return result


def _chart(chart: Chart, width: float, height: float, font: str):
    """The chart as a vector drawing: each series a line, or dots when ``line`` is False."""
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.lib import colors

    drawing = Drawing(width, height, initialFontName=font)  # not the Helvetica default state
    series = [s for s in chart.series if s.points]
    if not series:
        return drawing
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 40, 30, width - 60, height - 58  # room for the axis legend above
    plot.data = [s.points for s in series]
    for index, item in enumerate(series):
        line = plot.lines[index]
        line.strokeColor = colors.HexColor(item.color) if item.line else None  # dots only: no connecting line
        line.strokeWidth = 1
        if item.dashed:
            line.strokeDashArray = (2, 2)
        if not item.line:
            line.symbol = makeMarker("FilledCircle", size=3, fillColor=colors.HexColor(item.color))
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName = font
        axis.labels.fontSize = 7
    plot.xValueAxis.valueMin = 0
    if chart.y_min is not None:
        plot.yValueAxis.valueMin = chart.y_min
    if chart.y_max is not None:
        plot.yValueAxis.valueMax = chart.y_max
    if chart.y_percent:
        plot.yValueAxis.labelTextFormat = lambda v: f"{v * 100:.0f}%"
    drawing.add(plot)
    legend = ";".join(part for part in (f"横轴:{chart.x_label}" if chart.x_label else "", f"纵轴:{chart.y_label}" if chart.y_label else "") if part)
    if legend:
        drawing.add(String(40, height - 12, legend, fontName=font, fontSize=8))
    return drawing


def font_embedding(data: bytes) -> dict[str, bool]:
    """Every font a PDF uses (page resources and their descendant fonts) → whether its program is
    embedded (FontFile, FontFile2 or FontFile3). For tests and for checking a file before it goes out."""
    from pypdf import PdfReader

    fonts: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page.get("/Resources")
        stack = [resources.get_object()] if resources else []
        while stack:
            current = stack.pop()
            for font in (current.get("/Font") or {}).values():
                font = font.get_object()
                candidates = [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]
                descriptors = [c["/FontDescriptor"].get_object() for c in candidates if "/FontDescriptor" in c]
                fonts[str(font["/BaseFont"])] = any(k in d for d in descriptors for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            # Form XObjects (e.g. charts drawn as forms) carry their own resources.
            for xobject in (current.get("/XObject") or {}).values():
                xobject = xobject.get_object()
                if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                    stack.append(xobject["/Resources"].get_object())
    return fonts
