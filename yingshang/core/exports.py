"""The one XLSX exporter: every list and ledger page exports exactly the rows it shows, with the same columns.

A list view builds its rows as it does for the page (the user's scope and the filters of the query string),
and before paginating calls::

    if export := list_export(request, _("经营主体"), ENTERPRISE_COLUMNS, enterprises):
        return export

``list_export`` answers only when the query string carries ``export=xlsx`` (the 「导出 Excel」 link of
``core/_export_link.html`` adds it to the page's own query string), so the export has every page of the
same rows, not just the one on screen.

Every CSV the platform writes goes through :func:`write_csv` here too, with the same neutralisation (the
batch classification results of ``yingshang appeals classify``); ``tests/test_export_neutralisation.py``
fails when a module writes CSV or XLSX any other way.

The workbook is written by openpyxl in write-only mode (rows go to a temporary file, memory stays flat for
long ledgers) and sent as a file stream. Cells are protected against formula injection (OWASP "CSV
injection"): a text beginning with ``= + - @`` (or a tab or carriage return followed by one of them, or on
its own) is written with a leading apostrophe, so Excel shows it as text and never evaluates it. Numbers,
dates and times stay typed cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Iterable, Sequence
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.encoding import force_str

from . import clock

EXPORT_PARAMETER, EXPORT_FORMAT = "export", "xlsx"
# Excel's last row is 1,048,576; one goes to the header, one to the truncation note.
MAX_EXPORT_ROWS = 1_048_574
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One exported column: its Chinese title and how to get the value from a row.

    ``value`` is a dotted attribute path (``"unit.name"``; a callable attribute such as
    ``get_status_display`` is called), a dict key for dict rows, or a function of the row.
    """

    title: Any
    value: str | Callable[[Any], Any]
    width: int = 16

    def get(self, row: Any) -> Any:
        if callable(self.value):
            return self.value(row)
        current = row
        for part in self.value.split("."):
            if current is None:
                return None
            current = current.get(part) if isinstance(current, dict) else getattr(current, part, None)
            if callable(current) and not isinstance(current, type):
                current = current()
        return current


def neutralise_formula(text: str) -> str:
    """``text`` as a spreadsheet can only show it: a leading apostrophe when it begins with a character
    that makes Excel or LibreOffice read a formula (= + - @) or with a tab or carriage return."""
    return "'" + text if text.startswith(_FORMULA_TRIGGERS) else text


def write_csv(handle, headers: Sequence[Any], rows: Iterable[Sequence[Any]], *, delimiter: str = ",") -> int:
    """Write a CSV (RFC 4180 quoting, the dialect the reader prefers) to the text ``handle``; text cells
    are neutralised like the XLSX cells. Returns the number of data rows."""
    from .tabular import Rfc4180

    writer = csv.writer(handle, Rfc4180, delimiter=delimiter)
    writer.writerow([_csv_cell(value) for value in headers])
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
        count += 1
    return count


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    return neutralise_formula(force_str(value))


def safe_cell(value: Any) -> Any:
    """A value Excel stores as data: typed numbers and dates, text that can never become a formula."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, (dt.date, dt.time)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        value = "、".join(force_str(v) for v in value if v not in (None, ""))
    text = force_str(value)
    # Control characters other than tab/newline are illegal in XLSX XML.
    text = "".join(ch for ch in text if ch >= " " or ch in "\t\n\r")
    return neutralise_formula(text)


def _rows_of(rows: Iterable[Any]) -> Iterable[Any]:
    """A queryset is read in chunks (prefetches included) instead of being loaded whole."""
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=2000)
    return rows


Sheet = tuple[str, Sequence[Column], Iterable[Any]]


def write_xlsx(target, title: str, columns: Sequence[Column], rows: Iterable[Any], *, extra_sheets: Sequence[Sheet] = ()) -> int:
    """Write a sheet (header + rows), then any ``extra_sheets`` (title, columns, rows), to ``target`` (a path
    or binary file); returns the number of rows of the first sheet."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    count = _write_sheet(workbook, title, columns, rows)
    for sheet_title, sheet_columns, sheet_rows in extra_sheets:
        _write_sheet(workbook, sheet_title, sheet_columns, sheet_rows)
    workbook.save(target)
    return count


def _write_sheet(workbook, title: str, columns: Sequence[Column], rows: Iterable[Any]) -> int:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(title=_sheet_title(title))
    for index, column in enumerate(columns):
        sheet.column_dimensions[_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=safe_cell(column.title))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in _rows_of(rows):
        if count >= MAX_EXPORT_ROWS:
            sheet.append([_("仅导出前 %(max)s 行(Excel 的行数上限),请缩小筛选范围后分批导出") % {"max": MAX_EXPORT_ROWS}])
            break
        sheet.append([_typed_cell(sheet, safe_cell(column.get(row))) for column in columns])
        count += 1
    return count


def _typed_cell(sheet, value: Any):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never "f": a text cell stays text whatever it starts with
    elif isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _sheet_title(title: str) -> str:
    cleaned = "".join(ch for ch in force_str(title) if ch not in "[]:*?/\\")
    return (cleaned or _("导出"))[:31]


def xlsx_response(filename: str, columns: Sequence[Column], rows: Iterable[Any], *, title: str | None = None,
                  extra_sheets: Sequence[Sheet] = ()) -> FileResponse:
    """An XLSX download of ``rows``; the file is built in a temporary file and streamed from there."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_xlsx(spool, title or filename, columns, rows, extra_sheets=extra_sheets)
    spool.seek(0)
    name = f"{force_str(filename)}-{clock.today().isoformat()}.xlsx"
    response = FileResponse(spool, content_type=_XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "no-store"
    return response


def export_requested(request: HttpRequest) -> bool:
    return request.GET.get(EXPORT_PARAMETER) == EXPORT_FORMAT


def list_export(request: HttpRequest, name: str, columns: Sequence[Column], rows: Iterable[Any], *,
                extra_sheets: Sequence[Sheet] = ()) -> FileResponse | None:
    """The XLSX of a list page when the query string asks for it (``export=xlsx``), else None.

    A page with a second table (a summary below the list) passes it as ``extra_sheets``."""
    if not export_requested(request):
        return None
    return xlsx_response(name, columns, rows, extra_sheets=extra_sheets)
