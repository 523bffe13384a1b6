"""Reading .txt / .docx / .pdf / .html / .xlsx files into raw text, one paragraph per line.

Size is checked before anything is read. Tables (some plans list their tasks in a
序号 | 任务 | 牵头单位 | 责任单位 | 完成时限 grid) are turned into the same paragraph-plus-field-lines
form the text parser reads elsewhere, so a table plan and a prose plan import alike.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

from yingshang.core import safedocs

from . import pdf_tables
from .errors import PlanParseError
from .structure import ATTACHMENT_HEADING
from .tables import (
    DEADLINE,
    LEAD,
    MERGED_DOWN,
    NUMBER,
    RESPONSIBLE,
    TEXT,
    column_role,
    continued_table,
    header_row,
    table_rows_to_lines,
)

__all__ = ["MAX_FILE_BYTES", "SUPPORTED_SUFFIXES", "check_size", "read_bytes", "read_path", "table_rows_to_lines"]

MAX_FILE_BYTES = 20 * 1024 * 1024
# (.csv / .tsv: a tracking system's export, read as text — its records become the rows of a table, see textcopies)
SUPPORTED_SUFFIXES = (".txt", ".text", ".md", ".csv", ".tsv", ".docx", ".pdf", ".html", ".htm", ".xhtml", ".xlsx", ".xlsm", ".xls")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")

def check_size(size: int, max_bytes: int = MAX_FILE_BYTES) -> None:
    if size > max_bytes:
        raise PlanParseError(
            f"文件过大（{size / 1024 / 1024:.1f} MB），超过 {max_bytes / 1024 / 1024:.0f} MB 的上限，未读取。"
            "请上传方案正文（不含图片附件）的文件。",
            code="too_large",
        )


def decode_text_bytes(data: bytes) -> str:
    """Bytes of a plain-text or HTML file as text: BOMs, UTF-8, then GB18030, then Big5."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    for encoding in ("utf-8", "gb18030", "big5"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


# --- formats --------------------------------------------------------------------------------------


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CIRCLED_DIGITS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _w_val(element, tag: str) -> str | None:
    child = element.find(f"{_W}{tag}") if element is not None else None
    return child.get(f"{_W}val") if child is not None else None


def format_list_number(value: int, number_format: str) -> str:
    """A Word list counter in its w:numFmt: decimal, chineseCounting (一), decimalEnclosedCircle (①)…"""
    from .structure import int_to_chinese

    if number_format.startswith("chinese") or number_format in ("ideographDigital", "japaneseCounting", "taiwaneseCounting"):
        return int_to_chinese(value)
    if number_format.startswith("decimalEnclosedCircle") and 1 <= value <= len(_CIRCLED_DIGITS):
        return _CIRCLED_DIGITS[value - 1]
    if number_format == "decimalEnclosedParen":
        return f"({value})"
    if number_format == "decimalZero":
        return f"{value:02d}"
    if number_format in ("lowerLetter", "upperLetter") and 1 <= value <= 26:
        letter = chr(ord("a") + value - 1)
        return letter.upper() if number_format == "upperLetter" else letter
    return str(value)


