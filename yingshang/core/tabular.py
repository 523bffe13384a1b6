"""The one reader of uploaded and command-line tables: CSV/TSV (UTF-8, UTF-8 with BOM, GBK/GB18030), XLSX and XLS.

Every import and every command that reads a table goes through here, so a file that works in one place
works in all of them and a bad file gets the same Chinese sentence everywhere.

CSV is read as RFC 4180 first: comma, ``"`` quotes with ``""`` for a quote inside a field, newlines inside
quoted fields. Only when that parse is inconsistent (the header has one column, or the first records have
a different width than the header) is another delimiter (``;``, tab, ``|``) tried, and it is kept only if
it gives a consistent table; quote handling never changes. A file named ``.tsv`` is tab-separated.
Workbooks (``.xlsx``/``.xlsm``/``.xls``, or any file whose bytes are a workbook) are read with
python-calamine, which reads cached cell values and never executes formulas.

Rows stream: ``open_table`` returns a ``TableReader`` whose iteration parses one record at a time (CSV files
are read through an incremental decoder, never as one string), numbered as the user sees them in Excel
(the header is row 1). ``read_table`` is the list form for callers that need every row at once.

Errors are ``TableError`` (a ``ValidationError``): 编码无法识别, 缺少必需的列, 第N行列数多于表头, 文件已损坏...
A row with more non-empty cells than the header is an error, never silently cut or shifted.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import safedocs
from .textnorm import normalize_text

CSV_SUFFIXES = (".csv", ".txt")
TSV_SUFFIXES = (".tsv", ".tab")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
SUPPORTED_SUFFIXES = CSV_SUFFIXES + TSV_SUFFIXES + WORKBOOK_SUFFIXES
# Appeal texts and policy clauses can be long; the csv module refuses fields above 128 KiB by default.
CSV_FIELD_LIMIT = 16 * 1024 * 1024
# How many records decide whether the RFC 4180 parse is consistent.
SAMPLE_RECORDS = 50
FALLBACK_DELIMITERS = (";", "\t", "|")
# How many leading rows may be titles above the header (see open_table).
HEADER_SEARCH_ROWS = 10
_CHUNK = 1 << 16
_ZIP_MAGIC, _OLE2_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class TableError(ValidationError):
    """A table that cannot be read, with a Chinese sentence that tells the user what to fix."""


class Rfc4180(csv.Dialect):
    delimiter = ","
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL
    # An unclosed quote or text after a closing quote is an error instead of swallowing the rest of the file.
    strict = True


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number as the user sees it, values)


def _open_binary(source) -> tuple[IO[bytes], bool]:
    """A seekable binary stream for bytes, a path or an uploaded file; True when we opened it (and close it)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(source)), True
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise TableError(_("找不到文件:%(path)s") % {"path": path})
        if not path.is_file():
            raise TableError(_("不是文件:%(path)s") % {"path": path})
        try:
            return open(path, "rb"), True
        except OSError as error:
            raise TableError(_("无法读取文件 %(path)s:%(error)s") % {"path": path, "error": error.strerror or error})
    if hasattr(source, "seek") and getattr(source, "seekable", lambda: True)():
        source.seek(0)
        return source, False
    return io.BytesIO(source.read()), True


def _detect_encoding(stream: IO[bytes]) -> str:
    """UTF-8 (with or without BOM) or GB18030 (a superset of GBK), checked over the whole file in chunks."""
    head = stream.read(3)
    stream.seek(0)
    candidates = ("utf-8-sig",) if head == codecs.BOM_UTF8 else ("utf-8", "gb18030")
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        try:
            while chunk := stream.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            stream.seek(0)
            continue
        stream.seek(0)
        return encoding
    raise TableError(_("文件编码无法识别,请保存为 UTF-8 或 GBK 编码的 CSV"))


def _record_width(record: list[str]) -> int:
    """Width up to the last non-empty cell: trailing empty cells (``a,b,,``) are not extra columns."""
    width = len(record)
    while width and not record[width - 1].strip():
        width -= 1
    return width


def _consistent(sample: list[list[str]]) -> bool:
    """The header has several columns and no sampled record is wider than it."""
    header_width = len(sample[0]) if sample else 0
    return header_width > 1 and all(_record_width(r) <= header_width for r in sample[1:])


def _sample(text: str, delimiter: str) -> list[list[str]] | None:
    reader = csv.reader(io.StringIO(text, newline=""), Rfc4180, delimiter=delimiter)
    records = []
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append(record)
            if len(records) > SAMPLE_RECORDS:
                break
    except csv.Error:
        # The sample may end inside a quoted field: what was read so far decides.
        pass
    return records


