"""The guarded reader layer (core/safedocs) against the hostile-document corpus (tests/hostile.py).

Every hostile file is refused with a Chinese message and its code, within a few seconds; the ordinary
files next to them are read. The budgets of the child process are tested with functions that run away.
"""

from __future__ import annotations

import io
import re
import struct
import time

import pytest

from yingshang.core import safedocs
from yingshang.core.safedocs import DocumentRefused
from yingshang.core.tabular import TableError, open_table

from . import hostile

FEW_SECONDS = 5.0


def refused(fn, *args, code: str, **kwargs) -> DocumentRefused:
    started = time.monotonic()
    with pytest.raises(DocumentRefused) as caught:
        fn(*args, **kwargs)
    elapsed = time.monotonic() - started
    assert caught.value.code == code, caught.value.messages
    assert elapsed < FEW_SECONDS, f"refused after {elapsed:.1f} s"
    assert re.search("[\u4e00-\u9fff]{4}.*。", str(caught.value)), str(caught.value)  # a Chinese sentence
    return caught.value


# --- zip-based documents --------------------------------------------------------------------------------


def test_an_ordinary_docx_is_opened():
    document = safedocs.open_docx(hostile.docx_plan(["一、总体要求", "1.压缩开办时间"]))
    assert [p.text for p in document.paragraphs] == ["一、总体要求", "1.压缩开办时间"]


def test_a_50_mb_docx_bomb_is_refused_from_its_directory():
    bomb = hostile.docx_bomb(50)
    assert len(bomb) < 1024 * 1024  # small on the wire
    error = refused(safedocs.open_docx, bomb, code="ratio")
    assert "压缩炸弹" in str(error) and "document.xml" in str(error)


def test_a_bomb_under_the_ratio_is_refused_by_its_unpacked_size():
    limits = safedocs.document_limits(max_ratio=10_000, max_unpacked_bytes=20 * 1024 * 1024)
    error = refused(safedocs.open_docx, hostile.docx_bomb(50), limits=limits, code="unpacked_size")
    assert "20 MB" in str(error)


def test_too_many_paragraphs_are_refused_before_python_docx_builds_them():
    limits = safedocs.document_limits(max_paragraphs=500)
    refused(safedocs.open_docx, hostile.docx_many_paragraphs(501), limits=limits, code="paragraphs")
    assert len(safedocs.open_docx(hostile.docx_many_paragraphs(500), limits=limits).paragraphs) == 500


def test_entity_expansion_and_external_entities_are_refused():
    error = refused(safedocs.open_docx, hostile.docx_billion_laughs(), code="xml_dtd")
    assert "实体" in str(error)
    refused(safedocs.open_docx, hostile.docx_external_entity(), code="xml_dtd")


def test_malformed_document_xml_is_a_chinese_error():
    error = refused(safedocs.open_docx, hostile.docx_malformed_xml(), code="xml_malformed")
    assert "word/document.xml" in str(error) and "XML" in str(error)


def test_not_a_zip_and_a_zip_without_a_body():
    refused(safedocs.open_docx, b"PK\x03\x04 not really a docx", code="damaged")
    refused(safedocs.open_docx, hostile.zip_many_entries(3), code="damaged")


def test_too_many_entries_and_nested_archives():
    refused(safedocs.open_docx, hostile.zip_many_entries(2001), code="entries")
    refused(safedocs.open_docx, hostile.docx_nested_archives(depth=2), code="nesting")
    # One level (an embedded workbook in a report) is inspected and allowed.
    assert safedocs.open_docx(hostile.docx_nested_archives(depth=1)).paragraphs[0].text == "一、总体要求"


