"""A :class:`Document` as DOCX, through a docxtpl template the staff can edit.

The template (the default one shipped in core, or the override an administrator uploaded for the
document's kind) holds the 公文 frame — 密级/公开 marking, 红头, 文号, title, 落款, page setup, fonts —
as Jinja placeholders; the body (sections, paragraphs, tables) is built here and inserted at
``{{p body }}``. Body paragraphs use the template's Normal style, so a template that changes the
Normal font or size changes the whole body; headings and tables carry their own emphasis only.
"""

from __future__ import annotations

import io

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


def template_context(document: Document, body) -> dict:
    return {
        "marking": document.marking, "issuer": document.issuer, "number": document.number, "title": document.title,
        "subtitle": document.subtitle, "body": body, "signature": document.signature, "date": document.date_text,
    }


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
            run = heading.add_run(section.heading)
            run.bold = True
            if section.level == 1:
                run.font.size = Pt(14)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                paragraph = docx.add_paragraph(block.text)
                paragraph.paragraph_format.first_line_indent = Pt(24)
            elif isinstance(block, Table):
                _add_table(docx, block)
            elif isinstance(block, Chart):
                note = docx.add_paragraph()
                note.add_run(f"图:{block.caption}(图形见 PDF 版,数据见表)").italic = True


def _add_table(docx, table: Table) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    result = docx.add_table(rows=1, cols=len(table.header))
    # Borders are set on the table itself: an uploaded template need not define a "Table Grid" style.
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    result._tbl.tblPr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{borders}</w:tblBorders>"))
    for row_cells, values, bold in [(result.rows[0].cells, table.header, True)] + [(None, row, False) for row in table.rows]:
        cells = row_cells or result.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = ""
            run = cell.paragraphs[0].add_run(value)
            run.font.size = Pt(9)
            run.bold = bold
    docx.add_paragraph()