def _choose_delimiter(text_head: str) -> str:
    """RFC 4180's comma unless its parse is inconsistent and another delimiter gives a consistent table."""
    comma = _sample(text_head, ",")
    if not comma or _consistent(comma):
        return ","
    for delimiter in FALLBACK_DELIMITERS:
        if _consistent(_sample(text_head, delimiter) or []):
            return delimiter
    return ","


def _cell_text(value) -> str:
    """A workbook cell as the text the user typed: 210202 not 210202.0, dates without a midnight time."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value)


@dataclass
class TableReader:
    """An open table: ``headers`` (mapped through the aliases), then rows on iteration."""

    headers: list[str]
    source_headers: list[str]
    encoding: str | None  # None for workbooks
    delimiter: str | None  # None for workbooks
    _records: Iterator[list[str]] = field(repr=False)
    _strip: bool = True
    _skip_blank: bool = True
    _on_close: list = field(default_factory=list, repr=False)
    last_row: int = 1

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells padded to the header's width); a wider row is an error naming the row.

        One pass over the file: a second call continues where the first stopped."""
        width = len(self.source_headers)
        while True:
            try:
                record = next(self._records)
            except StopIteration:
                self.close()
                return
            except csv.Error as error:
                self.close()
                raise TableError(_("第%(row)s行附近 CSV 格式错误(引号未闭合或引号后有多余字符):%(error)s")
                                 % {"row": self.last_row + 1, "error": error})
            self.last_row += 1
            if self._skip_blank and not any((cell or "").strip() for cell in record):
                continue
            if _record_width(record) > width:
                self.close()
                raise TableError(_("第%(row)s行列数多于表头(表头 %(header)s 列,该行 %(cells)s 列),请检查分隔符和引号")
                                 % {"row": self.last_row, "header": width, "cells": _record_width(record)})
            cells = [(cell.strip() if self._strip else cell) for cell in record[:width]]
            yield self.last_row, cells + [""] * (width - len(cells))

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(row number, {header: value})."""
        for number, cells in self.records():
            yield number, {header: cells[i] for i, header in enumerate(self.headers) if header}

    def column_index(self, name: str) -> int:
        positions = [i for i, header in enumerate(self.headers) if header == name]
        if not positions:
            raise TableError(_("文件中没有列“%(name)s”。文件中的列为:%(columns)s")
                             % {"name": name, "columns": "、".join(h for h in self.source_headers if h) or _("(无)")})
        if len(positions) > 1:
            raise TableError(_("文件中有 %(count)s 个名为“%(name)s”的列,无法确定使用哪一列") % {"count": len(positions), "name": name})
        return positions[0]

    def close(self) -> None:
        while self._on_close:
            self._on_close.pop()()

    def __enter__(self) -> "TableReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _csv_records(stream: IO[bytes], owned: bool, delimiter: str | None) -> tuple[Iterator[list[str]], str, str, list]:
    encoding = _detect_encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    on_close = [text.detach] if not owned else [text.close]
    if "\x00" in text.read(_CHUNK):
        on_close[0]()  # an upload stays open for the caller
        raise TableError(_("文件含二进制内容,不是文本格式的 CSV(Excel 文件请直接上传 .xlsx 或 .xls)"))
    text.seek(0)
    if delimiter is None:
        head = text.read(_CHUNK)
        delimiter = _choose_delimiter(head)
        text.seek(0)
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    return csv.reader(text, Rfc4180, delimiter=delimiter), encoding, delimiter, on_close


@contextmanager
def _calamine_errors():
    """calamine's errors as the one error type callers handle for every bad table."""
    from python_calamine import PasswordError

    try:
        yield
    except TableError:
        raise
    except PasswordError:
        raise TableError(_("Excel 文件有密码保护,请取消密码后再上传"))
    except Exception:  # calamine raises several error types for damaged zip/xml/OLE content
        raise TableError(_("Excel 文件已损坏或格式不受支持,无法读取(请用 Excel 另存为 .xlsx 后再上传)"))


def _open_workbook(stream: IO[bytes]):
    """(the workbook, the limits it was read under). An .xlsx passes the guarded reader's limits (core/safedocs:
    unpacked size, entries, ratio, safe XML, rows and cells) before calamine reads it; an .xls (not compressed, so no
    bomb) has its rows counted per sheet (``_sheet_texts``)."""
    from python_calamine import CalamineWorkbook

    limits = safedocs.document_limits()
    if stream.read(4) == _ZIP_MAGIC:
        stream.seek(0)
        try:
            safedocs.inspect_workbook(stream, limits=limits, what=_("该 Excel 文件"))
        except safedocs.DocumentRefused as error:  # callers handle one error type for every bad table
            raise TableError(error.message, code=error.code) from None
    stream.seek(0)
    with _calamine_errors():
        workbook = CalamineWorkbook.from_filelike(stream)
        if not workbook.sheet_names:
            raise TableError(_("Excel 文件中没有工作表"))
    return workbook, limits


