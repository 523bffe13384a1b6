"""Builds core/data/document_template.docx, the default 公文 template (GB/T 9704 layout, simplified).

Run ``python -m yingshang.core.documents.default_template`` after changing this file and commit the
result: staff download the committed file from the admin, edit it in Word or WPS and upload it back
as the override of one document kind.
"""

from __future__ import annotations

import sys
from pathlib import Path


def build(target: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Mm, Pt, RGBColor

    document = Document()
    section = document.sections[0]
    # GB/T 9704 page: A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)

    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    normal.paragraph_format.line_spacing = Pt(24)
    normal.paragraph_format.space_after = Pt(0)

    def paragraph(text: str, *, align=None, size=None, bold=False, color=None, east_asia=None):
        p = document.add_paragraph()
        if align is not None:
            p.alignment = align
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if color:
            run.font.color.rgb = color
        if east_asia:
            run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
        return p

    red = RGBColor(0xC0, 0x00, 0x00)
    # A paragraph holding only {%p if %} / {%p endif %} disappears when rendered.
    paragraph("{%p if marking %}")
    paragraph("{{ marking }}", bold=True, east_asia="黑体")
    paragraph("{%p endif %}")
    paragraph("{{ issuer }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=26, bold=True, color=red, east_asia="宋体")
    paragraph("{%p if number %}")
    paragraph("{{ number }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph("{%p endif %}")
    rule = document.add_paragraph()
    rule._p.get_or_add_pPr().append(parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="18" w:space="1" w:color="C00000"/></w:pBdr>'))
    paragraph("{{ title }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=18, bold=True, east_asia="宋体")
    paragraph("{%p if subtitle %}")
    paragraph("{{ subtitle }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=10.5)
    paragraph("{%p endif %}")
    paragraph("{{p body }}")
    document.add_paragraph()
    signature = paragraph("{{ signature }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    date = paragraph("{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    for p in (signature, date):
        p.paragraph_format.right_indent = Pt(48)

    # Page number "— 1 —" centred in the footer.
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" —")

    document.core_properties.title = "营商通公文模板"
    document.core_properties.author = "营商通"
    document.save(target)


if __name__ == "__main__":
    from yingshang.core.documents.templates import DEFAULT_TEMPLATE

    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TEMPLATE)
    print("已生成默认公文模板", DEFAULT_TEMPLATE)
