"""What the parsing-convention tests read from a parsed plan: its items by number path, and unit mentions by name."""

from yingshang.plans.parsing import iter_items, parse_plan


def items_by_path(text: str, **kwargs) -> dict:
    return {tuple(item["path"]): item for item in iter_items(parse_plan(text, **kwargs))}


def mention_names(records: list[dict]) -> list[str]:
    return [record["mention"] for record in records]


def deadline_dates(item: dict) -> list[str]:
    """The dates of an item's deadlines, in the order the parser found them."""
    return [deadline["date"] for deadline in item["deadlines"]]


def workbook_bytes(sheets: list[tuple[str, list[list], bool]]) -> bytes:
    """An .xlsx of (sheet name, rows, hidden) sheets."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    for index, (name, rows, hidden) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = name
        sheet.sheet_state = "hidden" if hidden else "visible"
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_W_NAMESPACE = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def numbered_docx(numbering: list[str], paragraphs: list[tuple[int | None, str]], num_id: str) -> bytes:
    """A .docx whose numbering part holds ``numbering`` (w:abstractNum / w:num elements, written without the namespace
    declaration) and whose paragraphs are (list level, text) — numbered in list ``num_id`` at that level, or plain
    where the level is None."""
    import io

    from docx import Document
    from docx.oxml import parse_xml

    document = Document()
    part = document.part.numbering_part.element
    for element in numbering:
        part.append(parse_xml(element.replace("<w:abstractNum ", f"<w:abstractNum {_W_NAMESPACE} ", 1).replace("<w:num ", f"<w:num {_W_NAMESPACE} ", 1)))
    for level, text in paragraphs:
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {_W_NAMESPACE}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
            )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