def _sheet_texts(workbook, index: int, limits, merged_down: Callable[[str], str] | None = None) -> list[list[str]]:
    """A sheet's rows of cell texts. ``merged_down`` gives the cells a merged cell covers below its first row (empty
    otherwise, as Excel shows them) from the merged cell's text."""
    with _calamine_errors():
        sheet = workbook.get_sheet_by_index(index)
        if sheet.height > limits.max_rows:
            raise TableError(_("该 Excel 文件有 %(n)s 行,超过 %(limit)s 行的上限,未读取。请分批导入。")
                               % {"n": f"{sheet.height:,}", "limit": f"{limits.max_rows:,}"}, code="rows")
        rows = sheet.to_python(skip_empty_area=False)
        merged = sheet.merged_cell_ranges if merged_down is not None else []
    texts = [[_cell_text(value) for value in row] for row in rows]
    for (top, left), (bottom, _right) in merged or ():
        # from (0, 0), as to_python(skip_empty_area=False) lays the sheet out
        if top < len(texts) and left < len(texts[top]) and texts[top][left].strip():
            for row in texts[top + 1 : bottom + 1]:
                if left < len(row):
                    row[left] = merged_down(texts[top][left])
    return texts


def _workbook_records(stream: IO[bytes], merged_down: Callable[[str], str] | None = None) -> Iterator[list[str]]:
    """The first sheet's rows (``_open_workbook``, ``_sheet_texts``)."""
    workbook, limits = _open_workbook(stream)
    return iter(_sheet_texts(workbook, 0, limits, merged_down))


def workbook_sheet_rows(data: bytes, *, merged_down: Callable[[str], str] | None = None) -> list[list[list[str]]]:
    """Every visible sheet of a workbook (at most ``_MAX_SHEETS``) as its rows of cell texts (blank rows dropped), in
    the workbook's order: a 台账 whose table goes on on a 续表 sheet. A hidden sheet (a lookup of codes, a helper for
    formulas) is no one's reading and is left out. The workbook is checked and opened once; same limits and errors as
    ``read_rows``."""
    workbook, limits = _open_workbook(io.BytesIO(data))
    count = min(len(workbook.sheet_names), _MAX_SHEETS)
    from python_calamine import SheetVisibleEnum

    with _calamine_errors():
        shown = [sheet.visible == SheetVisibleEnum.Visible for sheet in workbook.sheets_metadata]
    sheets = [_sheet_texts(workbook, index, limits, merged_down) for index in range(count) if index >= len(shown) or shown[index]]
    return [[row for row in rows if any(cell.strip() for cell in row)] for rows in sheets]


_MAX_SHEETS = 20


def _header_names(row: list[str]) -> list[str]:
    names = [normalize_text(h) for h in row]
    while names and not names[-1]:
        names.pop()
    return names


def _open_records(source, filename: str | None, merged_down: Callable[[str], str] | None = None):
    """The records of a table file, by its content and name: a workbook's first sheet, or CSV/TSV decoded as
    ``_csv_records`` does. Returns ``(records, encoding, delimiter, on_close)``; the caller runs ``on_close``."""
    if filename is None:
        filename = str(source) if isinstance(source, (str, os.PathLike)) else ""
    suffix = Path(filename).suffix.lower()
    stream, owned = _open_binary(source)
    try:
        head = stream.read(8)
        stream.seek(0)
        if not head.strip(b" \t\r\n\xef\xbb\xbf"):
            if not stream.read(_CHUNK).strip(b" \t\r\n\xef\xbb\xbf"):
                raise TableError(_("文件为空"))
            stream.seek(0)
        is_workbook = head.startswith(_ZIP_MAGIC) or head.startswith(_OLE2_MAGIC)
        if suffix in WORKBOOK_SUFFIXES or is_workbook:
            if suffix in WORKBOOK_SUFFIXES and not is_workbook:
                raise TableError(_("Excel 文件已损坏或不是 Excel 格式,无法读取"))
            records, encoding, delimiter, on_close = _workbook_records(stream, merged_down), None, None, []
            if owned:
                stream.close()
        elif suffix in CSV_SUFFIXES + TSV_SUFFIXES or not suffix:
            records, encoding, delimiter, on_close = _csv_records(stream, owned, "\t" if suffix in TSV_SUFFIXES else None)
        else:
            raise TableError(_("不支持的文件类型“%(suffix)s”,请上传 CSV、XLSX 或 XLS 文件") % {"suffix": suffix})
    except BaseException:
        if owned:
            stream.close()
        raise
    return records, encoding, delimiter, on_close


