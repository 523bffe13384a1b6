"""Reading uploaded tables (CSV in UTF-8/GBK, XLSX) into header → value rows, with Chinese errors."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from django.core.exceptions import ValidationError

from .textnorm import normalize_text


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number as the user sees it, values)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("文件编码无法识别,请保存为 UTF-8 或 GBK 编码的 CSV")


def _rows_from_csv(data: bytes) -> Iterator[list[str]]:
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


def _rows_from_xlsx(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ValidationError("XLSX 文件已损坏或不是 Excel 2007 以上格式,无法读取")
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(values_only=True):
        yield ["" if cell is None else (cell.isoformat() if hasattr(cell, "isoformat") else str(cell)) for cell in row]


def read_table(file: IO[bytes] | bytes, filename: str, *, required: set[str], aliases: dict[str, str]) -> Table:
    """Read a whole table; headers are mapped through ``aliases`` (中文表头 → field)."""
    data = file if isinstance(file, bytes) else file.read()
    if not data:
        raise ValidationError("文件为空")
    suffix = Path(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw_rows = _rows_from_xlsx(data)
    elif suffix in (".csv", ".txt", ".tsv"):
        raw_rows = _rows_from_csv(data)
    else:
        raise ValidationError(f"不支持的文件类型“{suffix or '无扩展名'}”,请上传 CSV 或 XLSX 文件")
    try:
        header_row = next(raw_rows)
    except StopIteration:
        raise ValidationError("文件没有表头行")
    except csv.Error as error:
        raise ValidationError(f"CSV 格式错误:{error}")
    headers = [aliases.get(normalize_text(h), normalize_text(h)) for h in header_row]
    missing = required - set(headers)
    if missing:
        readable = {v: k for k, v in aliases.items()}
        names = "、".join(sorted(readable.get(m, m) for m in missing))
        raise ValidationError(f"缺少必需的列:{names}")
    rows = []
    try:
        for number, raw in enumerate(raw_rows, start=2):
            if not any((cell or "").strip() for cell in raw):
                continue
            rows.append((number, {h: (raw[i].strip() if i < len(raw) and raw[i] else "") for i, h in enumerate(headers)}))
    except csv.Error as error:
        raise ValidationError(f"CSV 格式错误(第{len(rows) + 2}行附近):{error}")
    return Table(headers=headers, rows=rows)