class WordNumbering:
    """Word's automatic list numbers, which are not part of the paragraph text.

    Numbers come from the numbering part (w:num → w:abstractNum → w:lvl with w:numFmt, w:lvlText
    and w:start); a paragraph takes them from its own w:numPr or its style's. Bullets give no label.
    """

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        # w:lvlRestart: the one-based level whose use restarts a level (0: never — numbers that run on across
        # headings, as 1.–12. under 一、二、三、); absent: any level above it.
        self.restarts: dict[str, dict[int, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        # The numbering each paragraph style gives, by style id: python-docx finds a style (and the default one) by
        # scanning every style of the document, which was a fifth of the time to read a DOCX plan.
        self._numbering_of_style: dict[str | None, tuple[str | None, int]] = {}
        from docx.opc.constants import RELATIONSHIP_TYPE

        try:
            # Ask for the relationship itself: python-docx's numbering_part would try to create one.
            root = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
        except (KeyError, AttributeError):
            return  # a document without list numbering
        abstract: dict[str | None, dict[int, tuple[str, str, int]]] = {}
        abstract_restarts: dict[str | None, dict[int, int]] = {}
        for definition in root.findall(f"{_W}abstractNum"):
            levels, restarts = {}, {}
            for level in definition.findall(f"{_W}lvl"):
                index = int(level.get(f"{_W}ilvl", "0"))
                levels[index] = (
                    _w_val(level, "numFmt") or "decimal",
                    _w_val(level, "lvlText") or "",
                    int(_w_val(level, "start") or 1),
                )
                restart = _w_val(level, "lvlRestart")
                if restart is not None and restart.isdigit():
                    restarts[index] = int(restart)
            abstract[definition.get(f"{_W}abstractNumId")] = levels
            abstract_restarts[definition.get(f"{_W}abstractNumId")] = restarts
        # A list whose levels are those of a numbering style (w:numStyleLink, no w:lvl of its own) takes them from the
        # definition that the style links to (w:styleLink): Word writes 一、 / (一) lists of a house style so.
        style_links = {
            _w_val(definition, "styleLink"): definition.get(f"{_W}abstractNumId")
            for definition in root.findall(f"{_W}abstractNum")
            if _w_val(definition, "styleLink")
        }
        for definition in root.findall(f"{_W}abstractNum"):
            identifier, linked = definition.get(f"{_W}abstractNumId"), style_links.get(_w_val(definition, "numStyleLink"))
            if not abstract.get(identifier) and linked is not None:
                abstract[identifier], abstract_restarts[identifier] = abstract[linked], abstract_restarts[linked]
        for num in root.findall(f"{_W}num"):
            self.restarts[num.get(f"{_W}numId")] = abstract_restarts.get(_w_val(num, "abstractNumId"), {})
            levels = dict(abstract.get(_w_val(num, "abstractNumId"), {}))
            for override in num.findall(f"{_W}lvlOverride"):
                level, start = int(override.get(f"{_W}ilvl", "0")), _w_val(override, "startOverride")
                if start and level in levels:
                    levels[level] = (levels[level][0], levels[level][1], int(start))
            self.levels[num.get(f"{_W}numId")] = levels

    def _num_pr(self, paragraph):
        properties = paragraph._p.pPr
        num_pr = properties.find(f"{_W}numPr") if properties is not None else None
        if num_pr is not None:
            return _w_val(num_pr, "numId"), int(_w_val(num_pr, "ilvl") or 0)
        style_id = paragraph._p.style  # None: the document's default paragraph style
        if style_id not in self._numbering_of_style:
            self._numbering_of_style[style_id] = self._style_num_pr(paragraph.style)
        return self._numbering_of_style[style_id]

    @staticmethod
    def _style_num_pr(style):
        """The list numbering a paragraph style, or the style it is based on, gives its paragraphs."""
        num_pr = None
        while num_pr is None and style is not None:
            style_properties = style.element.find(f"{_W}pPr")
            num_pr = style_properties.find(f"{_W}numPr") if style_properties is not None else None
            style = style.base_style
        if num_pr is None:
            return None, 0
        return _w_val(num_pr, "numId"), int(_w_val(num_pr, "ilvl") or 0)

    def label(self, paragraph) -> str:
        num_id, level = self._num_pr(paragraph)
        levels = self.levels.get(num_id or "0")
        if not levels or level not in levels or levels[level][0] in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        restarts = self.restarts.get(num_id, {})
        for deeper in [k for k in counters if k > level]:
            restart = restarts.get(deeper)
            if restart is None or (restart and level < restart):
                del counters[deeper]

        def render(match: re.Match) -> str:
            referenced = int(match.group(1)) - 1
            number_format, _, start = levels.get(referenced, ("decimal", "", 1))
            return format_list_number(counters.get(referenced, start), number_format)

        return re.sub(r"%(\d)", render, levels[level][1])


_UNREADABLE = {"damaged", "xml_malformed", "encrypted"}


def _refused(error: safedocs.DocumentRefused) -> PlanParseError:
    """The guarded readers' refusal as the importer's one exception: a broken file is ``unreadable``, a file
    over a limit (a bomb, entity expansion, too many parts or lines) ``too_large``; ``limit`` keeps which."""
    refusal = PlanParseError(str(error), code="unreadable" if error.code in _UNREADABLE else "too_large")
    refusal.limit = error.code
    return refusal


def read_docx(data: bytes) -> str:
    from docx.text.paragraph import Paragraph

    from .structure import detect_marker

    try:
        document = safedocs.open_docx(data)
    except safedocs.DocumentRefused as error:
        raise _refused(error) from None
    numbering = WordNumbering(document)
    lines: list[str] = []
    previous_header = None
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(_text_box_lines(block))
            paragraph = Paragraph(block, document)
            text = _paragraph_text(block)
            label = numbering.label(paragraph)
            if label and text.strip() and detect_marker(text) is None:
                text = label + text
            lines.append(text)
        elif tag == "tbl":
            table_lines, previous_header = _docx_table_lines(block, document, numbering, previous_header)
            lines.extend(table_lines)
    return "\n".join(lines)


def _docx_table_lines(element, document, numbering: WordNumbering, previous_header: list[str] | None = None):
    """(lines, the header a next table may continue) of a Word table: a task table's rows as items, or — for a table
    that only lays a page out around other tables — its cells' text and the tables inside it."""
    from docx.table import Table

    from .structure import detect_marker

    table = Table(element, document)
    if _lays_out_a_page(element, table):
        return _layout_table_lines(element, document, numbering), previous_header
    rows = []
    above: list = []
    for row in table.rows:
        cells, previous, elements = [], None, []
        for column, cell in enumerate(row.cells):
            # python-docx repeats a horizontally merged cell once per grid column, and a vertically
            # merged one (序号 spanning the rows of one task) once per row: read each merged cell once.
            # A cell merged down is marked with its text: table_rows_to_lines decides by its column whether
            # it speaks for the row (a 牵头单位 merged over three tasks leads each of them).
            if cell._tc is previous:
                cells.append("")
            elif column < len(above) and cell._tc is above[column]:
                cells.append(MERGED_DOWN + cell.text if cell.text.strip() else "")
            else:
                cells.append(_numbered_cell_text(cell, numbering, detect_marker))
            previous = cell._tc
            elements.append(cell._tc)
        above = elements
        rows.append(cells)
    rows, previous_header = continued_table(rows, previous_header)
    return table_rows_to_lines(rows), previous_header


def _lays_out_a_page(element, table) -> bool:
    """A table that holds other tables and is no task table itself: it lays a page out (a web page pasted into Word,
    the task table in one of its cells)."""
    nested = any(child.tag == f"{_W}tbl" for cell in element.iter(f"{_W}tc") for child in cell)
    return nested and header_row([[cell.text for cell in row.cells] for row in table.rows]) is None


def _layout_table_lines(element, document, numbering) -> list[str]:
    """A layout table's cells in order: their paragraphs as lines, the tables inside them read as tables."""
    from docx.text.paragraph import Paragraph

    from .structure import detect_marker

    lines: list[str] = []
    for row in element.iterchildren(f"{_W}tr"):
        for cell in row.iterchildren(f"{_W}tc"):
            for child in cell.iterchildren():
                if child.tag == f"{_W}p":
                    paragraph = Paragraph(child, document)
                    text, label = _paragraph_text(child), numbering.label(paragraph)
                    lines.append(label + text if label and text.strip() and detect_marker(text) is None else text)
                elif child.tag == f"{_W}tbl":
                    lines.extend(_docx_table_lines(child, document, numbering)[0])
    return lines


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Where a paragraph's own text is not: a text box (read apart, _text_box_lines), its fallback copy, deleted text.
_NOT_THE_PARAGRAPHS_TEXT = {f"{_W}txbxContent", _MC_FALLBACK, f"{_W}del"}


def _paragraph_text(paragraph) -> str:
    """A paragraph's text as Word shows it with its tracked changes accepted: inserted runs (w:ins) included — python-
    docx reads only the runs directly in the paragraph — deleted ones left out; tabs and line breaks kept."""
    parts = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        ancestor = node.getparent()
        inside = False
        while ancestor is not None and ancestor is not paragraph:
            if ancestor.tag in _NOT_THE_PARAGRAPHS_TEXT:
                inside = True
                break
            ancestor = ancestor.getparent()
        if inside:
            continue
        local = node.tag.rsplit("}", 1)[-1]
        if local == "t":
            parts.append(node.text or "")
        elif local == "tab" and node.getparent().tag == f"{_W}r":
            parts.append("\t")  # (a w:tab inside w:pPr/w:tabs is a tab stop, not a character)
        elif local in ("br", "cr"):
            parts.append("\n")
    return "".join(parts)


def _text_box_lines(paragraph) -> list[str]:
    """The paragraphs of the text boxes anchored in a body paragraph (a 红头 laid out in a box, a note in a bordered
    box beside the title): the document shows them, python-docx's paragraph text leaves them out. Word stores a box
    twice, the second time as a fallback for old readers: that copy is skipped."""
    lines = []
    for box in paragraph.iter(f"{_W}txbxContent"):
        if any(ancestor.tag == _MC_FALLBACK for ancestor in box.iterancestors()):
            continue
        for inner in box.iter(f"{_W}p"):
            text = "".join(node.text or "" for node in inner.iter(f"{_W}t"))
            if text.strip():
                lines.append(text)
    return lines


def _numbered_cell_text(cell, numbering: WordNumbering, detect_marker) -> str:
    """A table cell's text with Word's automatic list numbers written in: a 序号 column numbered by Word shows 1. 2. 3.
    in the document but holds no text (counted in document order, as the body's paragraphs are)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    parts = []
    for child in cell._tc.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, cell)
            text = _paragraph_text(child)
            label = numbering.label(paragraph)
            parts.append(label + text if label and detect_marker(text) is None else text)
        elif tag == "tbl":
            # a small table inside the cell (责任分工: 牵头单位 | A / 配合单位 | B): the cell's content, read flat
            rows = [[inner.text for inner in row.cells] for row in Table(child, cell).rows]
            parts.append(_flat_cell_table([list(dict.fromkeys(row)) for row in rows]))
    return "\n".join(parts)


def read_pdf(data: bytes) -> str:
    try:
        from pypdf.errors import PdfReadError
    except ImportError as error:  # pragma: no cover - pypdf is a declared dependency
        raise PlanParseError("服务器未安装 PDF 解析组件（pypdf），暂不能导入 PDF。", code="unsupported_format") from error
    try:
        reader = safedocs.open_pdf(data, limits=safedocs.document_limits(), what="该 PDF 文件")
        pages = [page.extract_text() or "" for page in reader.pages]
    except safedocs.DocumentRefused as error:
        raise _refused(error) from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise PlanParseError("无法读取该 PDF 文件：文件已损坏或已加密。", code="unreadable") from error
    text_chars = sum(len(re.sub(r"\s", "", p)) for p in pages)
    if text_chars < 10 * max(1, len(pages)):
        raise PlanParseError(
            "该 PDF 中没有可提取的文字，可能是扫描件或图片。请先进行 OCR 文字识别，或上传 Word/文本版本。",
            code="needs_ocr",
        )
    headed = {index for index, text in enumerate(pages) if pdf_tables.shows_a_header(text)}
    segments = pdf_tables.table_segments(data, pdf_tables.candidate_pages(pages), headed)
    if not segments:
        return reflow_pdf_lines(pages)
    # Pages with a task table (ruled, or read by its words' gaps): the text around each table as pdf_tables joined it,
    # the table cell by cell (a table that goes on over the next page without its header continues the one before);
    # the other pages reflowed as usual.
    output: list[str] = []
    pending: list[str] = []
    previous_header = None
    for index, page_text in enumerate(pages):
        if index not in segments:
            pending.append(page_text)
            continue
        for kind, value in segments[index]:
            if pending:
                output.append(reflow_pdf_lines(pending))
                pending = []
            if kind == "text":
                output.append(reflow_pdf_lines([value], rewrap=False))
                continue
            rows, previous_header = continued_table(value, previous_header)
            output.extend(table_rows_to_lines(rows))
    if pending:
        output.append(reflow_pdf_lines(pending))
    return "\n".join(part for part in output if part)


_PAGE_NUMBER = re.compile(r"^[-—–\s]*\d{1,4}[-—–\s]*$|^第\s*\d+\s*页(?:\s*/?\s*共\s*\d+\s*页)?$")
# What ends a line that did not wrap: the end of a sentence or a clause, a closing quote or bracket.
LINE_END = tuple("。；;：:！!？?”）)")


def reflow_pdf_lines(pages: list[str], *, rewrap: bool = True) -> str:
    """Join the hard-wrapped lines of PDF text into paragraphs.

    A line is continued by the next when it is about as long as the page's full lines and does not
    end a sentence, and the next line does not start a numbered item or a field. ``rewrap=False`` for text whose
    wrapped lines were already joined by their position on the page (``pdf_tables``): only page numbers go.
    """
    from .fields import is_field_line
    from .structure import detect_marker

    raw = []
    for page in pages:
        for line in page.split("\n"):
            line = line.strip()
            if line and not _PAGE_NUMBER.match(line):
                raw.append(line)
    if not raw:
        return ""
    if not rewrap:
        return "\n".join(raw)
    lengths = sorted(len(line) for line in raw)
    full = lengths[int(len(lengths) * 0.8)] if len(lengths) > 4 else max(lengths)
    paragraphs: list[str] = []
    previous_length = 0
    for line in raw:
        if paragraphs:
            # (a bracket still open goes on whatever the line ends with: 「(省发展改革委、省统计局;⏎2024年12月底前)」)
            open_bracket = paragraphs[-1].count("(") + paragraphs[-1].count("（") > paragraphs[-1].count(")") + paragraphs[-1].count("）")
            wrapped = (previous_length >= full * 0.8 and not paragraphs[-1].endswith(LINE_END)) or open_bracket
            starts_new = detect_marker(line) is not None or is_field_line(line)
            if wrapped and not starts_new:
                paragraphs[-1] += line
                previous_length = len(line)
                continue
        paragraphs.append(line)
        previous_length = len(line)
    return "\n".join(paragraphs)


_HARD_WRAPPED_MIN_LINES = 5


def unwrap_hard_breaks(text: str, *, page_numbers_needed: bool = True) -> str | None:
    """Plain text copied from a PDF (hard line breaks at the page's width, 「…省发展改⏎革委…」), its lines joined back
    into paragraphs as a PDF's are (``reflow_pdf_lines``); None when the text is not so wrapped.

    Wrapped: the page numbers are there, and at least five lines, and a fifth of the lines, reach the common full width
    and break off without ending a sentence — a web page's paragraphs end in a full stop, whatever their length.
    A forwarded e-mail's quoted text (``page_numbers_needed=False``) is wrapped by the mail program, with no page."""
    from .tables import NUMBER, column_role
    from .flat_tables import PAGE_FURNITURE
    from .flat_rows import flat_table_header

    lines = [line.strip() for line in text.split("\n") if line.strip()]
    # A PDF's copy keeps its page numbers (— 3 —, 第3页); a table copied one cell per line has bare numbers, its 序号.
    if len(lines) < _HARD_WRAPPED_MIN_LINES or (page_numbers_needed and not any(PAGE_FURNITURE.match(line) for line in lines)):
        return None
    if any(column_role(line) == NUMBER or flat_table_header(line) is not None for line in lines):
        return None  # a table's copy: its rows are read as a table, line by line
    lengths = sorted(len(line) for line in lines)
    full = lengths[int(len(lengths) * 0.8)]
    cut = [line for line in lines if len(line) >= full * 0.8 and not line.endswith(LINE_END)]
    if len(cut) < _HARD_WRAPPED_MIN_LINES or len(cut) < 0.2 * len(lines):
        return None
    from .fields import is_field_line
    from .structure import detect_marker
    from .flat_tables import drop_page_furniture

    # The page numbers and the running header printed after each go; a sentence broken by the page goes on on the next
    # page whatever the length of the page's last line (「(省商务厅、省发展改⏎— 2 —⏎…⏎革委、…)」).
    raw = text.split("\n")
    kept = drop_page_furniture(raw)
    joined: list[str] = []
    page_break = False
    for original, line in zip(raw, kept):
        if not line.strip():
            page_break = page_break or bool(original.strip())
            continue
        line = line.strip()
        if (
            page_break
            and joined
            and not joined[-1].endswith(LINE_END)
            and detect_marker(line) is None
            and not is_field_line(line)
        ):
            joined[-1] += line
        else:
            joined.append(line)
        page_break = False
    return reflow_pdf_lines(["\n".join(joined)])


class _HTMLText(HTMLParser):
    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "title", "ul", "ol", "dd", "dt"}
    _SKIP = {"script", "style", "noscript", "head", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0
        self.tables: list[list[list[str]]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.cell_span = (1, 1)  # (rowspan, colspan) of the open cell
        # Per table: {column: (rows still covered, the covering cell's text)} by a cell merged down (rowspan) from a
        # row above.
        self.covered: list[dict[int, tuple[int, str]]] = []
        self.previous_header: list[str] | None = None  # of the last task table, for a table that continues it
        # A table inside a cell of another: the outer one lays the page out (a CMS page's title, date and content
        # rows). Its rows so far are text before the inner table; its open row and cell wait here until that ends.
        self.outer_state: list[tuple[list[str] | None, list[str] | None, tuple[int, int]]] = []
        self.layout: list[bool] = []
        self.nested: list[bool] = []  # per open table: a small table inside a task table's cell

    def flush(self) -> None:
        text = "".join(self.current).strip()
        if text:
            self.lines.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self.skip_depth += 1
        elif tag == "table":
            self.flush()
            if self.tables and self.cell is not None and header_row(self.tables[-1]) is not None:
                # A small table inside a cell of a task table (责任分工: 牵头单位 | A / 配合单位 | B): the cell's
                # content, read flat into it when it ends
                self.outer_state.append((self.row, self.cell, self.cell_span))
                self.row, self.cell = None, None
                self.nested.append(True)
            else:
                if self.tables:
                    self._lay_out_outer_table()
                self.nested.append(False)
            self.tables.append([])
            self.covered.append({})
            self.layout.append(False)
        elif tag == "tr" and self.tables:
            self.row = []
            self._skip_covered()
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            values = dict(attrs)
            self.cell_span = (_span(values.get("rowspan")), _span(values.get("colspan")))
        elif tag in self._BLOCK:
            if self.cell is not None:
                self.cell.append(" ")
            else:
                self.flush()

    def handle_endtag(self, tag):
        if tag in self._SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            rowspan, colspan = self.cell_span
            start = len(self.row)
            # A merged cell is read once, where it starts; the grid positions it covers stay empty, so the
            # cells after it keep their columns (a 序号 merged over the rows of one task leaves them unnumbered).
            text = "".join(self.cell).strip()
            self.row.append(text)
            self.row.extend([""] * (colspan - 1))
            if rowspan > 1 and self.covered:
                for column in range(start, start + colspan):
                    # counted down at the end of each row, this one included; the text marks the first column only
                    self.covered[-1][column] = (rowspan, text if column == start else "")
            self.cell = None
            self._skip_covered()
        elif tag == "tr" and self.row is not None and self.tables:
            self.tables[-1].append(self.row)
            self.row = None
            if self.covered:
                self.covered[-1] = {c: (n - 1, text) for c, (n, text) in self.covered[-1].items() if n > 1}
        elif tag == "table" and self.tables and self.nested and self.nested[-1]:
            rows = self.tables.pop()
            self.layout.pop()
            self.nested.pop()
            if self.covered:
                self.covered.pop()
            self.row, self.cell, self.cell_span = self.outer_state.pop()
            self.cell.append(_flat_cell_table(rows))
        elif tag == "table" and self.tables:
            rows = self.tables.pop()
            if self.nested:
                self.nested.pop()
            if self.layout.pop():
                self.lines.extend(" ".join(dict.fromkeys(c for c in row if c)) for row in rows if any(row))
            else:
                rows, self.previous_header = continued_table(rows, self.previous_header)
                self.lines.extend(table_rows_to_lines(rows))
            if self.covered:
                self.covered.pop()
            if self.outer_state and len(self.outer_state) > len(self.tables) - 1 and self.tables:
                self.row, self.cell, self.cell_span = self.outer_state.pop()
        elif tag in self._BLOCK and self.cell is None:
            self.flush()

    def _lay_out_outer_table(self) -> None:
        """An inner table starts: the outer table's rows so far, and the text of its open cell, go out as lines in
        their place; the outer row and cell are kept to go on after the inner table."""
        if not self.layout[-1]:
            self.layout[-1] = True
        for row in self.tables[-1]:
            text = " ".join(dict.fromkeys(c for c in row if c))
            if text:
                self.lines.append(text)
        self.tables[-1].clear()
        for cell in self.row or []:
            if cell.strip():
                self.lines.append(cell.strip())
        if self.cell is not None and "".join(self.cell).strip():
            self.lines.append("".join(self.cell).strip())
        self.outer_state.append(([] if self.row is not None else None, [] if self.cell is not None else None, self.cell_span))
        self.row, self.cell = None, None

    def _skip_covered(self) -> None:
        """Empty cells for the grid columns a cell of an earlier row still covers (its rowspan)."""
        if self.row is None or not self.covered:
            return
        while self.covered[-1].get(len(self.row), (0, ""))[0] > 0:
            text = self.covered[-1][len(self.row)][1]
            self.row.append(MERGED_DOWN + text if text else "")

    def handle_data(self, data):
        if self.skip_depth:
            return
        data = re.sub(r"[ \t\r\n]+", " ", data)
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.current.append(data)

    def close(self):
        super().close()
        self.flush()


def _flat_cell_table(rows: list[list[str]]) -> str:
    """A small table inside a cell as the cell's text: 「牵头单位 | 市市场监管局」 → 牵头单位:市市场监管局, rows apart."""
    parts = []
    for row in rows:
        cells = [cell.strip() for cell in row if cell.strip()]
        if len(cells) == 2 and column_role(cells[0]) not in (None, NUMBER, TEXT):
            parts.append(f"{cells[0]}:{cells[1]}")
        elif cells:
            parts.append(" ".join(cells))
    return "；".join(parts)


def _span(value: str | None) -> int:
    """A rowspan/colspan attribute as a count (1 when absent or odd; at most 100)."""
    try:
        return min(max(int(str(value).strip()), 1), 100) if value else 1
    except ValueError:
        return 1


def read_html(data: bytes | str) -> str:
    try:
        safedocs.check_html(data, limits=safedocs.document_limits(), what="该网页文件")
    except safedocs.DocumentRefused as error:
        raise _refused(error) from None
    text = data if isinstance(data, str) else decode_text_bytes(_declared_charset_first(data))
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    return "\n".join(parser.lines)


def _declared_charset_first(data: bytes) -> bytes:
    """Re-encode as UTF-8 when the page declares a legacy charset (GBK pages are still common)."""
    match = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", data[:4096])
    if match:
        charset = match.group(1).decode("ascii").lower()
        if charset in ("gbk", "gb2312", "gb18030", "big5"):
            try:
                return data.decode("gb18030" if charset != "big5" else "big5").encode("utf-8")
            except UnicodeDecodeError:
                return data
    return data


def read_workbook(data: bytes, filename: str) -> str:
    """A 分工方案 workbook as text: title rows above the table, then its rows as items — and the rows of a later sheet
    that goes on with the table (a 续表 sheet, with the header repeated or without one). A sheet that does not (a 说明
    sheet of notes) is left out: its numbered notes are no tasks."""
    from yingshang.core.tabular import TableError, read_rows, workbook_sheet_rows

    def merged_down(text: str) -> str:
        return MERGED_DOWN + text

    try:
        if Path(filename).suffix.lower() == ".xlsx" or data[:2] == b"PK":
            sheets = workbook_sheet_rows(data, merged_down=merged_down)
        else:
            sheets = [read_rows(io.BytesIO(data), filename, merged_down=merged_down)]
    except TableError as error:
        raise PlanParseError(f"无法读取该 Excel 文件：{' '.join(error.messages)}", code="unreadable") from error
    # The task table is on the first sheet that has one: a 填报说明 or 汇总 sheet may come before it.
    start = next((index for index, rows in enumerate(sheets) if rows and header_row(rows) is not None), 0)
    first, *later = [table for rows in sheets[start:] for table in _attachment_tables(rows)] or [[]]
    lines = table_rows_to_lines(first)
    header = header_row(first)
    for rows in later:
        if not rows or header is None:
            continue
        continued, _ = continued_table(rows, header)
        own = header_row(continued)
        # a sheet per chapter or per district repeats the task table's header; a tally by unit (牵头单位 | 事项数 |
        # 已办结) has a header of its own kind and holds no tasks — but a notice's 附件2 (a list of projects after
        # its 附件1 of tasks, on a sheet of its own or under it) is a table of tasks with columns of its own
        if own is not None and (_same_columns(own, header) or _attachment_of_tasks(rows, own)):
            lines += table_rows_to_lines(continued)
    return "\n".join(lines)


def _attachment_row(row: list[str]) -> bool:
    """The row holds only an attachment's heading (「附件2」, 「附表3 某某项目清单」), in one cell."""
    filled = [cell for cell in row if cell.strip()]
    return len(filled) == 1 and bool(ATTACHMENT_HEADING.match(filled[0]))


def _attachment_tables(rows: list[list[str]]) -> list[list[list[str]]]:
    """A sheet's rows cut into its tables: a notice's attachments set one under another on one sheet, each under its
    「附件N」 row with a header of its own, are tables of their own."""
    cuts = [
        index
        for index, row in enumerate(rows)
        if index > 0 and _attachment_row(row) and header_row(rows[index : index + _ATTACHMENT_HEADER_WITHIN]) is not None
    ]
    bounds = [0] + cuts + [len(rows)]
    return [rows[begin:end] for begin, end in zip(bounds, bounds[1:]) if rows[begin:end]]


# An attachment's header comes within its heading row, a title row and a note row.
_ATTACHMENT_HEADER_WITHIN = 4


def _attachment_of_tasks(rows: list[list[str]], header: list[str]) -> bool:
    """The rows are a notice's attachment (a 「附件N」 row above its header) whose columns hold tasks and who does them
    or by when; a list of liaison officers or a tally by unit has no task column."""
    above = rows[: next((index for index, row in enumerate(rows) if row == header), 0)]
    roles = {column_role(cell) for cell in header if cell.strip()}
    return any(_attachment_row(row) for row in above) and TEXT in roles and bool(roles & {LEAD, RESPONSIBLE, DEADLINE})


def _same_columns(header: list[str], other: list[str]) -> bool:
    """Two headers naming the same columns, whatever their wording (完成时限 / 完成时间)."""
    roles = [column_role(cell) for cell in header if cell.strip()]
    return roles == [column_role(cell) for cell in other if cell.strip()]


def read_bytes(data: bytes, filename: str, *, max_bytes: int = MAX_FILE_BYTES) -> tuple[str, str]:
    """(raw text, format) of an uploaded file's content."""
    check_size(len(data), max_bytes)
    suffix = Path(filename).suffix.lower()
    if suffix == ".doc":
        raise PlanParseError("暂不支持旧版 Word（.doc）文件，请另存为 .docx 后上传。", code="unsupported_format")
    if suffix and suffix not in SUPPORTED_SUFFIXES:
        raise PlanParseError(
            f"不支持的文件类型“{suffix}”。请上传 .txt、.docx、.pdf、.html 或 .xlsx 文件。", code="unsupported_format"
        )
    if suffix in WORKBOOK_SUFFIXES:
        return read_workbook(data, filename), "xlsx"
    if suffix == ".docx" or data[:2] == b"PK" and suffix not in (".txt", ".html", ".htm"):
        text, source_format = read_docx(data), "docx"
    elif suffix == ".pdf" or data[:5] == b"%PDF-":
        text, source_format = read_pdf(data), "pdf"
    elif suffix in (".html", ".htm", ".xhtml") or re.match(rb"\s*<(?:!doctype html|html)", data[:200], re.I):
        text, source_format = read_html(data), "html"
    else:
        text, source_format = decode_text_bytes(data), "txt"
    return text, source_format


def check_text(text: str) -> None:
    """The limits on lines and line length (core/safedocs), for the text of every format: parse_text calls it."""
    try:
        safedocs.check_text(text, limits=safedocs.document_limits(), what="该文件的文字内容")
    except safedocs.DocumentRefused as error:
        raise _refused(error) from None


def read_path(path: str | Path, *, max_bytes: int = MAX_FILE_BYTES) -> tuple[str, str]:
    """(raw text, format) of a file on disk; the size is checked before the file is opened."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise PlanParseError(f"找不到文件：{path}", code="unreadable") from error
    check_size(size, max_bytes)
    return read_bytes(path.read_bytes(), path.name, max_bytes=max_bytes)