def open_table(source, filename: str | None = None, *, required: Iterable[str] = (), aliases: dict[str, str] | None = None,
               strip: bool = True, skip_blank: bool = True) -> TableReader:
    """Open a table for streaming: ``source`` is bytes, a binary file (an upload) or a path.

    Headers are normalised (full-width to half-width, collapsed spaces) and mapped through ``aliases``
    (中文表头 → field); every name in ``required`` (field names) must be present.
    """
    records, encoding, delimiter, on_close = _open_records(source, filename)
    reader = TableReader(headers=[], source_headers=[], encoding=encoding, delimiter=delimiter, _records=records,
                         _strip=strip, _skip_blank=skip_blank, _on_close=on_close)
    try:
        header_row = next(records)
    except StopIteration:
        reader.close()
        raise TableError(_("文件没有表头行"))
    except csv.Error as error:
        reader.close()
        raise TableError(_("第1行(表头)CSV 格式错误:%(error)s") % {"error": error})
    aliases = aliases or {}
    required = set(required)
    headers_of = lambda row: [aliases.get(h, h) for h in _header_names(row)]  # noqa: E731
    if required - set(headers_of(header_row)):
        # Spreadsheets from departments often carry a title row (“2026年经营主体名单”) above the header:
        # the header is the first of the leading rows that has every required column.
        leading = [header_row]
        try:
            while len(leading) < HEADER_SEARCH_ROWS and required - set(headers_of(leading[-1])):
                leading.append(next(records))
        except StopIteration:
            pass
        except csv.Error as error:
            reader.close()
            raise TableError(_("第%(row)s行附近 CSV 格式错误(引号未闭合或引号后有多余字符):%(error)s")
                             % {"row": len(leading) + 1, "error": error})
        # The row with the most required columns is the header (all of them: read on; otherwise name the missing).
        found = max(range(len(leading)), key=lambda i: (len(required & set(headers_of(leading[i]))), -i))
        header_row, reader.last_row = leading[found], found + 1
        reader._records = itertools.chain(leading[found + 1:], records)
    source_headers = _header_names(header_row)
    if not any(source_headers):
        reader.close()
        raise TableError(_("文件的表头行为空"))
    headers = [aliases.get(h, h) for h in source_headers]
    reader.source_headers, reader.headers = source_headers, headers
    missing = required - set(headers)
    if missing:
        reader.close()
        readable = {}
        for label, name in aliases.items():
            readable.setdefault(name, label)
        raise TableError(_("缺少必需的列:%(columns)s") % {"columns": "、".join(sorted(readable.get(m, m) for m in missing))})
    duplicated = sorted({h for h in headers if h and headers.count(h) > 1} & (set(required) | set(aliases.values())))
    if duplicated:
        reader.close()
        raise TableError(_("表头中有重复的列:%(columns)s,无法确定使用哪一列") % {"columns": "、".join(duplicated)})
    return reader


def read_rows(source, filename: str | None = None, *, merged_down: Callable[[str], str] | None = None) -> list[list[str]]:
    """Every row of a table file as cells, with no header handling (blank rows dropped).

    For documents laid out as tables — a 分工方案 workbook with title rows and merged section rows above
    and between its task rows — whose structure the caller reads itself. Same formats and errors as
    ``open_table``; a workbook's first sheet. ``merged_down``: in a workbook, the text given to the cells a merged
    cell covers below its first row (a caller that reads the columns decides what such a cell means).
    """
    records, _encoding, _delimiter, on_close = _open_records(source, filename, merged_down)
    try:
        records = list(records)
    except csv.Error as error:
        raise TableError(_("CSV 格式错误:%(error)s") % {"error": error})
    finally:
        for close in on_close:
            close()
    return [[cell.strip() for cell in record] for record in records if any(cell.strip() for cell in record)]


def read_table(file, filename: str, *, required: Iterable[str], aliases: dict[str, str]) -> Table:
    """Read a whole table; headers are mapped through ``aliases`` (中文表头 → field)."""
    reader = open_table(file, filename, required=required, aliases=aliases)
    return Table(headers=reader.headers, rows=list(reader))
