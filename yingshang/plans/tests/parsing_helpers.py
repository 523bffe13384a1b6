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
