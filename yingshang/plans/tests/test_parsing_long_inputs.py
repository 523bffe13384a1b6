"""Long inputs stay linear: an upload is parsed in the request, so work that grows with the square of a document's
length would hold a worker for minutes on a long export. Each test counts the work done, not the seconds taken, so it
holds on a loaded machine."""

from __future__ import annotations

from yingshang.plans.parsing import flat_tables

from .parsing_helpers import items_by_path


def _headerless_tab_rows(count: int) -> str:
    """A long export whose rows are tab-separated but that has no header row: no task table to read there."""
    return "\n".join(f"{n}.开展第{n}项专项检查\t区第{n % 7}检查组\t第{n % 4 + 1}季度\t已部署" for n in range(1, count + 1))


def test_a_long_run_of_tab_lines_without_a_header_is_read_once_not_once_per_line(monkeypatch):
    lines_read = 0
    section_check = flat_tables._is_section_line

    def counting(line, detect_marker):
        nonlocal lines_read
        lines_read += 1
        return section_check(line, detect_marker)

    monkeypatch.setattr(flat_tables, "_is_section_line", counting)
    count = 600
    items = items_by_path("某区2024年专项检查工作安排\n" + _headerless_tab_rows(count))

    # every row is still an item of its own (1. … 600.) ...
    assert len(items) == count
    assert items[(count,)]["text"].startswith(f"开展第{count}项专项检查")
    # ... and the rows were looked at a few times each, not once for every line before them (180,000 times)
    assert lines_read < 30 * count
