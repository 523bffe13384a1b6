"""A corpus of hostile documents, generated small at test time (nothing big is committed).

Each builder returns the bytes of one file; tests feed them to the readers and importers and check that
each is refused within its budget and that nothing was created.
"""

from __future__ import annotations

import io
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARAGRAPH = f'<w:p><w:r><w:t>{{n}}.持续优化营商环境,压缩企业开办时间。(牵头单位:市市场监管局)</w:t></w:r></w:p>'

_DOCX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    ),
}


def _docx(document_xml_chunks, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _DOCX_PARTS.items():
            archive.writestr(name, text)
        with archive.open("word/document.xml", "w") as part:  # streamed: the bomb is never whole in memory
            for chunk in document_xml_chunks:
                part.write(chunk.encode("utf-8"))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_plan(paragraphs: list[str]) -> bytes:
    """A small, ordinary .docx (the control case: the guards let it through)."""
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    return _docx([f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'])


def docx_bomb(unpacked_mb: int = 50) -> bytes:
    """≈``unpacked_mb`` MB of numbered paragraphs in word/document.xml, deflated to a few hundred KB."""
    block = "".join(_PARAGRAPH.format(n=n + 1) for n in range(50))  # fits deflate's 32 KB window: a high ratio
    repeats = max(1, unpacked_mb * 1024 * 1024 // len(block.encode("utf-8")))

    def chunks():
        yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>'
        for _ in range(repeats):
            yield block
        yield "</w:body></w:document>"

    return _docx(chunks())


def docx_many_paragraphs(count: int) -> bytes:
    """A .docx of ``count`` short paragraphs: not a compression bomb (a normal ratio), just too many items."""
    body = "".join(_PARAGRAPH.format(n=n) for n in range(count))
    return _docx([f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'])


def docx_billion_laughs() -> bytes:
    """Entity expansion: ten levels of ten references, 10^9 "lol"s if a parser expanded them."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">' for i in range(1, 10)
    ]
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{"".join(entities)}]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    )
    return _docx([xml])


def docx_external_entity() -> bytes:
    """An external entity (XXE) pointing at a local file."""
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>'
    )
    return _docx([xml])


def docx_malformed_xml() -> bytes:
    """word/document.xml that is not XML at all."""
    return _docx(["这不是 XML <w:p> 未闭合的标签 & 裸露的与号"])


def docx_nested_archives(depth: int = 3) -> bytes:
    """An archive inside an archive inside … the document (``depth`` levels)."""
    inner = b"\x00" * 1024
    for level in range(depth):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"level{level}.bin" if level == 0 else f"level{level}.zip", inner)
        inner = buffer.getvalue()
    return docx_with_extra({"word/embeddings/package.zip": inner})


def docx_with_extra(extra: dict[str, bytes]) -> bytes:
    return _docx([f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p></w:body></w:document>'],
                 extra)


def zip_many_entries(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, text in _DOCX_PARTS.items():
            archive.writestr(name, text)
        for n in range(count):
            archive.writestr(f"word/media/{n}.bin", b"")
    return buffer.getvalue()


def pdf_huge_object_count(count: int = 1_000_000_000) -> bytes:
    """A tiny PDF whose xref subsection and trailer declare ``count`` objects."""
    body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    xref_at = len(body)
    xref = b"xref\n0 %d\n0000000000 65535 f \n" % count
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n".replace(b"%%%%", b"%%") % (count, xref_at)
    return body + xref + trailer


def pdf_huge_page_count(count: int = 50_000_000) -> bytes:
    body = b"%%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count %d >>\nendobj\n" % count
    return body + b"trailer\n<< /Size 3 /Root 1 0 R >>\n%%EOF\n"


def huge_single_line_text(megabytes: int = 8) -> bytes:
    """One line of ``megabytes`` MB of Chinese text, no line break anywhere."""
    unit = "持续优化营商环境压缩企业开办时间".encode("utf-8")
    return unit * (megabytes * 1024 * 1024 // len(unit))


def huge_single_line_html(megabytes: int = 8) -> bytes:
    return b"<html><body><p>" + huge_single_line_text(megabytes) + b"</p></body></html>"


def many_tags_html(count: int) -> bytes:
    return b"<html><body>" + b"<b></b>" * count + b"</body></html>"


_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}


def xlsx(rows: list[list[str]] | None = None, *, repeat_rows: int = 0, sheet_prefix: str = "") -> bytes:
    """An .xlsx with inline-string cells: ``rows``, then the last row repeated ``repeat_rows`` times (streamed)."""
    rows = rows or [["名称", "数量"], ["甲", "1"]]

    def row_xml(cells: list[str]) -> str:  # rows without r= are numbered in order (ECMA-376)
        return "<row>" + "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in cells) + "</row>"

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _XLSX_PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write((f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{sheet_prefix}'
                        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>').encode())
            for cells in rows:
                part.write(row_xml(cells).encode())
            block = row_xml(rows[-1]).encode() * 1000
            for _ in range(repeat_rows // 1000):
                part.write(block)
            part.write(row_xml(rows[-1]).encode() * (repeat_rows % 1000) + b"</sheetData></worksheet>")
    return buffer.getvalue()


def xlsx_bomb(rows: int = 600_000) -> bytes:
    """A workbook whose one sheet unpacks to ``rows`` rows (tens of MB) from a small file."""
    return xlsx([["统一社会信用代码", "名称"], ["91210200MA0000000X", "某公司"]], repeat_rows=rows)


def xlsx_billion_laughs() -> bytes:
    entities = ['<!ENTITY a0 "aaaaaaaaaa">'] + [f'<!ENTITY a{i} "{"".join(f"&a{i - 1};" for _ in range(10))}">' for i in range(1, 10)]
    return xlsx([["名称"], ["&a9;"]], sheet_prefix=f"<!DOCTYPE worksheet [{''.join(entities)}]>")
