"""A :class:`Document` as DOCX, through a docxtpl template the staff can edit.

The template (the default one shipped in core, or the override an administrator uploaded for the
document's kind) holds the 公文 frame — 密级/公开 marking, 红头, 文号, title, 落款, page setup, fonts —
as Jinja placeholders; the body (sections, paragraphs, tables) is built here and inserted at
``{{p body }}``. Body paragraphs use the template's Normal style, so a template that changes the
Normal font or size changes the whole body; headings and tables carry their own emphasis only.
"""

from __future__ import annotations

import io
import re

from .model import Chart, Document, Paragraph, Table

# Every placeholder a template may use, with what it holds (shown in the admin and docs/core.md).
PLACEHOLDERS = {
    "marking": "密级/公开标识(如“内部资料”“公开”),可为空",
    "issuer": "发文机关(红头)",
    "number": "发文字号(文号),可为空",
    "title": "标题",
    "subtitle": "标题下的说明行(统计期间、数据截至日期等),可为空",
    "body": "正文:各部分标题、段落与表格,须写作 {{p body }} 独占一段",
    "signature": "落款(发文机关署名)",
    "date": "成文日期,如 2026年12月3日",
}
REQUIRED_PLACEHOLDERS = ("title", "body")


# Control characters (pasted from other systems) are not allowed in XML: they are dropped.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def template_context(document: Document, body) -> dict:
    fields = {
        "marking": document.marking, "issuer": document.issuer, "number": document.number, "title": document.title,
        "subtitle": document.subtitle, "signature": document.signature, "date": document.date_text,
    }
    return {**{name: xml_text(value) for name, value in fields.items()}, "body": body}


def render_docx(document: Document, template: bytes) -> bytes:
    """Fill ``template`` (the bytes of a .docx holding the placeholders above) with ``document``."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(template))
    body = tpl.new_subdoc()
    _fill_body(body.subdocx, document)
    tpl.render(template_context(document, body), autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def _fill_body(docx, document: Document) -> None:
    from docx.shared import Pt

    for section in document.sections:
        if section.heading:
            heading = docx.add_paragraph()
            run = heading.add_run(xml_text(section.heading))
            run.bold = True
            if section.level == 1:
                run.font.size = Pt(14)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                paragraph = docx.add_paragraph(xml_text(block.text))
                paragraph.paragraph_format.first_line_indent = Pt(24)
            elif isinstance(block, Table):
                _add_table(docx, block)
            elif isinstance(block, Chart):
                _add_chart(docx, block)


def _add_chart(docx, chart: Chart) -> None:
    """The chart as a picture (the same drawing as the PDF's, rasterised) with its caption under it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from .raster import chart_png

    picture = docx.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.first_line_indent = Pt(0)
    picture.add_run().add_picture(io.BytesIO(chart_png(chart)), width=Mm(150))
    caption = docx.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.add_run(xml_text(chart.caption)).font.size = Pt(9)


def _add_table(docx, table: Table) -> None:
    """The table written as WordprocessingML in one piece (python-docx's cell-by-cell API takes seconds
    for the thousands of rows a city-wide bulletin can hold). Borders, widths and the repeated header
    row are set on the table itself: an uploaded template need not define any table style."""
    from xml.sax.saxutils import escape

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    weights = table.widths or [1] * len(table.header)
    total = sum(weights)
    # Column widths in fiftieths of a percent of the text width (w:type="pct"), so any page size fits.
    widths = [round(5000 * w / total) for w in weights]
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))

    def row(values: list[str], header: bool) -> str:
        properties = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
        run_properties = '<w:rPr><w:b/><w:sz w:val="18"/></w:rPr>' if header else '<w:rPr><w:sz w:val="18"/></w:rPr>'
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="pct"/></w:tcPr><w:p><w:pPr><w:ind w:firstLine="0"/></w:pPr>'
            f'<w:r>{run_properties}<w:t xml:space="preserve">{escape(xml_text(value))}</w:t></w:r></w:p></w:tc>'
            for value, width in zip(values, widths)
        )
        return f"<w:tr>{properties}{cells}</w:tr>"

    xml = (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/></w:tblPr>'
        f'<w:tblGrid>{"".join("<w:gridCol/>" for _width in widths)}</w:tblGrid>'
        + row(table.header, True) + "".join(row(values, False) for values in table.rows) + "</w:tbl>"
    )
    element = parse_xml(xml)
    body = docx.element.body
    if body.sectPr is not None:
        body.sectPr.addprevious(element)  # the section properties stay last, as Word requires
    else:
        body.append(element)
    docx.add_paragraph()