def test_an_entry_that_lies_about_its_size_is_refused():
    data = bytearray(hostile.docx_plan(["一、总体要求"]))
    # Halve the declared size of word/document.xml in the central directory: zipfile stops there and the CRC fails.
    name = b"word/document.xml"
    entry = next(i for i in range(len(data)) if data[i:i + 4] == b"PK\x01\x02" and data[i + 46:i + 46 + len(name)] == name)
    (size,) = struct.unpack_from("<I", data, entry + 24)
    struct.pack_into("<I", data, entry + 24, size // 2)
    refused(safedocs.open_docx, bytes(data), code="damaged")


def test_an_entry_in_a_compression_method_zipfile_cannot_read_is_refused():
    data = bytearray(hostile.docx_plan(["一、总体要求"]))
    # Mark word/document.xml as compressed with method 99 (AE-x encryption) in its central-directory entry.
    name = b"word/document.xml"
    entry = next(i for i in range(len(data)) if data[i:i + 4] == b"PK\x01\x02" and data[i + 46:i + 46 + len(name)] == name)
    struct.pack_into("<H", data, entry + 10, 99)
    refused(safedocs.open_docx, bytes(data), code="damaged")


# --- workbooks (core/tabular.py reads through the guard) --------------------------------------------------


def test_an_xlsx_bomb_is_refused_before_calamine_reads_it():
    bomb = hostile.xlsx_bomb(600_000)
    assert len(bomb) < 1024 * 1024
    started = time.monotonic()
    with pytest.raises(TableError) as caught:
        open_table(bomb, "enterprises.xlsx")
    assert time.monotonic() - started < FEW_SECONDS
    assert caught.value.code in ("ratio", "rows") and "上限" in caught.value.messages[0]


def test_too_many_rows_in_a_workbook_even_at_a_normal_ratio(settings):
    settings.YINGSHANG_DOCUMENT_LIMITS = {"max_rows": 100}
    with pytest.raises(TableError) as caught:
        open_table(hostile.xlsx([["名称", "数量"], ["甲", "1"]], repeat_rows=100), "t.xlsx")
    assert caught.value.code == "rows" and "100" in caught.value.messages[0]
    with open_table(hostile.xlsx([["名称", "数量"], ["甲", "1"]], repeat_rows=97), "t.xlsx") as table:
        assert len(list(table)) == 98


def test_entity_expansion_in_a_workbook_is_refused():
    with pytest.raises(TableError) as caught:
        open_table(hostile.xlsx_billion_laughs(), "t.xlsx")
    assert caught.value.code == "xml_dtd"


def test_an_ordinary_xlsx_is_read():
    with open_table(hostile.xlsx([["名称", "数量"], ["甲", "1"], ["乙", "2"]]), "t.xlsx") as table:
        assert [row for _, row in table] == [{"名称": "甲", "数量": "1"}, {"名称": "乙", "数量": "2"}]


# --- PDF ----------------------------------------------------------------------------------------------------


def test_a_pdf_declaring_a_billion_objects_is_refused():
    limits = safedocs.document_limits()
    error = refused(safedocs.open_pdf, hostile.pdf_huge_object_count(), limits=limits, what="该 PDF 文件", code="pdf_objects")
    assert "1,000,000,000" in str(error)
    refused(safedocs.open_pdf, hostile.pdf_huge_page_count(), limits=limits, what="该 PDF 文件", code="pdf_pages")
    refused(safedocs.open_pdf, b"not a pdf", limits=limits, what="该 PDF 文件", code="damaged")


def test_an_ordinary_pdf_is_opened():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert len(safedocs.open_pdf(buffer.getvalue(), limits=safedocs.document_limits(), what="PDF").pages) == 1


# --- text ---------------------------------------------------------------------------------------------------


def test_a_huge_single_line_is_refused():
    limits = safedocs.document_limits()
    text = hostile.huge_single_line_text(8).decode("utf-8")
    error = refused(safedocs.check_text, text, limits=limits, what="该文件", code="line_length")
    assert "200,000" in str(error)
    refused(safedocs.check_text, "一\n" * (limits.max_lines + 1), limits=limits, what="该文件", code="lines")
    safedocs.check_text("一、总体要求\r\n1.压缩开办时间\n" * 100, limits=limits, what="该文件")


def test_too_many_html_tags_are_refused():
    limits = safedocs.document_limits(max_html_tags=1000)
    refused(safedocs.check_html, hostile.many_tags_html(600), limits=limits, what="该网页", code="html_tags")
    safedocs.check_html(hostile.many_tags_html(400), limits=limits, what="该网页")


def test_limits_come_from_the_setting(settings):
    settings.YINGSHANG_DOCUMENT_LIMITS = {"max_lines": 7}
    assert safedocs.document_limits().max_lines == 7
    settings.YINGSHANG_DOCUMENT_LIMITS = {"max_line": 7}
    with pytest.raises(ValueError, match="max_line"):
        safedocs.document_limits()


# --- the budgets of the child process ---------------------------------------------------------------------


def _spin_forever():
    while True:
        pass


def _eat_memory():
    hoard = []
    while True:
        hoard.append(bytearray(16 * 1024 * 1024))


def _answer(value):
    return {"value": value, "items": list(range(3))}


def _fail_with_validation():
    from django.core.exceptions import ValidationError

    raise ValidationError("文件是空的", code="empty")


def test_the_child_returns_the_result_and_the_errors():
    assert safedocs.run_bounded(_answer, 42) == {"value": 42, "items": [0, 1, 2]}
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        safedocs.run_bounded(_fail_with_validation)
    assert caught.value.code == "empty" and caught.value.messages == ["文件是空的"]
    with pytest.raises(DocumentRefused) as caught:
        safedocs.run_bounded(safedocs.open_docx, hostile.docx_malformed_xml())
    assert caught.value.code == "xml_malformed"


def test_a_parse_that_runs_away_is_stopped_at_its_time_budget():
    started = time.monotonic()
    with pytest.raises(DocumentRefused) as caught:
        safedocs.run_bounded(_spin_forever, seconds=1, memory_bytes=0)
    assert caught.value.code == "timeout" and "1 秒" in str(caught.value)
    assert time.monotonic() - started < 3


def test_a_parse_that_eats_memory_is_stopped_at_its_memory_budget():
    started = time.monotonic()
    with pytest.raises(DocumentRefused) as caught:
        safedocs.run_bounded(_eat_memory, seconds=20, memory_bytes=128 * 1024 * 1024)
    assert caught.value.code == "memory" and "128 MB" in str(caught.value)
    assert time.monotonic() - started < FEW_SECONDS


# --- the other readers: document templates ----------------------------------------------------------------


def test_a_hostile_document_template_is_refused():
    from django.core.exceptions import ValidationError

    from yingshang.core.documents.templates import validate_template

    with pytest.raises(ValidationError, match="压缩炸弹"):
        validate_template(hostile.docx_bomb(), "template.docx")
    with pytest.raises(ValidationError, match="实体"):
        validate_template(hostile.docx_billion_laughs(), "template.docx")
    with pytest.raises(ValidationError, match="不是有效的 .docx"):
        validate_template(hostile.docx_malformed_xml(), "template.docx")
